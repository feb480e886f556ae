package com.precautionfirst.support.datasource;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;
import java.util.Set;

/**
 * Tells the connection pool that an H2 connection which lost its database is dead. With the embedded default's
 * {@code AUTO_SERVER} one process serves the file to the other over TCP; when that process dies, a connection in a
 * transaction cannot reconnect and stays closed, and H2 reports it with its own error codes, which HikariCP does not
 * recognise (it evicts on SQLState {@code 08xxx}). Such a connection went back to the pool and, since the pool hands
 * out its first idle connection and validates only connections idle for more than 500 ms, a service receiving two
 * or more requests a second was given the same dead connection again and again and answered 500 indefinitely
 * (seen in {@code KillingTheDatabaseOwnerLosesNoAnsweredCommandIT}). Evicting it lets the next request open a new
 * connection, which takes the file over or joins the new owner. Other codes (PostgreSQL has none of these) keep
 * HikariCP's own decision.
 */
public class H2ConnectionLossEviction implements SQLExceptionOverride {

    /** H2 {@code ErrorCode}: CONNECTION_BROKEN_1, DATABASE_IS_CLOSED, DATABASE_CALLED_AT_SHUTDOWN. */
    private static final Set<Integer> CONNECTION_LOST = Set.of(90067, 90098, 90121);

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        return CONNECTION_LOST.contains(e.getErrorCode()) && isH2State(e.getSQLState())
                ? Override.MUST_EVICT : Override.CONTINUE_EVICT;
    }

    /** H2 reports these codes as their own SQLState, so a code alone from another driver never matches. */
    private static boolean isH2State(String sqlState) {
        return sqlState != null && CONNECTION_LOST.contains(parse(sqlState));
    }

    private static int parse(String sqlState) {
        try {
            return Integer.parseInt(sqlState);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
