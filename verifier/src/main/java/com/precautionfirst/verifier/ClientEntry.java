package com.precautionfirst.verifier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The entry of one logged event in its client's chain (decision 0060): what the event is, without its content. It
 * names the event's leaf (index and hash), its payload type, a time ({@code at}) and tags of the session, clearance
 * and condition it concerns, so that a verifier can apply an export's selection rule to every event of a client,
 * also to those the export rightly leaves out. {@code clientId} is the chain the entry belongs to; it is not part of
 * the entry's bytes (the client map binds it to the chain's head).
 *
 * <p>Derived from the stored event ({@link #of}): the payload, read as UTF-8 JSON text, must be an object (member
 * names unique) with a string member {@code clientId}; otherwise the event has no entry. {@code at} is the payload's
 * string {@code startedAt} for a {@value #SESSION_STARTED}, else the stored timestamp. A tag is
 * {@code SHA-256("precaution-first tag v1\n" ‖ kind ‖ "\n" ‖ clientId ‖ "\n" ‖ id)} (UTF-8; kind {@code session},
 * {@code clearance}, {@code condition}) of the payload's string member {@code sessionId}, {@code clearanceId},
 * {@code conditionId}; null when the member is absent or not a string.
 *
 * <p>Bytes ({@link #encode}): one byte 0x01 (the entry format version); leafIndex, 8 bytes big-endian; leafHash, 32
 * bytes; payloadType and at as string fields; the three tags as bytes fields, in the field encoding of
 * {@link LeafEncoding} (4-byte big-endian length then the bytes, or FF FF FF FF for null). {@link #decode} reads
 * exactly that and refuses anything else.
 */
public record ClientEntry(String clientId, long leafIndex, byte[] leafHash, String payloadType, String at,
                          byte[] sessionTag, byte[] clearanceTag, byte[] conditionTag) {

    /** The entry format version, the first byte of every entry. */
    public static final int VERSION = 0x01;
    /** The payload type whose entry carries the payload's {@code startedAt} instead of the stored timestamp. */
    public static final String SESSION_STARTED = "com.precautionfirst.api.events.SessionStarted";
    private static final String TAG_PREFIX = "precaution-first tag v1\n";

    public ClientEntry {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(payloadType, "payloadType");
        Objects.requireNonNull(at, "at");
        if (leafIndex < 0) {
            throw new IllegalArgumentException("leafIndex is negative");
        }
        leafHash = MerkleTree.requireHash(leafHash, "leafHash").clone();
        sessionTag = optionalHash(sessionTag, "sessionTag");
        clearanceTag = optionalHash(clearanceTag, "clearanceTag");
        conditionTag = optionalHash(conditionTag, "conditionTag");
    }

    /**
     * The entry of the event logged as leaf {@code leafIndex}, or empty when the event is not a client's (its payload
     * is no JSON object with a string {@code clientId}).
     */
    public static Optional<ClientEntry> of(LogEvent event, long leafIndex) {
        JsonNode payload = jsonObject(event.payload());
        String clientId = payload == null ? null : text(payload, "clientId");
        if (clientId == null) {
            return Optional.empty();
        }
        String startedAt = text(payload, "startedAt");
        String at = SESSION_STARTED.equals(event.payloadType()) && startedAt != null ? startedAt : event.timestamp();
        return Optional.of(new ClientEntry(clientId, leafIndex, LeafEncoding.leafHash(event), event.payloadType(), at,
                tag("session", clientId, text(payload, "sessionId")),
                tag("clearance", clientId, text(payload, "clearanceId")),
                tag("condition", clientId, text(payload, "conditionId"))));
    }

    /**
     * {@code SHA-256("precaution-first tag v1\n" ‖ kind ‖ "\n" ‖ clientId ‖ "\n" ‖ id)}, or null for a null id: how a
     * verifier that knows an id (from an included event) finds the entries that concern it.
     */
    public static byte[] tag(String kind, String clientId, String id) {
        if (id == null) {
            return null;
        }
        try {
            return MessageDigest.getInstance("SHA-256").digest((TAG_PREFIX + kind + "\n" + clientId + "\n" + id)
                    .getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** The entry's canonical bytes, as described above: what the chain hashes. */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(VERSION);
        out.writeBytes(ByteBuffer.allocate(8).putLong(leafIndex).array());
        out.writeBytes(leafHash);
        LeafEncoding.writeField(out, LeafEncoding.utf8(payloadType, "payloadType"));
        LeafEncoding.writeField(out, LeafEncoding.utf8(at, "at"));
        LeafEncoding.writeField(out, sessionTag);
        LeafEncoding.writeField(out, clearanceTag);
        LeafEncoding.writeField(out, conditionTag);
        return out.toByteArray();
    }

    /**
     * The entry of {@code clientId}'s chain whose bytes these are.
     *
     * @throws IllegalArgumentException if they are not exactly the encoding of an entry
     */
    public static ClientEntry decode(String clientId, byte[] bytes) {
        if (clientId == null) {
            throw new IllegalArgumentException("an entry belongs to a client's chain: no client given");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            int version = in.get() & 0xFF;
            if (version != VERSION) {
                throw new IllegalArgumentException("entry format version " + version + ", only " + VERSION
                        + " is known");
            }
            long leafIndex = in.getLong();
            byte[] leafHash = new byte[MerkleTree.HASH_LENGTH];
            in.get(leafHash);
            String payloadType = LeafEncoding.readString(in, "payloadType");
            String at = LeafEncoding.readString(in, "at");
            byte[] sessionTag = LeafEncoding.readBytes(in, "sessionTag");
            byte[] clearanceTag = LeafEncoding.readBytes(in, "clearanceTag");
            byte[] conditionTag = LeafEncoding.readBytes(in, "conditionTag");
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " bytes after the last field of the entry");
            }
            if (payloadType == null || at == null) {
                throw new IllegalArgumentException("the entry has null for " + (payloadType == null ? "payloadType"
                        : "at") + ", which every entry has");
            }
            return new ClientEntry(clientId, leafIndex, leafHash, payloadType, at, sessionTag, clearanceTag,
                    conditionTag);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("the entry ends in the middle of a field");
        }
    }

    private static byte[] optionalHash(byte[] hash, String field) {
        return hash == null ? null : MerkleTree.requireHash(hash, field).clone();
    }

    /**
     * The payload as a JSON object, or null when it is not strictly one (UTF-8, member names unique): the one reading
     * of a payload for the entry, the export's selection rule and its consent check.
     */
    static JsonNode jsonObject(byte[] payload) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload)).toString();
            JsonNode json = Json.MAPPER.readTree(text);
            return json != null && json.isObject() ? json : null;
        } catch (CharacterCodingException | JsonProcessingException e) {
            return null;
        }
    }

    /** The member's string value, or null when it is absent or not a string. */
    static String text(JsonNode object, String field) {
        JsonNode value = object.get(field);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    @Override
    public byte[] leafHash() {
        return leafHash.clone();
    }

    @Override
    public byte[] sessionTag() {
        return sessionTag == null ? null : sessionTag.clone();
    }

    @Override
    public byte[] clearanceTag() {
        return clearanceTag == null ? null : clearanceTag.clone();
    }

    @Override
    public byte[] conditionTag() {
        return conditionTag == null ? null : conditionTag.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClientEntry e && leafIndex == e.leafIndex && clientId.equals(e.clientId)
                && Arrays.equals(leafHash, e.leafHash) && payloadType.equals(e.payloadType) && at.equals(e.at)
                && Arrays.equals(sessionTag, e.sessionTag) && Arrays.equals(clearanceTag, e.clearanceTag)
                && Arrays.equals(conditionTag, e.conditionTag);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clientId, leafIndex, Arrays.hashCode(leafHash), payloadType, at,
                Arrays.hashCode(sessionTag), Arrays.hashCode(clearanceTag), Arrays.hashCode(conditionTag));
    }

    @Override
    public String toString() {
        return "ClientEntry[clientId=" + clientId + ", leafIndex=" + leafIndex + ", leafHash=" + Hex.encode(leafHash)
                + ", payloadType=" + payloadType + ", at=" + at + ", sessionTag=" + hex(sessionTag)
                + ", clearanceTag=" + hex(clearanceTag) + ", conditionTag=" + hex(conditionTag) + "]";
    }

    private static String hex(byte[] bytes) {
        return bytes == null ? "null" : Hex.encode(bytes);
    }
}
