package com.precautionfirst.query.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.precautionfirst.verifier.Checkpoint;
import com.precautionfirst.verifier.Keys;
import com.precautionfirst.verifier.Main;
import com.precautionfirst.verifier.Problem;
import com.precautionfirst.verifier.Verdict;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: the attacker with database access and without the key. Six events of Bob's record are logged, and a
 * checkpoint is issued after each, which an auditor keeps. Then the database is edited and every hash it holds
 * recomputed with our own code. The log's verification (with the checkpoints the service stored and those the
 * auditor kept) and the offline verifier (with the auditor's checkpoint and what the service answers now) must
 * still say invalid and name the event, or the smallest range that holds it. Run on H2 and on PostgreSQL.
 */
abstract class RewritingTheRecordIsCaught {

    private static final ObjectMapper JSON = new ObjectMapper();

    LogOnADatabase db;
    final List<String> events = new ArrayList<>();
    final List<Checkpoint> kept = new ArrayList<>();
    Path files;

    abstract LogOnADatabase open();

    abstract boolean postgres();

    @BeforeEach
    void sixEventsEachFollowedByACheckpoint() throws IOException {
        db = open();
        files = Files.createTempDirectory("auditor");
        for (int i = 0; i < 6; i++) {
            events.add(db.event("bob", "{\"clientId\":\"bob\",\"note\":\"Bob, visit " + i + "\"}"));
            kept.add(db.checkpoint());
        }
        assertThat(kept).extracting(Checkpoint::treeSize).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void anUntouchedLogVerifiesHereAndOffline() {
        assertThat(db.verify(kept.toArray(Checkpoint[]::new))).isEqualTo(new Verdict(true, List.of()));
        assertThat(db.evidence().check("bob")).isEqualTo(new ClientEvidence.SignedLogCheck(6, 0, List.of()));
        assertThat(offline(kept.get(1), kept.get(5), db.proofs.consistency(2, 6),
                db.proofs.inclusion(events.get(3), 6L))).isEqualTo(0);
    }

    @Test
    void aRewrittenEventWithEveryHashRecomputedIsNamed() {
        try (Attacker attacker = attacker()) {
            attacker.rewritePayload(events.get(2), "{\"clientId\":\"bob\",\"note\":\"Bob FORGED\"}");
            attacker.recomputeEveryHash();
        }
        assertThat(db.verify().problems()).anySatisfy(p -> assertThat(p.where())
                .startsWith("leaf 2 (event " + events.get(2)).doesNotContain(events.get(3)));
        assertThat(db.verify().problems()).as("the chains rebuilt too, but not the signed client map")
                .anySatisfy(p -> {
                    assertThat(p.where()).endsWith("(tree size 3)");
                    assertThat(p.what()).startsWith("signs a client map of 1 clients with root "
                            + kept.get(2).clientMapRoot() + ", but the events of the first 3 leaves give 1 clients");
                });
        assertThat(db.evidence().check("bob").problems()).as("the client's audit trail verification")
                .singleElement().satisfies(p -> {
                    assertThat(p.where()).isEqualTo("event " + events.get(2) + " (stream bob, sequence 2)");
                    assertThat(p.what()).contains("leaf 2 of the first signed checkpoint that covers it (tree size 3)")
                            .contains("3 later events of this client fail with it");
                });
        assertThat(db.checkpoint()).as("the issuer does not sign the rewritten tree").isEqualTo(kept.get(5));
        assertThat(db.issuer.refusals()).singleElement().asString().contains("does not extend");
        assertThat(offline(kept.get(5), db.proofs.inclusion(events.get(2), 6L))).isEqualTo(1);
        assertThat(printed).contains(events.get(2));
    }

    @Test
    void aRewriteThatAlsoRemovedTheStoredCheckpointsIsCaughtByTheKeptOnes() {
        try (Attacker attacker = attacker()) {
            attacker.rewritePayload(events.get(2), "{\"clientId\":\"bob\",\"note\":\"Bob FORGED\"}");
            attacker.recomputeEveryHash();
            attacker.deleteCheckpointsLargerThan(2);
        }
        db.restartIssuer();
        Checkpoint forged = db.checkpoint();
        assertThat(forged.treeSize()).as("after a restart the service signs what the database holds").isEqualTo(6);
        assertThat(db.verify().valid()).as("nothing stored contradicts the rewrite any more").isTrue();

        assertThat(db.verify(kept.get(5)).problems()).as("narrowed to the checkpoints left: 2 kept, 6 kept")
                .anySatisfy(p -> assertThat(p.where()).startsWith("leaves 2 to 5: leaf 2 (event " + events.get(2)));
        assertThat(offline(kept.get(3), forged, db.proofs.consistency(4, 6))).isEqualTo(1);
        assertThat(printed).contains("consistency proof from 4 to 6");
        assertThat(offline(kept.get(5), forged)).isEqualTo(1);
        assertThat(printed).contains("two different trees of size 6");
    }

    @Test
    void aCarelessRewriteIsNamedExactly() {
        try (Attacker attacker = attacker()) {
            attacker.rewritePayload(events.get(4), "{\"clientId\":\"bob\",\"note\":\"Bob FORGED\"}");
        }
        assertThat(db.verify().problems()).anySatisfy(p -> {
            assertThat(p.where()).startsWith("leaf 4 (event " + events.get(4) + ", stream bob, sequence 4)");
            assertThat(p.what()).contains("changed after it was logged");
        });
    }

    @Test
    void deletingTheLastEventWithItsLeafAndCheckpointIsCaught() {
        try (Attacker attacker = attacker()) {
            attacker.deleteEvent(events.get(5));
            attacker.removeLeavesFrom(5);
            attacker.recomputeEveryHash();
            attacker.deleteCheckpointsLargerThan(5);
        }
        assertThat(db.verify().problems()).as("the issuer remembers what it signed").anySatisfy(p ->
                assertThat(p.what()).contains("signed a log of 6 events, but the log holds 5"));

        db.restartIssuer();
        Checkpoint shrunk = db.checkpoint();
        assertThat(shrunk.treeSize()).isEqualTo(5);
        assertThat(db.verify(kept.get(5)).problems()).anySatisfy(p -> assertThat(p.what())
                .contains("signed a log of 6 events, but the log holds 5"));
        assertThat(offline(kept.get(5), shrunk)).isEqualTo(1);
        assertThat(printed).contains("shrank from 6 to 5");
    }

    @Test
    void theLastEntryOfAClientsChainDeletedIsNamed() {
        try (Attacker attacker = attacker()) {
            attacker.deleteLastChainEntry("bob");
        }
        assertThat(db.verify().problems()).containsExactly(new Problem("client bob, chain entry 6 (leaf 5, event "
                + events.get(5) + ")", "is missing from the client's chain: removed"));
        assertThat(db.chains.entries("bob", 6)).as("what an export would carry").hasSize(5);
    }

    @Test
    void aByteOfAChainEntryChangedIsNamed() {
        try (Attacker attacker = attacker()) {
            attacker.changeAByteOfChainEntry("bob", 3);
        }
        assertThat(db.verify().problems()).containsExactly(new Problem("client bob, chain entry 3 (leaf 2, event "
                + events.get(2) + ")", "the stored entry is not the one recomputed from the event: changed"));
    }

    @Test
    void aByteOfAClientsHeadChangedIsNamedAndNeverSigned() {
        try (Attacker attacker = attacker()) {
            attacker.changeAByteOfHead("bob");
        }
        assertThat(db.verify().problems()).singleElement().satisfies(p -> {
            assertThat(p.where()).isEqualTo("client bob, head");
            assertThat(p.what()).startsWith("the stored head (count 6, chain ")
                    .contains("is not the one recomputed from the events (count 6, chain ");
        });
        db.event("bob", "{\"clientId\":\"bob\",\"note\":\"Bob, visit 6\"}");
        assertThat(db.checkpoint()).as("the chain goes on from the changed head: not signed").isEqualTo(kept.get(5));
        assertThat(db.issuer.refusals()).singleElement().asString()
                .contains("the stored client chains do not lead from the client map signed in the checkpoint of tree "
                        + "size 6 to the one of tree size 7: entry 7 of client bob does not continue its chain");
    }

    @Test
    void theHeadOfANewClientRemovedBeforeItsFirstCheckpointIsNeverSigned() {
        db.event("ann", "{\"clientId\":\"ann\",\"note\":\"Ann, first visit\"}");
        try (Attacker attacker = attacker()) {
            attacker.deleteHead("ann");
        }
        assertThat(db.checkpoint()).as("a map without Ann would prove an export that leaves her out")
                .isEqualTo(kept.get(5));
        assertThat(db.issuer.refusals()).singleElement().asString()
                .contains("the stored client chains do not lead from the client map signed in the checkpoint of tree "
                        + "size 6 to the one of tree size 7: entry 1 of client ann has no stored head that reaches it");
    }

    @Test
    void anEventInsertedInTheMiddleIsNamed() {
        String inserted = "event-inserted";
        try (Attacker attacker = attacker()) {
            db.store(inserted, "bob-extra", 0, "{\"note\":\"Bob agreed to deep pressure\"}");
            attacker.insertLeafAt(3, inserted);
        }
        assertThat(db.verify().problems()).anySatisfy(p -> assertThat(p.where())
                .startsWith("leaf 3 (event " + inserted));
    }

    @Test
    void twoReorderedEventsAreNamed() {
        try (Attacker attacker = attacker()) {
            attacker.swapLeaves(1, 4);
        }
        assertThat(db.verify().problems()).anySatisfy(p -> assertThat(p.where())
                .startsWith("leaf 1 (event " + events.get(4)));
    }

    @Test
    void aTruncatedLogSignedByNobodyIsCaughtByAKeptCheckpoint() {
        try (Attacker attacker = attacker()) {
            for (String event : events.subList(3, 6)) {
                attacker.deleteEvent(event);
            }
            attacker.removeLeavesFrom(3);
            attacker.recomputeEveryHash();
            attacker.deleteCheckpointsLargerThan(3);
        }
        db.restartIssuer();
        assertThat(db.verify(kept.get(4)).problems()).anySatisfy(p -> assertThat(p.what())
                .contains("signed a log of 5 events, but the log holds 3"));
        assertThat(offline(kept.get(4), db.checkpoint())).isEqualTo(1);
        assertThat(printed).contains("shrank from 5 to 3");
    }

    @Test
    void anEventSlippedIntoTheStoreBehindTheLogIsNamed() {
        long index = db.store("event-slipped-in", "bob-extra", 0, "{\"note\":\"consent given\"}");
        db.logProcessorHasRead(index + 10);
        assertThat(db.verify().problems()).anySatisfy(p -> {
            assertThat(p.where()).startsWith("event event-slipped-in");
            assertThat(p.what()).contains("not in the log");
        });
    }

    @Test
    void anAlteredOrForeignCheckpointIsRefused() throws Exception {
        Checkpoint foreign = com.precautionfirst.verifier.Checkpoints.sign(6, kept.get(5).rootHash(),
                kept.get(5).issuedAt(), kept.get(5).accessLogHead(), Keys.generate().getPrivate());
        Checkpoint otherSize = new Checkpoint(7, kept.get(5).rootHash(), kept.get(5).issuedAt(), kept.get(5).keyId(),
                kept.get(5).signature(), kept.get(5).accessLogHead());
        List<Problem> problems = db.verify(foreign, otherSize).problems();
        assertThat(problems).anySatisfy(p -> assertThat(p.where()).contains("tree size 6"));
        assertThat(problems).anySatisfy(p -> assertThat(p.where()).contains("tree size 7"));
    }

    @Test
    void theAccessLogRewrittenUnderASignedHeadIsCaught() {
        db.read("bob");
        db.read("bob");
        db.checkpoint();
        try (Attacker attacker = attacker()) {
            attacker.rewriteAccessLogEntry(2);
        }
        assertThat(db.verify().problems()).anySatisfy(p -> assertThat(p.what())
                .contains("access log was rewritten"));
    }

    private Attacker attacker() {
        return new Attacker(db, postgres());
    }

    private String printed = "";

    /** The offline verifier on files an auditor saved: exit code; what it printed is in {@link #printed}. */
    private int offline(Object... documents) {
        try {
            List<String> args = new ArrayList<>(List.of("--public-key", write("key.pem", Keys.toPem(db.key.publicKey()))));
            for (int i = 0; i < documents.length; i++) {
                args.add(write("document-" + i + ".json", JSON.writeValueAsString(documents[i])));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int exit = Main.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(out, true, StandardCharsets.UTF_8));
            printed = out.toString(StandardCharsets.UTF_8);
            return exit;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String write(String name, String content) throws IOException {
        Path file = files.resolve(name);
        Files.writeString(file, content);
        return file.toString();
    }
}
