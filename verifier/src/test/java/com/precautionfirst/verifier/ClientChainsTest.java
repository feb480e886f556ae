package com.precautionfirst.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decision 0060 in the verifier module: a client event's entry, the chain over a client's entries and the client map
 * a checkpoint of format v2 signs. The expected hashes were computed once outside this code, with Python's hashlib
 * over the bytes written out field by field below (the same bytes this test also checks one by one), so that the
 * Java and the documented format cannot drift together.
 */
class ClientChainsTest {

    static final String SESSION_STARTED = "com.precautionfirst.api.events.SessionStarted";
    static final String PAYLOAD = "{\"sessionId\":\"s-1\",\"clientId\":\"c-7\",\"startedAt\":\"2025-03-01T09:30:00Z\","
            + "\"clearanceId\":\"clr-1\"}";
    /** A session start of client c-7, stored half a second after the start it names, logged as leaf 5. */
    static final LogEvent STARTED = new LogEvent("e-1", "Session", "s-1", 0, "2025-03-01T09:30:00.5Z",
            SESSION_STARTED, "1", PAYLOAD.getBytes(StandardCharsets.UTF_8), null);

    // SHA-256(0x00 || leaf bytes of STARTED), the leaf hash of LeafEncodingTest's format
    static final String LEAF_HASH = "c16c6aa46c08773258e58e3b6a9c2a071df55ae1e0f5963fa7f6e62919b1ed03";
    // SHA-256("precaution-first tag v1\nsession\nc-7\ns-1")
    static final String SESSION_TAG = "71a30004033a46a58e51b8d9e5b61d1f025364bffefb23829432f76a66174808";
    // SHA-256("precaution-first tag v1\nclearance\nc-7\nclr-1")
    static final String CLEARANCE_TAG = "107c60d2b32d4b3fbe81353f60b963d1d0e1dbe4f18b2f36948005bb9681e20c";
    // SHA-256(0x02 || 32 zero bytes || the entry's 190 bytes): chain_1 of client c-7
    static final String CHAIN_1 = "965ef8d8488cafd0d679fca4a280251086659de4f8da72f4277a1f77b0850d99";

    @Test
    void theEntryOfASessionStartByteByByte() {
        String expected = "01"                                    // entry format version 1
                + "0000000000000005"                              // leafIndex 5, 8 bytes, no length
                + LEAF_HASH                                       // leafHash, 32 bytes, no length
                + "0000002d" + hex(SESSION_STARTED)               // payloadType: length 45, the type
                + "00000014" + hex("2025-03-01T09:30:00Z")        // at: the payload's startedAt, not the timestamp
                + "00000020" + SESSION_TAG                        // sessionTag: length 32, the tag of "s-1"
                + "00000020" + CLEARANCE_TAG                      // clearanceTag: length 32, the tag of "clr-1"
                + "ffffffff";                                     // conditionTag: the payload has no conditionId
        ClientEntry entry = ClientEntry.of(STARTED, 5).orElseThrow();

        assertThat(Hex.encode(entry.encode())).isEqualTo(expected);
        assertThat(entry.encode()).hasSize(190);
        assertThat(entry.clientId()).isEqualTo("c-7");
        assertThat(Hex.encode(entry.leafHash())).isEqualTo(LEAF_HASH)
                .isEqualTo(Hex.encode(LeafEncoding.leafHash(STARTED)));
        assertThat(Hex.encode(ClientEntry.tag("session", "c-7", "s-1"))).isEqualTo(SESSION_TAG);
        assertThat(Hex.encode(ClientEntry.tag("clearance", "c-7", "clr-1"))).isEqualTo(CLEARANCE_TAG);
        assertThat(ClientEntry.decode("c-7", entry.encode())).isEqualTo(entry);
    }

    @Test
    void theChainStepAndTheHeadOfOneEntry() {
        byte[] entry = ClientEntry.of(STARTED, 5).orElseThrow().encode();
        assertThat(ClientChain.genesis()).isEqualTo(new byte[32]);
        assertThat(Hex.encode(ClientChain.next(ClientChain.genesis(), entry))).isEqualTo(CHAIN_1);
        ClientChain.Head head = ClientChain.Head.start("c-7").then(ClientEntry.of(STARTED, 5).orElseThrow());
        assertThat(head).isEqualTo(new ClientChain.Head("c-7", 1, HexFormat.of().parseHex(CHAIN_1)));
        assertThatThrownBy(() -> ClientChain.Head.start("c-8").then(ClientEntry.of(STARTED, 5).orElseThrow()))
                .hasMessageContaining("not in the chain of c-8");
    }

