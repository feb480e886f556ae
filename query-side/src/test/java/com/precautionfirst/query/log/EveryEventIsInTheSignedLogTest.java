package com.precautionfirst.query.log;

import static com.precautionfirst.api.vocabulary.BodyArea.LOWER_BACK;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.precautionfirst.query.QuerySideIntegrationTest;
import com.precautionfirst.query.store.EventStoreRows;
import com.precautionfirst.query.store.StoredEvent;
import com.precautionfirst.verifier.Checkpoint;
import com.precautionfirst.verifier.Checkpoints;
import com.precautionfirst.verifier.ClientChain;
import com.precautionfirst.verifier.ClientEntry;
import com.precautionfirst.verifier.ClientMap;
import com.precautionfirst.verifier.ClientMapProof;
import com.precautionfirst.verifier.Keys;
import com.precautionfirst.verifier.LeafEncoding;
import com.precautionfirst.verifier.MerkleTree;
import com.precautionfirst.verifier.Verdict;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 11 over HTTP, as an auditor or an insurer uses it: every event of a client's record, the refused attempt
 * included, is a leaf of the log whose hash anyone can recompute from the stored row; the newest checkpoint verifies
 * with the published key; proofs verify against it; it signs the client map of every client's chain (decision 0060),
 * and a client's map proof covers exactly the client's events; a later checkpoint is consistent with an earlier one;
 * a rebuild of the projections leaves the log alone.
 */
class EveryEventIsInTheSignedLogTest extends QuerySideIntegrationTest {

    private static final HexFormat HEX = HexFormat.of();

    @Autowired
    CheckpointIssuer issuer;
    @Autowired
    ClientChains chains;

    @Test
    void everyEventOfARecordIsALeafProvedAgainstTheSignedCheckpoint() throws Exception {
        String client = unique("bob");
        String session = client + "-s1";
        story().realisticClient(client).sessionRefused(client).session(client, session).pressure(LOWER_BACK, 1);
        Checkpoint checkpoint = newestCheckpointAfterEverything();
        PublicKey key = Keys.publicKeyFromPem(read("insurer-x", "/api/checkpoints/public-key").body());

        assertThat(Checkpoints.verify(checkpoint, List.of(key)).valid()).isTrue();
        List<StoredEvent> stored = new EventStoreRows(jdbc).ofStreams(List.of(client, session), Long.MAX_VALUE);
        assertThat(stored).extracting(StoredEvent::payloadType)
                .anySatisfy(type -> assertThat(type).endsWith("PrecautionBlocked"));
        long previousLeaf = -1;
        for (StoredEvent event : stored) {
            JsonNode proof = readJson("auditor", "/api/checkpoints/inclusion?eventId=" + event.eventIdentifier());
            byte[] leafHash = MerkleTree.leafHash(LeafEncoding.encode(LogStore.logEvent(event)));
            assertThat(proof.path("leafHash").asText()).as("the leaf recomputed from the stored row")
                    .isEqualTo(HEX.formatHex(leafHash));
            assertThat(proof.path("treeSize").asLong()).isEqualTo(checkpoint.treeSize());
            assertThat(MerkleTree.verifyInclusion(proof.path("leafIndex").asLong(), checkpoint.treeSize(), leafHash,
                    hashes(proof.path("proof")), HEX.parseHex(checkpoint.rootHash()))).isTrue();
            assertThat(proof.path("leafIndex").asLong()).as("one writer: the log's order is the commit order")
                    .isGreaterThan(previousLeaf);
            previousLeaf = proof.path("leafIndex").asLong();
        }
    }

