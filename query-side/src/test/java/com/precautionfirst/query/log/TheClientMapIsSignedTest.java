package com.precautionfirst.query.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.query.store.EventStoreRows;
import com.precautionfirst.support.database.JavaMigrations;
import com.precautionfirst.verifier.Checkpoint;
import com.precautionfirst.verifier.Checkpoints;
import com.precautionfirst.verifier.ClientChain;
import com.precautionfirst.verifier.ClientEntry;
import com.precautionfirst.verifier.ClientMap;
import com.precautionfirst.verifier.ClientMapProof;
import com.precautionfirst.verifier.Hex;
import com.precautionfirst.verifier.IncrementalTree;
import com.precautionfirst.verifier.Problem;
import com.precautionfirst.verifier.StreamedClientMap;
import com.precautionfirst.verifier.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Decision 0060 on the embedded database: the checkpoints the service issues sign, in format v2, the client map the
 * verifier module computes from the stored events; a client's map proof, read from the chain tables as of any
 * signed tree size, verifies against that checkpoint for exactly the client's entries; the events logged before the
 * chains existed are chained by V72; and a stored checkpoint of format v1 stays valid beside those of v2.
 */
class TheClientMapIsSignedTest {

    LogOnADatabase db;

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    /** Three clients and a user account's event, interleaved, a checkpoint after each event. */
    private List<Checkpoint> interleaved() {
        db = LogOnADatabase.h2();
        List<Checkpoint> issued = new ArrayList<>();
        for (String client : List.of("ann", "bob", "ann", "-user", "bob", "cy", "bob", "ann", "bob")) {
            if (client.equals("-user")) {
                db.log(store("user-event", "user:carol", "{\"userId\":\"carol\",\"role\":\"THERAPIST\"}"));
            } else {
                db.event(client, "{\"clientId\":\"" + client + "\",\"sessionId\":\"" + client + "-s1\"}");
            }
            issued.add(db.checkpoint());
        }
        return issued;
    }

    @Test
    void everyCheckpointSignsTheMapTheVerifierComputesFromTheEventsAndAnExportRecomputesItLater() {
        List<Checkpoint> issued = interleaved();
        for (Checkpoint checkpoint : issued) {
            List<ClientChain.Head> heads = db.headsFromTheEvents(checkpoint.treeSize());
            assertThat(checkpoint.clients()).as("tree size %d", checkpoint.treeSize()).isEqualTo((long) heads.size());
            assertThat(checkpoint.clientMapRoot()).as("tree size %d", checkpoint.treeSize())
                    .isEqualTo(Hex.encode(ClientMap.root(heads)));
            StreamedClientMap asOfThen = db.chains.mapAt(checkpoint.treeSize());
            assertThat(Hex.encode(asOfThen.root())).as("recomputed from the chain tables after later events, tree size "
                    + checkpoint.treeSize()).isEqualTo(checkpoint.clientMapRoot());
            assertThat(Checkpoints.verify(checkpoint, db.key.trusted().values())).isEqualTo(Verdict.ok());
        }
        assertThat(issued).extracting(Checkpoint::clients).containsExactly(1L, 2L, 2L, 2L, 2L, 3L, 3L, 3L, 3L);
        assertThat(db.verify()).isEqualTo(Verdict.ok());
    }

    @Test
    void aClientsMapProofVerifiesAgainstItsCheckpointForExactlyItsEntries() {
        List<Checkpoint> issued = interleaved();
        Checkpoint older = issued.get(4);  // bob has 2 entries at tree size 5, and 4 at tree size 9
        Checkpoint newest = issued.get(8);
        for (Checkpoint checkpoint : List.of(older, newest)) {
            long size = checkpoint.treeSize();
            ClientMapProof proof = db.chains.mapAt(size, Set.of("bob")).proof("bob").orElseThrow();
            List<ClientEntry> entries = db.chains.entries("bob", size);

            assertThat(proof.verify(checkpoint)).as("tree size %d", size).isEqualTo(Verdict.ok());
            assertThat(entries).isEqualTo(entriesFromTheEvents("bob", size));
            ClientChain.Head head = ClientChain.Head.start("bob");
            for (ClientEntry entry : entries) {
                head = head.then(entry);
            }
            assertThat(proof.count()).isEqualTo(head.count()).isEqualTo(entries.size());
            assertThat(proof.head()).isEqualTo(Hex.encode(head.chainHash()));
        }
        assertThat(db.chains.entries("bob", older.treeSize())).hasSize(2);

        ClientMapProof proof = db.chains.mapAt(older.treeSize(), Set.of("bob")).proof("bob").orElseThrow();
        assertThat(proof.verify(newest).valid()).as("against another checkpoint").isFalse();
        for (ClientMapProof wrong : List.of(
                new ClientMapProof("bob", proof.treeSize(), proof.index(), proof.clients(), proof.count() - 1,
                        proof.head(), proof.path()),
                new ClientMapProof("bob", proof.treeSize(), proof.index(), proof.clients(), proof.count() + 1,
                        proof.head(), proof.path()),
                new ClientMapProof("bob", proof.treeSize(), proof.index(), proof.clients(), proof.count(),
                        db.chains.mapAt(newest.treeSize(), Set.of("bob")).proof("bob").orElseThrow().head(),
                        proof.path()),
                new ClientMapProof("ann", proof.treeSize(), proof.index(), proof.clients(), proof.count(),
                        proof.head(), proof.path()))) {
            assertThat(wrong.verify(older).problems()).as("%s", wrong).extracting(Problem::what).singleElement()
                    .asString().contains("does not verify against the client map of the checkpoint of tree size 5");
        }
        assertThat(db.chains.mapAt(issued.get(4).treeSize(), Set.of("cy")).proof("cy"))
                .as("cy's first event is leaf 5").isEmpty();
    }