    /**
     * Three clients in the map's order, the UTF-8 bytes of their ids: "Zoë" (5a...) before "c-10" before "c-7"
     * ("1" is 31, "7" is 37). Map leaf = SHA-256(00 || length || id || count || chain hash); root = node(node(leaf 0,
     * leaf 1), leaf 2), RFC 6962's split of three leaves.
     */
    @Test
    void theMapOfThreeClients() {
        ClientChain.Head c7 = new ClientChain.Head("c-7", 1, HexFormat.of().parseHex(CHAIN_1));
        // the chain hashes of the other two are SHA-256("a") and SHA-256("b"), any 32 bytes will do
        ClientChain.Head zoe = new ClientChain.Head("Zoë", 2,
                HexFormat.of().parseHex("ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"));
        ClientChain.Head c10 = new ClientChain.Head("c-10", 3,
                HexFormat.of().parseHex("3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d"));

        assertThat(Hex.encode(ClientMap.leafHash(zoe)))
                .isEqualTo("66ceebda565600b88930e8468cc4cc045639879486cae9730f1bd9e239150f42");
        assertThat(Hex.encode(ClientMap.leafHash(c10)))
                .isEqualTo("92f1475bbd67358ce6ee7db6b66e79af882350d4c9fb0cfdc43c2d8a4568893d");
        assertThat(Hex.encode(ClientMap.leafHash(c7)))
                .isEqualTo("e5edc48f18a1f140194d2db40cc363aeee253f71a3d20266d47561b2b8417462");
        assertThat(ClientMap.of(List.of(c7, c10, zoe)).heads()).containsExactly(zoe, c10, c7);
        String root = "03654edd8e09f1d9fa050704318d15b3d238f07b4d0455faef3f9102c98b1aec";
        assertThat(Hex.encode(ClientMap.root(List.of(c7, zoe, c10)))).isEqualTo(root);
        assertThat(Hex.encode(ClientMap.root(List.of(zoe, c10, c7)))).as("whatever the order given").isEqualTo(root);

        // c-7 is leaf 2 of 3: its path is the one node over leaves 0 and 1, SHA-256(01 || leaf 0 || leaf 1)
        String node01 = "ff2aefb61602b4c9913d66318adf654ccac54a222cd210ef61f323993666f1ab";
        assertThat(ClientMap.of(List.of(c7, zoe, c10)).proof("c-7", 40)).get()
                .isEqualTo(new ClientMapProof("c-7", 40, 2, 3, 1, CHAIN_1, List.of(node01)));
        assertThat(ClientMap.verify(c7, 2, 3, List.of(HexFormat.of().parseHex(node01)), HexFormat.of().parseHex(root)))
                .isTrue();
        assertThat(ClientMap.verify(c10, 2, 3, List.of(HexFormat.of().parseHex(node01)), HexFormat.of().parseHex(root)))
                .isFalse();
    }

    @Test
    void theMapOrdersByUtf8BytesNotByJavaStrings() {
        // U+FF21 is EF BC A1 in UTF-8, U+1F600 is F0 9F 98 80: UTF-8 puts U+FF21 first, Java's UTF-16 order
        // (FF21 against the surrogate D83D) the other way round
        String fullwidthA = "\uFF21";
        String emoji = new String(Character.toChars(0x1F600));
        assertThat(fullwidthA.compareTo(emoji)).isPositive();
        ClientMap map = ClientMap.of(List.of(head(emoji, 1), head(fullwidthA, 1)));
        assertThat(map.heads()).extracting(ClientChain.Head::clientId).containsExactly(fullwidthA, emoji);
        assertThat(map.head(emoji)).contains(head(emoji, 1));
        assertThat(map.proof(fullwidthA, 1).orElseThrow().index()).isZero();
        assertThat(ClientMap.of(List.of(head("ab", 1), head("a", 1))).heads()).extracting(ClientChain.Head::clientId)
                .containsExactly("a", "ab");
    }

    @Test
    void aMapHoldsOneHeadPerClientAndOnlyClientsWithEntries() {
        assertThatThrownBy(() -> ClientMap.root(List.of(head("c-1", 1), head("c-1", 2))))
                .hasMessageContaining("c-1 has two heads");
        assertThatThrownBy(() -> ClientMap.root(List.of(ClientChain.Head.start("c-1"))))
                .hasMessageContaining("c-1 has no entries");
        assertThat(ClientMap.of(List.of(head("c-1", 1))).proof("c-2", 1)).isEmpty();
        assertThat(ClientMap.of(List.of(head("c-1", 1))).head("c-0")).isEmpty();
        assertThat(ClientMap.root(List.of())).isEqualTo(MerkleTree.emptyRoot());
    }

