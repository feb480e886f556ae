package com.precautionfirst.query.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.query.QuerySideIntegrationTest;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Decision 0066: the processors' tokens are kept by Axon's JDBC token store, on the connection of the transaction
 * the batch runs in. So a token and the projection's rows of the same batch commit together or not at all: a
 * projection never skips a batch whose rows were rolled back, nor applies one twice after its rows committed.
 */
class TokensCommitWithTheProjectionTest extends QuerySideIntegrationTest {

    private static final String PROCESSOR = "token-test";

    @Autowired
    TokenStore tokens;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void aTokenIsStoredOnlyWithTheRowsOfItsBatch() {
        assertThat(tokens).isInstanceOf(JdbcTokenStore.class);
        jdbc.execute("CREATE TABLE token_test_row (batch INT NOT NULL)");
        TransactionTemplate transaction = new TransactionTemplate(transactions);
        transaction.executeWithoutResult(s -> {
            tokens.initializeTokenSegments(PROCESSOR, 1);
            tokens.fetchToken(PROCESSOR, 0);  // claims the segment, as a processor's thread does
            tokens.storeToken(new GlobalSequenceTrackingToken(5), PROCESSOR, 0);
        });

        transaction.executeWithoutResult(s -> {
            jdbc.update("INSERT INTO token_test_row (batch) VALUES (1)");
            tokens.storeToken(new GlobalSequenceTrackingToken(7), PROCESSOR, 0);
            s.setRollbackOnly();  // the batch's handler failed
        });
        assertThat(token()).as("rolled back with the batch's rows").isEqualTo(new GlobalSequenceTrackingToken(5));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM token_test_row", Integer.class)).isZero();

        transaction.executeWithoutResult(s -> {
            jdbc.update("INSERT INTO token_test_row (batch) VALUES (2)");
            tokens.storeToken(new GlobalSequenceTrackingToken(9), PROCESSOR, 0);
        });
        assertThat(token()).isEqualTo(new GlobalSequenceTrackingToken(9));
        assertThat(jdbc.queryForList("SELECT batch FROM token_test_row", Integer.class)).containsExactly(2);
    }

    private TrackingToken token() {
        return new TransactionTemplate(transactions).execute(s -> tokens.fetchToken(PROCESSOR, 0));
    }
}
