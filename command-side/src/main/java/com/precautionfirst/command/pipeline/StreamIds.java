package com.precautionfirst.command.pipeline;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Clients and sessions share one namespace of stream ids (docs/decisions/0034): an id names at most one record of
 * either kind, so an id never leads to a record of the wrong kind.
 */
@Repository
public class StreamIds {

    private final JdbcTemplate jdbc;

    public StreamIds(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** @throws IdAlreadyUsedException when any record already has this id */
    void requireUnused(String id) {
        Integer used = jdbc.queryForObject("SELECT COUNT(*) FROM domain_event_entry"
                + " WHERE aggregate_identifier = ? AND sequence_number = 0", Integer.class, id);
        if (used != null && used > 0) {
            throw new IdAlreadyUsedException(id);
        }
    }
}