    @Test
    void eventsThatAreNoClientsHaveNoEntry() {
        for (String payload : List.of(
                "{\"userId\":\"carol\",\"role\":\"THERAPIST\"}",              // a user account's event
                "{\"clientId\":7}",                                           // not a string
                "{\"clientId\":null}",
                "[{\"clientId\":\"c-1\"}]",                                   // not an object
                "{\"clientId\":\"c-1\",\"clientId\":\"c-2\"}",                // which one? neither
                "{\"clientId\":\"c-1\"} {}",                                  // two documents
                "not json")) {
            assertThat(ClientEntry.of(event("Note", payload), 0)).as(payload).isEmpty();
        }
        byte[] notUtf8 = {'{', '"', 'c', 'l', 'i', 'e', 'n', 't', 'I', 'd', '"', ':', '"', (byte) 0xC3, '"', '}'};
        assertThat(ClientEntry.of(new LogEvent("e", null, "s", 0, "t", "Note", null, notUtf8, null), 0)).isEmpty();
        assertThat(ClientEntry.of(event("Note", "{\"clientId\":\"c-1\",\"sessionId\":5}"), 0).orElseThrow()
                .sessionTag()).as("an id that is not a string has no tag").isNull();
    }

    @Test
    void onlyASessionStartTakesItsTimeFromThePayload() {
        String approved = "{\"clientId\":\"c-1\",\"sessionId\":\"s-1\",\"startedAt\":\"2020-01-01T00:00:00Z\"}";
        assertThat(ClientEntry.of(event("com.precautionfirst.api.events.SessionStartApproved", approved), 0)
                .orElseThrow().at()).isEqualTo("2025-03-01T09:30:00Z");
        assertThat(ClientEntry.of(event(SESSION_STARTED, approved), 0).orElseThrow().at())
                .isEqualTo("2020-01-01T00:00:00Z");
        assertThat(ClientEntry.of(event(SESSION_STARTED, "{\"clientId\":\"c-1\"}"), 0).orElseThrow().at())
                .as("a session start without startedAt").isEqualTo("2025-03-01T09:30:00Z");
    }

    @Test
    void aTagIsTheClientsAndTheKinds() {
        ClientEntry entry = ClientEntry.of(event("ConditionDeclared",
                "{\"clientId\":\"c-1\",\"conditionId\":\"sciatica\"}"), 3).orElseThrow();
        assertThat(entry.conditionTag()).isEqualTo(ClientEntry.tag("condition", "c-1", "sciatica"))
                .isNotEqualTo(ClientEntry.tag("condition", "c-2", "sciatica"))
                .isNotEqualTo(ClientEntry.tag("session", "c-1", "sciatica"));
        assertThat(entry.sessionTag()).isNull();
        assertThat(entry.clearanceTag()).isNull();
        assertThat(ClientEntry.tag("session", "c-1", null)).isNull();
    }

