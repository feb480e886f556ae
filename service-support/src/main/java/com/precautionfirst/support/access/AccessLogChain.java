package com.precautionfirst.support.access;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.precautionfirst.support.time.EpochMicros;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The access log's hash chain, like the audit trail's (decision 0022): {@code hash = SHA-256(previousHash +
 * canonical entry)}, hex; the first entry's previous hash is 64 zeros. The canonical entry is a JSON object with
 * sorted keys of the entry's position in the chain, time (microseconds since the epoch, as stored), user, role,
 * client, session, endpoint and outcome, exactly as stored.
 */
public final class AccessLogChain {

    /** The previous hash of the first entry. */
    public static final String GENESIS = "0".repeat(64);

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private AccessLogChain() {
    }

    /** The hash of {@code entry} after {@code previousHash}; the entry's own hash fields are not part of it. */
    public static String hash(String previousHash, AccessLog.Entry entry) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((previousHash + canonical(entry)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String canonical(AccessLog.Entry entry) {
        Map<String, Object> canonical = new TreeMap<>();
        canonical.put("at", micros(entry.at()));
        canonical.put("clientId", entry.clientId());
        canonical.put("endpoint", entry.endpoint());
        canonical.put("outcome", entry.outcome());
        canonical.put("position", entry.position());
        canonical.put("role", entry.role());
        canonical.put("sessionId", entry.sessionId());
        canonical.put("userId", entry.userId());
        try {
            return CANONICAL.writeValueAsString(canonical);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static long micros(Instant instant) {
        return EpochMicros.of(instant);
    }

    public static Instant instant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }
}
