package com.precautionfirst.support.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.testsupport.PostgresDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Flyway schema, run on a real PostgreSQL, is what the production profile needs. */
class EventStoreSchemaOnPostgresTest {

    @RegisterExtension
    static final PostgresDatabase DB = new PostgresDatabase();

    @BeforeAll
    static void migrate() {
        Flyway.configure().dataSource(DB.url(), DB.user(), DB.password()).locations("classpath:db/migration")
                .load().migrate();
    }

    @Test
    void axonsTablesExist() throws SQLException {
        assertThat(strings("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"))
                .contains("domain_event_entry", "snapshot_event_entry", "token_entry", "saga_entry",
                        "association_value_entry", "dead_letter_entry");
    }

    @Test
    void serializedColumnsAreByteaNeverLargeObjects() throws SQLException {
        Map<String, String> types = new HashMap<>();
        try (Connection c = DB.connect(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public'")) {
            while (rs.next()) {
                types.put(rs.getString(1) + "." + rs.getString(2), rs.getString(3));
            }
        }
        assertThat(types).containsEntry("domain_event_entry.payload", "bytea")
                .containsEntry("domain_event_entry.meta_data", "bytea")
                .containsEntry("snapshot_event_entry.payload", "bytea")
                .containsEntry("snapshot_event_entry.meta_data", "bytea")
                .containsEntry("token_entry.token", "bytea")
                .containsEntry("saga_entry.serialized_saga", "bytea")
                .containsEntry("dead_letter_entry.payload", "bytea")
                .containsEntry("dead_letter_entry.token", "bytea")
                .containsEntry("dead_letter_entry.meta_data", "bytea")
                .containsEntry("dead_letter_entry.diagnostics", "bytea");
        assertThat(types).as("no large objects anywhere in the schema").doesNotContainValue("oid");
    }

    /**
     * Axon's dead-letter entity maps its instants as {@code Instant}, which Hibernate binds with a time zone; into
     * a plain {@code timestamp} PostgreSQL would shift them by the session's zone (V66).
     */
    @Test
    void theDeadLettersInstantsKeepTheirTimeZone() throws SQLException {
        assertThat(strings("SELECT column_name || ' ' || data_type FROM information_schema.columns "
                + "WHERE table_name = 'dead_letter_entry' AND column_name IN "
                + "('enqueued_at', 'last_touched', 'processing_started') ORDER BY column_name"))
                .containsExactly("enqueued_at timestamp with time zone", "last_touched timestamp with time zone",
                        "processing_started timestamp with time zone");
    }

    @Test
    void theGlobalIndexHasItsOwnSequenceWithIncrementOne() throws SQLException {
        assertThat(strings("SELECT increment FROM information_schema.sequences "
                + "WHERE sequence_name = 'domain_event_global_index_seq'")).containsExactly("1");
    }

    private static List<String> strings(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = DB.connect(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