    @Test
    void decodeRefusesAnythingButAnEntry() {
        byte[] bytes = ClientEntry.of(STARTED, 5).orElseThrow().encode();
        byte[] otherVersion = bytes.clone();
        otherVersion[0] = 2;
        assertThatThrownBy(() -> ClientEntry.decode("c-7", otherVersion)).hasMessageContaining("version 2");
        assertThatThrownBy(() -> ClientEntry.decode("c-7", java.util.Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientEntry.decode("c-7", java.util.Arrays.copyOf(bytes, bytes.length + 1)))
                .hasMessageContaining("1 bytes after the last field");
        byte[] shortTag = HexFormat.of().parseHex(Hex.encode(bytes).replace("00000020" + SESSION_TAG,
                "0000001f" + SESSION_TAG.substring(2)));
        assertThatThrownBy(() -> ClientEntry.decode("c-7", shortTag)).hasMessageContaining("sessionTag");
        assertThatThrownBy(() -> ClientEntry.decode(null, bytes)).hasMessageContaining("no client given");
    }

    static LongStream seeds() {
        return RandomCases.seeds(50);
    }

    /** Random clients and events: entries survive their bytes, and every head proves in the map, nothing else. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void chainsAndMapsRoundTrip(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int clients = random.nextInt(1, 40);
        List<ClientChain.Head> heads = new ArrayList<>();
        List<ClientEntry> all = new ArrayList<>();
        long leaf = 0;
        for (int c = 0; c < clients; c++) {
            String clientId = "client-" + random.nextInt(1_000_000) + "-" + c;
            ClientChain.Head head = ClientChain.Head.start(clientId);
            byte[] chain = ClientChain.genesis();
            for (int e = random.nextInt(1, 6); e > 0; e--) {
                String payload = "{\"clientId\":\"" + clientId + "\""
                        + (random.nextBoolean() ? ",\"sessionId\":\"s-" + random.nextInt(9) + "\"" : "")
                        + (random.nextBoolean() ? ",\"clearanceId\":\"clr-" + random.nextInt(9) + "\"" : "") + "}";
                ClientEntry entry = ClientEntry.of(event(random.nextBoolean() ? SESSION_STARTED : "Note", payload),
                        leaf++).orElseThrow();
                assertThat(ClientEntry.decode(clientId, entry.encode())).as("seed %d", seed).isEqualTo(entry);
                head = head.then(entry);
                chain = ClientChain.next(chain, entry.encode());
                all.add(entry);
            }
            assertThat(head.chainHash()).as("seed %d", seed).isEqualTo(chain);
            heads.add(head);
        }
        byte[] root = ClientMap.root(heads);
        List<ClientChain.Head> shuffled = new ArrayList<>(heads);
        Collections.shuffle(shuffled, new java.util.Random(seed));
        assertThat(ClientMap.root(shuffled)).as("seed %d", seed).isEqualTo(root);

        // the log's own root does not matter to the map proofs: any hash
        Checkpoint checkpoint = Checkpoints.sign(leaf, Hex.encode(MerkleTree.leafHash(new byte[] {1})),
                TestLog.issuedAt(leaf), TestLog.ACCESS_LOG_HEAD, heads.size(), Hex.encode(root),
                TestLog.RFC8032_TEST_KEY);
        for (ClientChain.Head head : heads) {
            ClientMapProof proof = ClientMap.of(shuffled).proof(head.clientId(), leaf).orElseThrow();
            assertThat(ClientMap.of(shuffled).head(head.clientId())).as("seed %d", seed).contains(head);
            assertThat(proof.verify(checkpoint)).as("seed %d, %s", seed, head.clientId()).isEqualTo(Verdict.ok());
            List<byte[]> path = proof.path().stream().map(Hex::decodeHash).toList();
            byte[] otherChain = all.get(random.nextInt(all.size())).leafHash();
            assertThat(ClientMap.verify(new ClientChain.Head(head.clientId(), head.count() + 1, head.chainHash()),
                    proof.index(), heads.size(), path, root)).as("seed %d: one entry more", seed).isFalse();
            assertThat(ClientMap.verify(new ClientChain.Head(head.clientId(), head.count() - 1, head.chainHash()),
                    proof.index(), heads.size(), path, root)).as("seed %d: one entry less", seed).isFalse();
            assertThat(ClientMap.verify(new ClientChain.Head(head.clientId(), head.count(), otherChain),
                    proof.index(), heads.size(), path, root)).as("seed %d: another head", seed).isFalse();
            assertThat(ClientMap.verify(new ClientChain.Head(head.clientId() + "x", head.count(), head.chainHash()),
                    proof.index(), heads.size(), path, root)).as("seed %d: another client", seed).isFalse();
            if (heads.size() > 1) {
                assertThat(ClientMap.verify(head, (proof.index() + 1) % heads.size(), heads.size(), path, root))
                        .as("seed %d: another index", seed).isFalse();
            }
        }
    }

    @Test
    void aMapProofAgainstTheWrongCheckpointIsAProblemNotAnException() {
        TestLog log = new TestLog(10);
        ClientMapProof proof = log.mapProof("client-2", 10);
        assertThat(proof.verify(log.checkpointV2(10))).isEqualTo(Verdict.ok());
        assertThat(proof.verify(log.checkpointV2(9)).problems()).extracting(Problem::what)
                .containsExactly("is a proof for the checkpoint of tree size 10, not of size 9");
        assertThat(proof.verify(log.checkpoint(10)).problems()).extracting(Problem::what).singleElement().asString()
                .contains("signs no client map (format v1)");
        ClientMapProof wrongCount = new ClientMapProof(proof.clientId(), 10, proof.index(), proof.clients(),
                proof.count() - 1, proof.head(), proof.path());
        assertThat(wrongCount.verify(log.checkpointV2(10)).problems()).extracting(Problem::what).singleElement()
                .asString().contains("did not have 2 entries");
        ClientMapProof malformed = new ClientMapProof(null, 10, 0, 4, 0, "HEAD", java.util.Arrays.asList("x", null));
        assertThat(malformed.verify(log.checkpointV2(10)).problems()).extracting(Problem::what).containsExactly(
                "is a proof in a map of 4 clients, but the checkpoint's map has 3", "names no client",
                "count is 0: a client in the map has entries",
                "head is not a SHA-256 hash in lowercase hex: \"HEAD\"",
                "proof element 0 is not a SHA-256 hash in lowercase hex: \"x\"",
                "proof element 1 is not a SHA-256 hash in lowercase hex: \"null\"");
    }

    private static ClientChain.Head head(String clientId, long count) {
        return new ClientChain.Head(clientId, count, MerkleTree.leafHash(clientId.getBytes(StandardCharsets.UTF_8)));
    }

    private static LogEvent event(String payloadType, String payload) {
        return new LogEvent("e", null, "s", 0, "2025-03-01T09:30:00Z", payloadType, null,
                payload.getBytes(StandardCharsets.UTF_8), null);
    }

    private static String hex(String text) {
        return Hex.encode(text.getBytes(StandardCharsets.UTF_8));
    }
}
