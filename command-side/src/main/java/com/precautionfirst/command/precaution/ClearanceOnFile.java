package com.precautionfirst.command.precaution;

import com.precautionfirst.api.vocabulary.Restrictions;
import java.time.LocalDate;
import java.util.Set;

/** What the rules need to know of one recorded clearance. */
public record ClearanceOnFile(String clearanceId, Set<String> conditionIds, LocalDate issuedOn, LocalDate validUntil,
                              Restrictions restrictions, boolean revoked) {

    public ClearanceOnFile {
        conditionIds = Set.copyOf(conditionIds);
    }

    public boolean covers(String conditionId) {
        return conditionIds.contains(conditionId);
    }

    public boolean isValidOn(LocalDate date) {
        return !revoked && !date.isBefore(issuedOn) && !date.isAfter(validUntil);
    }

    public ClearanceOnFile revoke() {
        return new ClearanceOnFile(clearanceId, conditionIds, issuedOn, validUntil, restrictions, true);
    }
}
