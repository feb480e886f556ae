package com.precautionfirst.support.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.precautionfirst.support.database.JavaMigrations;
import com.precautionfirst.testsupport.PostgresDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Decision 0041 on a real PostgreSQL: the event store and the signed log refuse UPDATE, DELETE and TRUNCATE to
 * every role, the owner included (V56's triggers, V73's for the client chains, V75's for the logged insurance
 * records); the application role of {@code docker/app-role.sql} lacks those privileges as well, so it is refused even
 * with the triggers off (V57, V73, V75, the script). A client's head, which moves with its chain, only moves forward
 * to the chain's last entry and is never removed (V73). And what is still possible: a superuser who switches the
 * triggers off changes an event, which only the signed checkpoints then reveal.
 */
class TheHistoryIsAppendOnlyOnPostgresTest {

    @RegisterExtension
    static final PostgresDatabase DB = new PostgresDatabase();

    /** The append-only tables: how a row of each is appended, and the first row (key 1) changed. */
    enum History {
        DOMAIN_EVENT_ENTRY("INSERT INTO domain_event_entry (global_index, aggregate_identifier, sequence_number, type,"
                + " event_identifier, payload, payload_type, time_stamp) VALUES (%1$d, 'client-%1$d', 0, 'Client',"
                + " 'event-%1$d', '\\x7b7d', 'ClientRegistered', '2026-01-01T00:00:00Z')",
                "UPDATE domain_event_entry SET payload_type = 'Forged' WHERE global_index = 1"),
        LOG_LEAF("INSERT INTO log_leaf (leaf_index, event_identifier, leaf_hash) VALUES (%1$d, 'event-%1$d', '\\x00')",
                "UPDATE log_leaf SET leaf_hash = '\\xff' WHERE leaf_index = 1"),
        LOG_NODE("INSERT INTO log_node (tree_level, node_index, hash) VALUES (0, %1$d, '\\x00')",
                "UPDATE log_node SET hash = '\\xff' WHERE node_index = 1"),
        LOG_CHECKPOINT("INSERT INTO log_checkpoint (checkpoint_number, tree_size, root_hash, issued_at, key_id,"
                + " signature, access_log_head, access_log_position) VALUES (%1$d, %1$d, repeat('a', 64),"
                + " '2026-01-01T00:00:00Z', 'test-key', repeat('b', 128), repeat('c', 64), 0)",
                "UPDATE log_checkpoint SET root_hash = repeat('0', 64) WHERE checkpoint_number = 1"),
        LOG_CLIENT_ENTRY("INSERT INTO log_client_entry (client_id, client_seq, leaf_index, entry, chain_hash) VALUES"
                + " ('client-%1$d', 1, %1$d, '\\x01', '\\x00')",
                "UPDATE log_client_entry SET entry = '\\xff' WHERE leaf_index = 1"),
        LOG_CLIENT_INSURANCE("INSERT INTO log_client_insurance (leaf_index, client_id, insurer_id, consent) VALUES"
                + " (%1$d, 'client-%1$d', 'INS-X', TRUE)",
                "UPDATE log_client_insurance SET consent = FALSE WHERE leaf_index = 1");

        final String insert;
        final String update;

        History(String insert, String update) {
            this.insert = insert;
            this.update = update;
        }

        String table() {
            return name().toLowerCase();
        }

        String insert(long key) {
            return String.format(insert, key);
        }

        List<String> changes() {
            return List.of(update, "DELETE FROM " + table(), "TRUNCATE " + table());
        }
    }

    /**
     * The schema as the services migrate it on PostgreSQL, with UPDATE, DELETE and TRUNCATE granted to PUBLIC by
     * hand before V57 (which takes them back), and a first row in each append-only table.
     */
    @BeforeAll
    static void migrateAndAppend() throws SQLException {
        migrate("56");
        execute("GRANT UPDATE, DELETE, TRUNCATE ON domain_event_entry, log_leaf, log_node, log_checkpoint TO PUBLIC");
        migrate("72");
        execute("GRANT UPDATE, DELETE, TRUNCATE ON log_client_entry, log_client_head TO PUBLIC");
        migrate("74");
        execute("GRANT UPDATE, DELETE, TRUNCATE ON log_client_insurance TO PUBLIC");
        migrate("latest");
        for (History table : History.values()) {
            execute(table.insert(1));
        }
    }

