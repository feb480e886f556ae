package com.precautionfirst.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LeafEncodingTest {

    static final LogEvent SMALL = new LogEvent("e", null, "s", -2, "t", "p", null, new byte[] {(byte) 0xAB}, new byte[0]);

    @Test
    void theFormatByteByByte() {
        String expected = "01"
                + "00000001" + "65"          // eventIdentifier "e"
                + "ffffffff"                 // aggregateType null
                + "00000001" + "73"          // streamId "s"
                + "fffffffffffffffe"         // sequence -2, two's complement
                + "00000001" + "74"          // timestamp "t"
                + "00000001" + "70"          // payloadType "p"
                + "ffffffff"                 // payloadRevision null
                + "00000001" + "ab"          // payload
                + "00000000";                // metadata: empty, not null
        assertThat(Hex.encode(LeafEncoding.encode(SMALL))).isEqualTo(expected);
        assertThat(LeafEncoding.leafHash(SMALL)).isEqualTo(MerkleTree.leafHash(HexFormat.of().parseHex(expected)));
    }

    @Test
    void stringsAreUtf8AndLengthsCountBytes() {
        LogEvent event = new LogEvent("é€", null, "s", 0, "t", "p", null, new byte[0], null);
        assertThat(Hex.encode(LeafEncoding.encode(event))).startsWith("01" + "00000005" + "c3a9e282ac");
    }

    @Test
    void movingBytesBetweenNeighbouringFieldsChangesTheLeaf() {
        LogEvent a = new LogEvent("ab", "c", "s", 0, "t", "p", null, new byte[0], null);
        LogEvent b = new LogEvent("a", "bc", "s", 0, "t", "p", null, new byte[0], null);
        LogEvent nullVersusEmpty = new LogEvent("ab", "", "s", 0, "t", "p", null, new byte[0], null);
        LogEvent nullAggregate = new LogEvent("ab", null, "s", 0, "t", "p", null, new byte[0], null);
        assertThat(LeafEncoding.encode(a)).isNotEqualTo(LeafEncoding.encode(b));
        assertThat(LeafEncoding.encode(nullVersusEmpty)).isNotEqualTo(LeafEncoding.encode(nullAggregate));
    }

    @Test
    void decodeReadsBackExactlyAndRefusesEverythingElse() {
        byte[] leaf = LeafEncoding.encode(SMALL);
        assertThat(LeafEncoding.decode(leaf)).isEqualTo(SMALL);

        byte[] otherVersion = leaf.clone();
        otherVersion[0] = 2;
        assertThatThrownBy(() -> LeafEncoding.decode(otherVersion)).hasMessageContaining("version 2");
        assertThatThrownBy(() -> LeafEncoding.decode(java.util.Arrays.copyOf(leaf, leaf.length - 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LeafEncoding.decode(java.util.Arrays.copyOf(leaf, leaf.length + 1)))
                .hasMessageContaining("1 bytes after the last field");
        assertThatThrownBy(() -> LeafEncoding.decode(new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LeafEncoding.decode(HexFormat.of().parseHex("017fffffff65")))
                .hasMessageContaining("runs past the end");
        assertThatThrownBy(() -> LeafEncoding.decode(HexFormat.of().parseHex("01ffffffff")))
                .hasMessageContaining("null for eventIdentifier");
        byte[] badUtf8 = leaf.clone();
        badUtf8[5] = (byte) 0xC3; // "e" becomes the first byte of a two-byte sequence
        assertThatThrownBy(() -> LeafEncoding.decode(badUtf8)).hasMessageContaining("eventIdentifier is not valid UTF-8");
    }

    @Test
    void aStringThatIsNotUnicodeIsRefusedNotEncodedLossily() {
        LogEvent unpaired = new LogEvent("\uD800", null, "s", 0, "t", "p", null, new byte[0], null);
        assertThatThrownBy(() -> LeafEncoding.encode(unpaired)).hasMessageContaining("eventIdentifier");
    }

    static LongStream seeds() {
        return RandomCases.seeds(100);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void anyEventSurvivesEncodingAndJson(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        LogEvent event = new LogEvent(text(random), random.nextBoolean() ? null : text(random), text(random),
                random.nextLong(), text(random), text(random), random.nextBoolean() ? null : text(random),
                bytes(random), random.nextBoolean() ? null : bytes(random));
        assertThat(LeafEncoding.decode(LeafEncoding.encode(event))).as("seed %d", seed).isEqualTo(event);
        assertThat(LogEvent.fromJson(event.toJson())).as("seed %d", seed).isEqualTo(event);
    }

    @Test
    void theJsonFormHasTheNineFieldsWithBase64Bytes() throws Exception {
        LogEvent event = new LogEvent("e-1", "Client", "client-7", 3, "2025-03-01T09:30:00Z", "T", "1",
                "{}".getBytes(StandardCharsets.UTF_8), null);
        assertThat(Json.MAPPER.writeValueAsString(event.toJson())).isEqualTo("{\"eventIdentifier\":\"e-1\","
                + "\"aggregateType\":\"Client\",\"streamId\":\"client-7\",\"sequence\":3,"
                + "\"timestamp\":\"2025-03-01T09:30:00Z\",\"payloadType\":\"T\",\"payloadRevision\":\"1\","
                + "\"payload\":\"e30=\",\"metadata\":null}");
    }

    @Test
    void fromJsonNamesTheFieldThatIsWrong() throws Exception {
        JsonNode good = SMALL.toJson();
        assertThat(LogEvent.fromJson(good)).isEqualTo(SMALL);
        assertThatThrownBy(() -> LogEvent.fromJson(((com.fasterxml.jackson.databind.node.ObjectNode) good.deepCopy())
                .remove(java.util.List.of("streamId")))).hasMessageContaining("streamId is missing");
        assertThatThrownBy(() -> LogEvent.fromJson(((com.fasterxml.jackson.databind.node.ObjectNode) good.deepCopy())
                .put("payload", "not base64!"))).hasMessageContaining("payload is not base64");
        assertThatThrownBy(() -> LogEvent.fromJson(((com.fasterxml.jackson.databind.node.ObjectNode) good.deepCopy())
                .put("sequence", 1.5))).hasMessageContaining("sequence must be a whole number");
        assertThatThrownBy(() -> LogEvent.fromJson(((com.fasterxml.jackson.databind.node.ObjectNode) good.deepCopy())
                .put("sequence", "1"))).hasMessageContaining("sequence must be a whole number");
        assertThatThrownBy(() -> LogEvent.fromJson(((com.fasterxml.jackson.databind.node.ObjectNode) good.deepCopy())
                .put("timestamp", 5))).hasMessageContaining("timestamp must be a string");
        assertThatThrownBy(() -> LogEvent.fromJson(Json.MAPPER.readTree("[]"))).hasMessageContaining("JSON object");
    }

    @Test
    void theEventKeepsItsOwnCopyOfTheBytes() {
        byte[] payload = {1, 2, 3};
        LogEvent event = new LogEvent("e", null, "s", 0, "t", "p", null, payload, null);
        payload[0] = 9;
        event.payload()[1] = 9;
        assertThat(event.payload()).containsExactly(1, 2, 3);
    }

    private static String text(SplittableRandom random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            int codePoint;
            do {
                codePoint = random.nextInt(4) == 0 ? random.nextInt(0x80, 0x10FFFF) : random.nextInt(0x20, 0x7F);
            } while (Character.getType(codePoint) == Character.SURROGATE);
            text.appendCodePoint(codePoint);
        }
        return text.toString();
    }

    private static byte[] bytes(SplittableRandom random) {
        byte[] bytes = new byte[random.nextInt(30)];
        random.nextBytes(bytes);
        return bytes;
    }
}
