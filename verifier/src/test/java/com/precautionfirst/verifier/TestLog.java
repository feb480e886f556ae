package com.precautionfirst.verifier;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A small, deterministic treatment log for tests and the README's example files: events, their tree, and the
 * checkpoints and proofs the service would answer. Signed with the key of RFC 8032 section 7.1, test 1, whose
 * private key is published: fine for tests and examples, never for real checkpoints.
 */
final class TestLog {

    static final PrivateKey RFC8032_TEST_KEY = Keys.privateKeyFromPem("""
            -----BEGIN PRIVATE KEY-----
            MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g
            -----END PRIVATE KEY-----
            """);

    /** What a checkpoint names as the access log's head: some 32-byte hash. */
    static final String ACCESS_LOG_HEAD = Hex.encode(MerkleTree.leafHash("access log".getBytes(StandardCharsets.UTF_8)));

    final List<LogEvent> events;
    final List<byte[]> leafHashes;
    final MerkleTree.HashSource source;

    TestLog(int size) {
        this(events(size));
    }

    private TestLog(List<LogEvent> events) {
        this.events = List.copyOf(events);
        this.leafHashes = events.stream().map(LeafEncoding::leafHash).toList();
        this.source = MerkleTree.HashSource.ofLeaves(leafHashes);
    }

    /** The same log with event {@code index} changed: what an attacker with database access would store. */
    TestLog withEventRewritten(int index) {
        List<LogEvent> changed = new ArrayList<>(events);
        LogEvent e = events.get(index);
        changed.set(index, new LogEvent(e.eventIdentifier(), e.aggregateType(), e.streamId(), e.sequence(),
                e.timestamp(), e.payloadType(), e.payloadRevision(),
                "{\"clientId\":\"client-1\",\"note\":\"rewritten\"}".getBytes(StandardCharsets.UTF_8), e.metadata()));
        return new TestLog(changed);
    }

    String root(long size) {
        return Hex.encode(MerkleTree.root(size, source));
    }

    Checkpoint checkpoint(long size) {
        return checkpoint(size, RFC8032_TEST_KEY);
    }

    Checkpoint checkpoint(long size, PrivateKey key) {
        return Checkpoints.sign(size, root(size), issuedAt(size), ACCESS_LOG_HEAD, key);
    }

    /** A checkpoint of format v2: the client map over the heads of the first {@code size} events. */
    Checkpoint checkpointV2(long size) {
        List<ClientChain.Head> heads = heads(size);
        return Checkpoints.sign(size, root(size), issuedAt(size), ACCESS_LOG_HEAD, heads.size(),
                Hex.encode(ClientMap.root(heads)), RFC8032_TEST_KEY);
    }

    /** The entries of the first {@code size} events that are a client's, in log order. */
    List<ClientEntry> entries(long size) {
        List<ClientEntry> entries = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ClientEntry.of(events.get(i), i).ifPresent(entries::add);
        }
        return entries;
    }

    /** Each client's head after the first {@code size} events. */
    List<ClientChain.Head> heads(long size) {
        java.util.Map<String, ClientChain.Head> heads = new java.util.LinkedHashMap<>();
        for (ClientEntry entry : entries(size)) {
            heads.put(entry.clientId(), heads.getOrDefault(entry.clientId(), ClientChain.Head.start(entry.clientId()))
                    .then(entry));
        }
        return List.copyOf(heads.values());
    }

    ClientMapProof mapProof(String clientId, long size) {
        return ClientMap.of(heads(size)).proof(clientId, size).orElseThrow();
    }

    ConsistencyProof consistency(long from, long to) {
        return ConsistencyProof.of(from, to, MerkleTree.consistencyProof(from, to, source));
    }

    InclusionProof inclusion(int index, long treeSize, boolean withLeaf) {
        LogEvent event = events.get(index);
        return InclusionProof.of(event.eventIdentifier(), index, treeSize, leafHashes.get(index),
                MerkleTree.inclusionProof(index, treeSize, source), withLeaf ? LeafEncoding.encode(event) : null);
    }

    /** A minute per event after 2025-03-01T08:00:00Z. */
    static String issuedAt(long size) {
        return Instant.parse("2025-03-01T08:00:00Z").plusSeconds(60 * size).toString();
    }

    static List<LogEvent> events(int count) {
        List<LogEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String client = "client-" + (i % 3 + 1);
            String payload = "{\"clientId\":\"" + client + "\",\"entry\":" + i + "}";
            events.add(new LogEvent(String.format("event-%04d", i), "Client", client, i / 3,
                    issuedAt(i), "com.precautionfirst.api.events.TechniqueApplied", "1",
                    payload.getBytes(StandardCharsets.UTF_8),
                    i % 2 == 0 ? null : "{\"userId\":\"therapist-1\"}".getBytes(StandardCharsets.UTF_8)));
        }
        return events;
    }
}
