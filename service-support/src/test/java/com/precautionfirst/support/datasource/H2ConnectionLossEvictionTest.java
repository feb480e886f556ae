package com.precautionfirst.support.datasource;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.SQLExceptionOverride.Override;
import java.sql.SQLException;
import org.h2.api.ErrorCode;
import org.h2.message.DbException;
import org.junit.jupiter.api.Test;

class H2ConnectionLossEvictionTest {

    private final H2ConnectionLossEviction eviction = new H2ConnectionLossEviction();

    @Test
    void aConnectionThatLostItsH2DatabaseIsEvicted() {
        // as H2 reports them on a pooled connection after the process serving the file died (seen in the logs of
        // KillingTheDatabaseOwnerLosesNoAnsweredCommandIT)
        assertThat(eviction.adjudicate(h2(ErrorCode.CONNECTION_BROKEN_1, "session closed")))
                .isEqualTo(Override.MUST_EVICT);
        assertThat(eviction.adjudicate(h2(ErrorCode.DATABASE_CALLED_AT_SHUTDOWN, null)))
                .isEqualTo(Override.MUST_EVICT);
        assertThat(eviction.adjudicate(h2(ErrorCode.DATABASE_IS_CLOSED, null))).isEqualTo(Override.MUST_EVICT);
    }

    @Test
    void otherFailuresKeepTheDecisionOfThePool() {
        assertThat(eviction.adjudicate(h2(ErrorCode.DUPLICATE_KEY_1, "pk"))).isEqualTo(Override.CONTINUE_EVICT);
        assertThat(eviction.adjudicate(new SQLException("could not serialize", "40001", 0)))
                .isEqualTo(Override.CONTINUE_EVICT);
        // another driver's vendor code that happens to be one of H2's numbers
        assertThat(eviction.adjudicate(new SQLException("vendor", "HY000", 90121))).isEqualTo(Override.CONTINUE_EVICT);
    }

    private static SQLException h2(int errorCode, String parameter) {
        return (parameter == null ? DbException.get(errorCode) : DbException.get(errorCode, parameter))
                .getSQLException();
    }
}
