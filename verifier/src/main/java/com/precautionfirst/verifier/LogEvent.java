package com.precautionfirst.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * One stored event, with exactly the fields that make its Merkle leaf ({@link LeafEncoding}): the columns of the
 * event store as stored. {@code aggregateType}, {@code payloadRevision} and {@code metadata} may be null; the
 * other fields may not. Byte arrays are copied in and out, and compared by content.
 *
 * <p>JSON form (exports): an object with these nine field names; strings as they are, {@code sequence} a number,
 * {@code payload} and {@code metadata} base64 (RFC 4648 section 4, with padding); a null field is JSON null or
 * absent.
 */
public record LogEvent(String eventIdentifier, String aggregateType, String streamId, long sequence,
                       String timestamp, String payloadType, String payloadRevision, byte[] payload,
                       byte[] metadata) {

    public LogEvent {
        Objects.requireNonNull(eventIdentifier, "eventIdentifier");
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(payloadType, "payloadType");
        Objects.requireNonNull(payload, "payload");
        payload = payload.clone();
        metadata = metadata == null ? null : metadata.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public byte[] metadata() {
        return metadata == null ? null : metadata.clone();
    }

    /** The JSON form described above. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("eventIdentifier", eventIdentifier);
        json.put("aggregateType", aggregateType);
        json.put("streamId", streamId);
        json.put("sequence", sequence);
        json.put("timestamp", timestamp);
        json.put("payloadType", payloadType);
        json.put("payloadRevision", payloadRevision);
        json.put("payload", Base64.getEncoder().encodeToString(payload));
        json.put("metadata", metadata == null ? null : Base64.getEncoder().encodeToString(metadata));
        return json;
    }

    /**
     * Reads the JSON form described above.
     *
     * @throws IllegalArgumentException naming the field that is missing, of the wrong type or not base64
     */
    public static LogEvent fromJson(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("an event must be a JSON object");
        }
        JsonNode sequence = json.get("sequence");
        if (sequence == null || !sequence.canConvertToExactIntegral() || !sequence.canConvertToLong()) {
            throw new IllegalArgumentException("event field sequence must be a whole number");
        }
        return new LogEvent(
                text(json, "eventIdentifier", true),
                text(json, "aggregateType", false),
                text(json, "streamId", true),
                sequence.asLong(),
                text(json, "timestamp", true),
                text(json, "payloadType", true),
                text(json, "payloadRevision", false),
                base64(json, "payload", true),
                base64(json, "metadata", false));
    }

    private static String text(JsonNode json, String field, boolean required) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new IllegalArgumentException("event field " + field + " is missing");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("event field " + field + " must be a string");
        }
        return value.textValue();
    }

    private static byte[] base64(JsonNode json, String field, boolean required) {
        String text = text(json, field, required);
        if (text == null) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("event field " + field + " is not base64: " + e.getMessage());
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LogEvent e && sequence == e.sequence
                && eventIdentifier.equals(e.eventIdentifier) && Objects.equals(aggregateType, e.aggregateType)
                && streamId.equals(e.streamId) && timestamp.equals(e.timestamp) && payloadType.equals(e.payloadType)
                && Objects.equals(payloadRevision, e.payloadRevision) && Arrays.equals(payload, e.payload)
                && Arrays.equals(metadata, e.metadata);
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventIdentifier, aggregateType, streamId, sequence, timestamp, payloadType,
                payloadRevision, Arrays.hashCode(payload), Arrays.hashCode(metadata));
    }

    @Override
    public String toString() {
        return "LogEvent[eventIdentifier=" + eventIdentifier + ", aggregateType=" + aggregateType + ", streamId="
                + streamId + ", sequence=" + sequence + ", timestamp=" + timestamp + ", payloadType=" + payloadType
                + ", payloadRevision=" + payloadRevision + ", payload=" + payload.length + " bytes, metadata="
                + (metadata == null ? "null" : metadata.length + " bytes") + "]";
    }
}
