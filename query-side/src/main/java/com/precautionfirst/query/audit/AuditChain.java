package com.precautionfirst.query.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.precautionfirst.query.store.StoredEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hash chain of a client's events: {@code hash = SHA-256(previousHash + canonical event)}, where the canonical
 * event is a JSON object with sorted keys of the stored event's stream, sequence, global position, type, revision,
 * payload, metadata and timestamp. Payload and metadata are parsed and re-written with sorted keys, so the hash
 * depends on what the event says, not on how a serializer happened to order its fields.
 */
public final class AuditChain {

    /** The previous hash of a client's first event. */
    public static final String GENESIS = "0".repeat(64);

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private AuditChain() {
    }

    public static String hash(String previousHash, StoredEvent event) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha256.digest((previousHash + canonical(event)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String canonical(StoredEvent event) {
        Map<String, Object> canonical = new TreeMap<>();
        canonical.put("globalPosition", event.globalPosition());
        canonical.put("metadata", parse(event.metadata()));
        canonical.put("payload", parse(event.payload()));
        canonical.put("revision", event.revision());
        canonical.put("sequence", event.sequence());
        canonical.put("streamId", event.streamId());
        canonical.put("timestamp", event.timestamp());
        canonical.put("type", event.payloadType());
        try {
            return CANONICAL.writeValueAsString(canonical);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stored JSON as a tree; bytes that are not JSON (damage) still hash, as their base64 text. */
    private static Object parse(byte[] json) {
        if (json == null) {
            return null;
        }
        try {
            return CANONICAL.readValue(json, Object.class);
        } catch (IOException e) {
            return "base64:" + Base64.getEncoder().encodeToString(json);
        }
    }
}