    static void migrate(String target) {
        Flyway.configure().dataSource(DB.url(), DB.user(), DB.password())
                .locations("classpath:db/migration", "classpath:db/vendor/postgresql")
                .javaMigrations(JavaMigrations.all()).target(target).load().migrate();
    }

    @ParameterizedTest
    @EnumSource(History.class)
    void theOwnerCanNeitherChangeNorRemoveARow(History table) throws SQLException {
        try (Connection owner = DB.connect()) {
            List<String> before = rows(owner, table);
            for (String change : table.changes()) {
                assertThatThrownBy(() -> owner.createStatement().execute(change)).as(change)
                        .isInstanceOfSatisfying(SQLException.class, e -> {
                            assertThat(e.getSQLState()).isEqualTo("42501");
                            assertThat(e.getMessage()).contains(table.table() + " is append-only");
                        });
            }
            assertThat(rows(owner, table)).isEqualTo(before).isNotEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(History.class)
    void theOwnerStillAppends(History table) throws SQLException {
        try (Connection owner = DB.connect()) {
            int before = rows(owner, table).size();
            owner.createStatement().execute(table.insert(2));
            assertThat(rows(owner, table)).hasSize(before + 1);
        }
    }

    @Test
    void noRoleMayChangeHistoryThroughPublic() throws SQLException {
        try (Connection c = DB.connect()) {
            for (History table : History.values()) {
                for (String privilege : List.of("UPDATE", "DELETE", "TRUNCATE")) {
                    ResultSet rs = c.createStatement().executeQuery("SELECT has_table_privilege('public', '"
                            + table.table() + "', '" + privilege + "')");
                    rs.next();
                    assertThat(rs.getBoolean(1)).as("PUBLIC may %s %s", privilege, table.table()).isFalse();
                }
            }
            for (String privilege : List.of("DELETE", "TRUNCATE")) {
                ResultSet rs = c.createStatement().executeQuery("SELECT has_table_privilege('public', "
                        + "'log_client_head', '" + privilege + "')");
                rs.next();
                assertThat(rs.getBoolean(1)).as("PUBLIC may %s log_client_head", privilege).isFalse();
            }
        }
    }

    @Test
    void theAppRoleMayOnlyAppendHistoryEvenWithTheTriggersOff() throws Exception {
        AppRoleScript app = new AppRoleScript();
        try {
            app.runOn(DB);
            // the triggers out of the way, as a superuser could: the privileges alone must refuse
            for (History table : History.values()) {
                execute("ALTER TABLE " + table.table() + " DISABLE TRIGGER USER");
            }
            try (Connection owner = DB.connect(); Connection service = app.connect(DB)) {
                for (History table : History.values()) {
                    List<String> before = rows(owner, table);
                    for (String change : table.changes()) {
                        assertThatThrownBy(() -> service.createStatement().execute(change)).as(change)
                                .isInstanceOfSatisfying(SQLException.class, e -> {
                                    assertThat(e.getSQLState()).isEqualTo("42501");
                                    assertThat(e.getMessage()).contains("permission denied");
                                });
                    }
                    assertThat(rows(owner, table)).as(table.table()).isEqualTo(before);

                    service.createStatement().execute(table.insert(3));
                    assertThat(rows(service, table)).as("what the service reads").hasSize(before.size() + 1);
                }
                // everything else is the services' to change, and the event store's sequence theirs to draw from
                Statement s = service.createStatement();
                assertThat(s.executeUpdate("UPDATE access_log_head SET last_position = last_position WHERE id = 1"))
                        .isEqualTo(1);
                s.execute("INSERT INTO token_entry (processor_name, segment) VALUES ('test', 0)");
                assertThat(s.executeUpdate("UPDATE token_entry SET owner = 'me' WHERE processor_name = 'test'"))
                        .isEqualTo(1);
                assertThat(s.executeUpdate("DELETE FROM token_entry WHERE processor_name = 'test'")).isEqualTo(1);
                assertThat(s.execute("SELECT nextval('domain_event_global_index_seq')")).isTrue();
            }
        } finally {
            for (History table : History.values()) {
                execute("ALTER TABLE " + table.table() + " ENABLE TRIGGER USER");
            }
            app.drop(DB);
        }
    }

    @Test
    void aClientHeadOnlyMovesForwardToTheLastEntryOfItsChain() throws SQLException {
        execute(entry("head-a", 1, 101, "11"));
        execute(entry("head-a", 2, 102, "22"));
        try (Connection owner = DB.connect()) {
            Statement s = owner.createStatement();
            for (String wrong : List.of(head("head-a", 2, "99", 102), head("head-a", 2, "22", 101),
                    head("head-a", 1, "11", 101), head("head-a", 3, "22", 102))) {
                assertThatThrownBy(() -> s.execute(wrong)).as(wrong).isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("42501");
                    assertThat(e.getMessage()).contains("log_client_head must be the last entry of the client's chain");
                });
            }
            s.execute(head("head-a", 2, "22", 102));
            execute(entry("head-a", 3, 103, "33"));
            assertThat(s.executeUpdate("UPDATE log_client_head SET entry_count = 3, chain_hash = '\\x33', "
                    + "last_leaf_index = 103 WHERE client_id = 'head-a'")).isEqualTo(1);

            for (String change : List.of("UPDATE log_client_head SET entry_count = 2, chain_hash = '\\x22', "
                    + "last_leaf_index = 102 WHERE client_id = 'head-a'", "DELETE FROM log_client_head",
                    "TRUNCATE log_client_head")) {
                assertThatThrownBy(() -> s.execute(change)).as(change).isInstanceOfSatisfying(SQLException.class,
                        e -> assertThat(e.getSQLState()).isEqualTo("42501"));
            }
            ResultSet rs = s.executeQuery("SELECT entry_count FROM log_client_head WHERE client_id = 'head-a'");
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(3);
        }
    }

