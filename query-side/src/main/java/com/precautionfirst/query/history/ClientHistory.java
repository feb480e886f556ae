package com.precautionfirst.query.history;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A client's record as the history endpoint answers it. */
public record ClientHistory(String clientId, String name, LocalDate dateOfBirth, Instant registeredAt,
                            List<Object> conditions, List<Object> clearances, List<Object> sessions) {
}
