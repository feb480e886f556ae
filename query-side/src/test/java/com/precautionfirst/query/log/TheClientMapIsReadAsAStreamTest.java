package com.precautionfirst.query.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.precautionfirst.testsupport.PostgresDatabase;
import com.precautionfirst.verifier.Checkpoint;
import com.precautionfirst.verifier.ClientChain;
import com.precautionfirst.verifier.ClientMap;
import com.precautionfirst.verifier.Hex;
import com.precautionfirst.verifier.StreamedClientMap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Decision 0065: the client map is read from the database as one stream of heads in the map's order, the bytes of
 * the UTF-8 ids, on H2 and on PostgreSQL; and in memory that does not grow with the number of clients, so that the
 * query side signs the map of a million clients in a small heap.
 */
class TheClientMapIsReadAsAStreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EMOJI = new String(Character.toChars(0x1F600));
    // "\uFF21" (EF BC A1) before the emoji (F0 9F 98 80) in UTF-8, after it in Java's UTF-16 order; "Zoe" before
    // "a" before "ab" before "b-1" before "zoë" before "é" (C3 A9) in bytes, whatever a locale would say
    private static final List<String> IDS = List.of("zoë", "Zoe", "\uFF21", EMOJI, "a", "ab", "é", "b-1");

    @Test
    void onH2IdsBeyondAsciiAreMappedInTheOrderOfTheirBytes() {
        try (LogOnADatabase db = LogOnADatabase.h2()) {
            signsAndProvesInTheOrderOfTheBytes(db);
        }
    }

    @Test
    void onPostgresIdsBeyondAsciiAreMappedInTheOrderOfTheirBytes() throws SQLException {
        PostgresDatabase database = new PostgresDatabase();
        database.create();
        try (LogOnADatabase db = new LogOnADatabase(database.url(), database.user(), database.password(),
                "postgresql")) {
            signsAndProvesInTheOrderOfTheBytes(db);
        } finally {
            database.drop();
        }
    }

    private void signsAndProvesInTheOrderOfTheBytes(LogOnADatabase db) {
        for (String id : IDS) {
            db.event(id, payload(id));
        }
        Checkpoint first = db.checkpoint();
        ClientMap expected = ClientMap.of(db.headsFromTheEvents(first.treeSize()));
        assertThat(expected.heads()).extracting(ClientChain.Head::clientId)
                .containsExactly("Zoe", "a", "ab", "b-1", "zoë", "é", "\uFF21", EMOJI);
        assertThat(first.clients()).isEqualTo(IDS.size());
        assertThat(first.clientMapRoot()).isEqualTo(Hex.encode(expected.root()));
        StreamedClientMap streamed = db.chains.mapAt(first.treeSize(), IDS);
        for (String id : IDS) {
            assertThat(streamed.proof(id)).as(id).isEqualTo(expected.proof(id, first.treeSize()));
        }

        // the next checkpoint leads from this map: some clients moved on, one is new
        for (String id : List.of(EMOJI, "a", "é", "new")) {
            db.event(id, payload(id));
        }
        Checkpoint next = db.checkpoint();
        assertThat(next.treeSize()).isEqualTo(first.treeSize() + 4);
        assertThat(next.clients()).isEqualTo(IDS.size() + 1);
        assertThat(next.clientMapRoot()).isEqualTo(Hex.encode(ClientMap.root(db.headsFromTheEvents(next.treeSize()))));
        assertThat(db.issuer.refusals()).isEmpty();
        assertThat(Hex.encode(db.chains.mapAt(first.treeSize()).root())).as("the earlier map, read again")
                .isEqualTo(first.clientMapRoot());
    }

    /**
     * The issuer reads the tree size, then the heads: a batch the log commits in between puts entries past the size.
     * The maps as of both sizes still are those of the events below them, and the chains still lead from one to
     * the other.
     */
    @Test
    void entriesLoggedPastTheSizeChangeNeitherMap() {
        try (LogOnADatabase db = LogOnADatabase.h2()) {
            for (String id : List.of("ann", "bob", "ann")) {
                db.event(id, payload(id));
            }
            Checkpoint earlier = db.checkpoint();
            for (String id : List.of("bob", "cy", "ann")) {
                db.event(id, payload(id));
            }
            long size = db.store.size();
            for (String id : List.of("ann", "bob", "dee")) {  // committed after the size was read
                db.event(id, payload(id));
            }

            ClientChains.Lead lead = db.chains.lead(earlier.treeSize(), size);
            assertThat(lead.broken()).isNull();
            assertThat(Hex.encode(lead.earlier().root())).isEqualTo(earlier.clientMapRoot());
            assertThat(lead.earlier().clients()).isEqualTo(2);
            assertThat(lead.later().root()).isEqualTo(ClientMap.root(db.headsFromTheEvents(size)));
            assertThat(lead.later().clients()).isEqualTo(3);
        }
    }

    /**
     * 300,000 clients on PostgreSQL, their heads written by hand; the map is read in another JVM with a 32 MB heap.
     * Built in memory, the heads and their tree take about 80 MB.
     */
    @Test
    void theMapOfManyClientsIsReadInASmallHeap() throws Exception {
        int clients = 300_000;
        PostgresDatabase database = new PostgresDatabase();
        database.create();
        try (LogOnADatabase db = new LogOnADatabase(database.url(), database.user(), database.password(),
                "postgresql"); Connection connection = database.connect();
             Statement sql = connection.createStatement()) {
            sql.execute("SET session_replication_role = replica");  // only to write 300,000 rows quickly
            sql.execute("INSERT INTO log_client_entry (client_id, client_seq, leaf_index, entry, chain_hash) "
                    + "SELECT 'c-' || md5(g::text), 1 + g % 3, g, '\\x01'::bytea, sha256(convert_to(g::text, 'UTF8')) "
                    + "FROM generate_series(0, " + (clients - 1) + ") g");
            sql.execute("INSERT INTO log_client_head (client_id, entry_count, chain_hash, last_leaf_index) "
                    + "SELECT client_id, client_seq, chain_hash, leaf_index FROM log_client_entry");
            List<ClientChain.Head> heads = new ArrayList<>();
            new JdbcTemplate(db.dataSource).query("SELECT client_id, entry_count, chain_hash FROM log_client_head",
                    rs -> {
                        heads.add(new ClientChain.Head(rs.getString(1), rs.getLong(2), rs.getBytes(3)));
                    });
            String expected = clients + " " + Hex.encode(ClientMap.root(heads));

            Process process = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-Xmx32m",
                    "-cp", System.getProperty("java.class.path"), MapOfTheDatabase.class.getName(), database.url(),
                    database.user(), String.valueOf(clients)).redirectErrorStream(true).start();
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the map is read within 2 minutes").isTrue();
            String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(process.exitValue()).as(printed).isZero();
            assertThat(printed).endsWith(expected);
        } finally {
            database.drop();
        }
    }

    /** A round reads every head: after a round of 2 s (on this clock) the scheduled rounds wait 8 s more. */
    @Test
    void aLongRoundIsFollowedByAPauseFourTimesAsLong() {
        try (LogOnADatabase db = LogOnADatabase.h2()) {
            SteppingClock clock = new SteppingClock();
            CheckpointIssuer issuer = new CheckpointIssuer(db.store, db.chains, db.checkpoints, db.key, db.jdbc,
                    db.transactions, clock);
            db.event("ann", payload("ann"));
            issuer.onSchedule();  // reads the clock at 0 s (start), 1 s (signed at), 2 s (end): next round at 10 s
            assertThat(db.checkpoints.latest()).get().extracting(Checkpoint::treeSize).isEqualTo(1L);

            db.event("bob", payload("bob"));
            issuer.onSchedule();  // 3 s
            assertThat(db.checkpoints.latest()).get().extracting(Checkpoint::treeSize).as("paused").isEqualTo(1L);
            clock.now = Instant.EPOCH.plusSeconds(10);
            issuer.onSchedule();
            assertThat(db.checkpoints.latest()).get().extracting(Checkpoint::treeSize).isEqualTo(2L);
        }
    }

    /** A clock that moves on by a second each time it is read. */
    private static final class SteppingClock extends Clock {
        Instant now = Instant.EPOCH;

        @Override
        public Instant instant() {
            Instant read = now;
            now = now.plusSeconds(1);
            return read;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    private static String payload(String clientId) {
        try {
            return JSON.writeValueAsString(Map.of("clientId", clientId));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Prints the count and root of the client map of a database as of a tree size: run in a JVM of its own. */
    public static final class MapOfTheDatabase {
        public static void main(String[] args) {
            DriverManagerDataSource dataSource = new DriverManagerDataSource(args[0], args[1], "");
            ClientChains chains = new ClientChains(new JdbcTemplate(dataSource),
                    new DataSourceTransactionManager(dataSource));
            StreamedClientMap map = chains.mapAt(Long.parseLong(args[2]));
            System.out.println(map.clients() + " " + Hex.encode(map.root()));
        }
    }
}