    @Test
    void theAppRoleMovesClientHeadsButNeverRemovesThemEvenWithTheTriggersOff() throws Exception {
        execute(entry("head-b", 1, 201, "11"));
        execute(head("head-b", 1, "11", 201));
        AppRoleScript app = new AppRoleScript();
        try {
            app.runOn(DB);
            execute("ALTER TABLE log_client_head DISABLE TRIGGER USER");
            try (Connection service = app.connect(DB)) {
                Statement s = service.createStatement();
                for (String change : List.of("DELETE FROM log_client_head", "TRUNCATE log_client_head")) {
                    assertThatThrownBy(() -> s.execute(change)).as(change).isInstanceOfSatisfying(SQLException.class,
                            e -> assertThat(e.getMessage()).contains("permission denied"));
                }
                assertThat(s.executeUpdate("UPDATE log_client_head SET last_leaf_index = 201 WHERE client_id = "
                        + "'head-b'")).isEqualTo(1);
            }
        } finally {
            execute("ALTER TABLE log_client_head ENABLE TRIGGER USER");
            app.drop(DB);
        }
    }

    private static String entry(String client, long seq, long leaf, String chainHex) {
        return "INSERT INTO log_client_entry (client_id, client_seq, leaf_index, entry, chain_hash) VALUES ('" + client
                + "', " + seq + ", " + leaf + ", '\\x01', '\\x" + chainHex + "')";
    }

    private static String head(String client, long count, String chainHex, long leaf) {
        return "INSERT INTO log_client_head (client_id, entry_count, chain_hash, last_leaf_index) VALUES ('" + client
                + "', " + count + ", '\\x" + chainHex + "', " + leaf + ")";
    }

    /** What README "Append-only history" says a superuser can still do; the signed checkpoints catch it. */
    @Test
    void aSuperuserStillRewritesAnEventWithTheTriggersSwitchedOffForItsSession() throws SQLException {
        execute(History.DOMAIN_EVENT_ENTRY.insert(9));
        try (Connection superuser = DB.connect()) {
            Statement s = superuser.createStatement();
            s.execute("SET session_replication_role = replica");

            assertThat(s.executeUpdate("UPDATE domain_event_entry SET payload_type = 'Forged' WHERE global_index = 9"))
                    .isEqualTo(1);
            ResultSet rs = s.executeQuery("SELECT payload_type FROM domain_event_entry WHERE global_index = 9");
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("Forged");

            s.execute("RESET session_replication_role");
            assertThatThrownBy(() -> s.executeUpdate("UPDATE domain_event_entry SET payload_type = 'Again'"
                    + " WHERE global_index = 9")).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("42501"));
        }
    }

    static List<String> rows(Connection c, History table) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = c.createStatement()
                .executeQuery("SELECT t::text FROM " + table.table() + " t ORDER BY 1")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    static void execute(String sql) throws SQLException {
        try (Connection c = DB.connect()) {
            c.createStatement().execute(sql);
        }
    }
}
