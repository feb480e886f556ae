package com.precautionfirst.query.deadletter;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Undoes one event's handling alone inside a running transaction, with a JDBC savepoint on that transaction's
 * connection. The projections write through the same connection (JdbcTemplate joins the JPA transaction), so
 * rolling back to the savepoint takes back everything the handler wrote; on PostgreSQL, where a failed statement
 * aborts the whole transaction, it also makes the transaction usable again, so that it can still record the dead
 * letter. Spring's nested transactions would say the same, but JpaTransactionManager with Hibernate refuses them.
 */
@Component
class Savepoints {

    private final DataSource dataSource;

    Savepoints(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs the work under a savepoint of the running transaction: kept when it returns, undone when it throws. */
    <T> T call(Callable<T> work) throws Exception {
        Transaction savepoint = savepoint();
        T result;
        try {
            result = work.call();
        } catch (Exception | Error e) {
            try {
                savepoint.rollback();
            } catch (RuntimeException rollbackFailed) {
                e.addSuppressed(rollbackFailed);
            }
            throw e;
        }
        savepoint.commit();
        return result;
    }

    /**
     * The transactions of a dead-lettering invoker: a savepoint inside a running transaction, else a new one from
     * {@code delegate}. Retrying a letter, Axon's invoker runs the whole retry in one transaction and each letter in
     * a transaction of its own inside it; as an ordinary joined transaction, a letter that failed again would mark
     * the retry's transaction rollback-only, so that neither the letters projected before it nor the failure's
     * cause were kept.
     */
    TransactionManager transactionManager(TransactionManager delegate) {
        return () -> TransactionSynchronizationManager.isActualTransactionActive()
                ? savepoint()
                : delegate.startTransaction();
    }

    private Transaction savepoint() {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        Savepoint savepoint;
        try {
            savepoint = connection.setSavepoint();
        } catch (SQLException e) {
            DataSourceUtils.releaseConnection(connection, dataSource);
            throw new IllegalStateException("cannot set a savepoint", e);
        }
        return new Transaction() {
            @Override
            public void commit() {
                end(() -> connection.releaseSavepoint(savepoint));
            }

            @Override
            public void rollback() {
                end(() -> connection.rollback(savepoint));
            }

            private void end(SqlAction action) {
                try {
                    action.run();
                } catch (SQLException e) {
                    throw new IllegalStateException("cannot end a savepoint", e);
                } finally {
                    DataSourceUtils.releaseConnection(connection, dataSource);
                }
            }
        };
    }

    private interface SqlAction {
        void run() throws SQLException;
    }
}
