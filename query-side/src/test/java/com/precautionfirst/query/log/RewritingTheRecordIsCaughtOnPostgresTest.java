package com.precautionfirst.query.log;

import com.precautionfirst.testsupport.PostgresDatabase;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;

/**
 * The attacks on PostgreSQL, each on a database of its own, by a superuser who switches the append-only triggers
 * off for the session (session_replication_role = replica) before editing.
 */
class RewritingTheRecordIsCaughtOnPostgresTest extends RewritingTheRecordIsCaught {

    private PostgresDatabase database;

    @Override
    LogOnADatabase open() {
        database = new PostgresDatabase();
        try {
            database.create();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new LogOnADatabase(database.url(), database.user(), database.password(), "postgresql");
    }

    @Override
    boolean postgres() {
        return true;
    }

    @AfterEach
    void dropTheDatabase() throws SQLException {
        db.close();
        database.drop();
    }
}