    @Test
    void theCheckpointSignsEveryClientsChainAndAClientsMapProofVerifiesForAllItsEvents() {
        String client = unique("fay");
        String session = client + "-s1";
        story().realisticClient(client).sessionRefused(client).session(client, session).pressure(LOWER_BACK, 1);
        Checkpoint checkpoint = newestCheckpointAfterEverything();
        long size = checkpoint.treeSize();

        Map<String, ClientChain.Head> heads = new HashMap<>();
        jdbc.query("SELECT l.leaf_index, " + EventStoreRows.columnsOf("e") + " FROM log_leaf l JOIN domain_event_entry"
                + " e ON e.event_identifier = l.event_identifier WHERE l.leaf_index < ? ORDER BY l.leaf_index", rs -> {
                    ClientEntry.of(LogStore.logEvent(EventStoreRows.row(rs, 2)), rs.getLong(1)).ifPresent(entry ->
                            heads.merge(entry.clientId(), ClientChain.Head.start(entry.clientId()).then(entry),
                                    (head, first) -> head.then(entry)));
                }, size);
        assertThat(checkpoint.clients()).isEqualTo((long) heads.size());
        assertThat(checkpoint.clientMapRoot()).as("the map the verifier computes from every logged event")
                .isEqualTo(HEX.formatHex(ClientMap.root(heads.values())));

        ClientMapProof proof = chains.mapAt(size, Set.of(client)).proof(client).orElseThrow();
        assertThat(proof.verify(checkpoint)).isEqualTo(Verdict.ok());
        List<ClientEntry> entries = chains.entries(client, size);
        List<StoredEvent> stored = new EventStoreRows(jdbc).ofStreams(List.of(client, session), Long.MAX_VALUE);
        assertThat(entries).hasSize((int) proof.count()).extracting(e -> HEX.formatHex(e.leafHash()))
                .as("every event of the client, the refusal included, and nothing else")
                .containsExactlyInAnyOrderElementsOf(stored.stream()
                        .map(e -> HEX.formatHex(LeafEncoding.leafHash(LogStore.logEvent(e)))).toList());
        ClientEntry started = entries.stream().filter(e -> e.payloadType().endsWith(".SessionStarted")).findFirst()
                .orElseThrow();
        assertThat(started.sessionTag()).isEqualTo(ClientEntry.tag("session", client, session));
        assertThat(started.at()).as("the session's startedAt, as serialized")
                .isEqualTo(json(new String(stored.stream().filter(e -> e.payloadType().endsWith(".SessionStarted"))
                        .findFirst().orElseThrow().payload(), java.nio.charset.StandardCharsets.UTF_8))
                        .path("startedAt").asText());
    }

    @Test
    void aLaterCheckpointIsProvedConsistentWithAnEarlierOne() {
        story().realisticClient(unique("carol"));
        Checkpoint earlier = newestCheckpointAfterEverything();
        story().realisticClient(unique("dave"));
        Checkpoint later = newestCheckpointAfterEverything();
        assertThat(later.treeSize()).isGreaterThan(earlier.treeSize());

        JsonNode proof = readJson("insurer-x", "/api/checkpoints/consistency?from=" + earlier.treeSize() + "&to="
                + later.treeSize());
        assertThat(MerkleTree.verifyConsistency(earlier.treeSize(), later.treeSize(), HEX.parseHex(earlier.rootHash()),
                HEX.parseHex(later.rootHash()), hashes(proof.path("proof")))).isTrue();
        assertThat(MerkleTree.verifyConsistency(earlier.treeSize(), later.treeSize(), HEX.parseHex(later.rootHash()),
                HEX.parseHex(earlier.rootHash()), hashes(proof.path("proof")))).as("and not the other way").isFalse();
    }

    @Test
    void aRebuildOfTheProjectionsLeavesTheLogAlone() {
        story().realisticClient(unique("erin"));
        Checkpoint before = newestCheckpointAfterEverything();
        long leaves = jdbc.queryForObject("SELECT COUNT(*) FROM log_leaf", Long.class);

        awaitRebuild(json(post("admin", "/api/admin/projections/rebuild").body()).path("targetPosition").asText());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM log_leaf", Long.class)).isEqualTo(leaves);
        assertThat(issuer.issue().orElseThrow().rootHash()).isEqualTo(before.rootHash());
    }

    /** Waits until every processor, the log's included, has seen every stored event; then issues a checkpoint. */
    private Checkpoint newestCheckpointAfterEverything() {
        read("auditor", "/api/checkpoints/public-key");
        issuer.issue();
        JsonNode latest = readJson("auditor", "/api/checkpoints/latest");
        return new Checkpoint(latest.path("treeSize").asLong(), latest.path("rootHash").asText(),
                latest.path("issuedAt").asText(), latest.path("keyId").asText(), latest.path("signature").asText(),
                latest.path("accessLogHead").asText(), latest.path("clients").asLong(),
                latest.path("clientMapRoot").asText());
    }

    private static List<byte[]> hashes(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false)
                .map(n -> HEX.parseHex(n.asText())).toList();
    }
}