    @Test
    void aStoredCheckpointOfFormatV1IsFollowedByOneOfV2AndBothVerify() {
        db = LogOnADatabase.h2();
        db.event("ann", "{\"clientId\":\"ann\"}");
        long size = db.store.size();
        String root = Hex.encode(db.store.withNodes(source -> com.precautionfirst.verifier.MerkleTree.root(size,
                source)));
        Checkpoint v1 = Checkpoints.sign(size, root, "2026-11-25T10:00:00Z", "0".repeat(64), db.key.privateKey());
        db.checkpoints.add(v1, 0);
        assertThat(db.checkpoints.latest()).contains(v1);

        Checkpoint v2 = db.checkpoint();
        assertThat(v2.treeSize()).isEqualTo(size);
        assertThat(v2.clients()).isEqualTo(1L);
        assertThat(db.checkpoints.latest()).contains(v2);
        assertThat(db.verify(v1, v2)).isEqualTo(Verdict.ok());
    }

    /** A log written before V72: its events are chained by the migration, as the log would have chained them. */
    @Test
    void eventsLoggedBeforeTheChainsExistedAreChainedByTheMigration() {
        String url = LogOnADatabase.h2Url();
        DriverManagerDataSource before = new DriverManagerDataSource(url, "sa", "");
        Flyway.configure().dataSource(before).locations("classpath:db/migration", "classpath:db/vendor/h2")
                .javaMigrations(JavaMigrations.all()).target("67").load().migrate();
        JdbcTemplate old = new JdbcTemplate(before);
        IncrementalTree tree = new IncrementalTree();
        String[] clients = {"ann", "bob", "ann", "user:carol", "bob"};
        for (int i = 0; i < clients.length; i++) {
            String payload = clients[i].startsWith("user:") ? "{\"userId\":\"carol\"}"
                    : "{\"clientId\":\"" + clients[i] + "\",\"note\":" + i + "}";
            LogOnADatabase.storeAndLogAsBefore(old, tree, clients[i], i, "old-" + i, LogOnADatabase.NOTE, payload);
        }

        db = new LogOnADatabase(url, "sa", "", "h2");
        assertThat(db.headsFromTheEvents(5)).extracting(ClientChain.Head::count).containsExactly(2L, 2L);
        assertThat(db.chains.mapAt(5).root()).isEqualTo(ClientMap.root(db.headsFromTheEvents(5)));
        assertThat(db.chains.entries("bob", 5)).isEqualTo(entriesFromTheEvents("bob", 5));
        db.event("bob", "{\"clientId\":\"bob\",\"note\":5}");
        Checkpoint checkpoint = db.checkpoint();
        assertThat(checkpoint.clientMapRoot()).isEqualTo(Hex.encode(ClientMap.root(db.headsFromTheEvents(6))));
        assertThat(db.chains.entries("bob", 6)).extracting(ClientEntry::leafIndex).containsExactly(1L, 4L, 5L);
        assertThat(db.verify()).isEqualTo(Verdict.ok());
    }

    /** The client's entries recomputed by the verifier's code from the stored events of the first leaves. */
    private List<ClientEntry> entriesFromTheEvents(String clientId, long treeSize) {
        List<ClientEntry> entries = new ArrayList<>();
        db.jdbc.query("SELECT l.leaf_index, " + EventStoreRows.columnsOf("e") + " FROM log_leaf l JOIN "
                + "domain_event_entry e ON e.event_identifier = l.event_identifier WHERE l.leaf_index < ? "
                + "ORDER BY l.leaf_index", rs -> {
                    ClientEntry.of(LogStore.logEvent(EventStoreRows.row(rs, 2)), rs.getLong(1))
                            .filter(e -> e.clientId().equals(clientId)).ifPresent(entries::add);
                }, treeSize);
        return entries;
    }

    private String store(String eventIdentifier, String streamId, String payload) {
        db.store(eventIdentifier, streamId, 0, payload);
        return eventIdentifier;
    }
}
