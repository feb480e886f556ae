package com.precautionfirst.verifier;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The canonical bytes of one stored event, the input of its Merkle leaf hash
 * ({@code MerkleTree.leafHash(LeafEncoding.encode(event))}). Documented in the module's README ("Leaf
 * encoding") so that anyone can recompute a leaf without this code:
 *
 * <ul>
 *   <li>one byte 0x01, the format version;</li>
 *   <li>then eventIdentifier, aggregateType, streamId, sequence, timestamp, payloadType, payloadRevision,
 *       payload, metadata, in this order;</li>
 *   <li>a string or bytes field: its length as a 4-byte big-endian unsigned number, then its bytes (strings in
 *       UTF-8); a null field: the 4 bytes FF FF FF FF and nothing after;</li>
 *   <li>sequence: 8 bytes, big-endian two's complement, no length.</li>
 * </ul>
 *
 * <p>What it guarantees: one event has exactly one encoding and {@link #decode} reads it back, refusing anything
 * else (another version, a length past the end, bytes left over, malformed UTF-8). Strings that are not valid
 * Unicode (an unpaired surrogate) are refused rather than encoded lossily.
 */
public final class LeafEncoding {

    /** The format version, the first byte of every leaf. */
    public static final int VERSION = 0x01;

    private static final int NULL_LENGTH = 0xFFFFFFFF;

    private LeafEncoding() {
    }

    /**
     * The canonical bytes of the event.
     *
     * @throws IllegalArgumentException if a string is not valid Unicode
     */
    public static byte[] encode(LogEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(VERSION);
        writeField(out, utf8(event.eventIdentifier(), "eventIdentifier"));
        writeField(out, utf8(event.aggregateType(), "aggregateType"));
        writeField(out, utf8(event.streamId(), "streamId"));
        out.writeBytes(ByteBuffer.allocate(8).putLong(event.sequence()).array());
        writeField(out, utf8(event.timestamp(), "timestamp"));
        writeField(out, utf8(event.payloadType(), "payloadType"));
        writeField(out, utf8(event.payloadRevision(), "payloadRevision"));
        writeField(out, event.payload());
        writeField(out, event.metadata());
        return out.toByteArray();
    }

    /** The leaf hash of the event: SHA-256(0x00 || encode(event)). */
    public static byte[] leafHash(LogEvent event) {
        return MerkleTree.leafHash(encode(event));
    }

    /**
     * The event whose canonical bytes these are.
     *
     * @throws IllegalArgumentException if they are not exactly the encoding of an event
     */
    public static LogEvent decode(byte[] leaf) {
        ByteBuffer in = ByteBuffer.wrap(leaf);
        try {
            int version = in.get() & 0xFF;
            if (version != VERSION) {
                throw new IllegalArgumentException("leaf format version " + version + ", only " + VERSION
                        + " is known");
            }
            String eventIdentifier = required(readString(in, "eventIdentifier"), "eventIdentifier");
            String aggregateType = readString(in, "aggregateType");
            String streamId = required(readString(in, "streamId"), "streamId");
            long sequence = in.getLong();
            String timestamp = required(readString(in, "timestamp"), "timestamp");
            String payloadType = required(readString(in, "payloadType"), "payloadType");
            String payloadRevision = readString(in, "payloadRevision");
            byte[] payload = required(readBytes(in, "payload"), "payload");
            byte[] metadata = readBytes(in, "metadata");
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " bytes after the last field of the leaf");
            }
            return new LogEvent(eventIdentifier, aggregateType, streamId, sequence, timestamp, payloadType,
                    payloadRevision, payload, metadata);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("the leaf ends in the middle of a field");
        }
    }

    static <T> T required(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("the leaf has null for " + field + ", which every event has");
        }
        return value;
    }

    static void writeField(ByteArrayOutputStream out, byte[] value) {
        if (value == null) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(NULL_LENGTH).array());
        } else {
            out.writeBytes(ByteBuffer.allocate(4).putInt(value.length).array());
            out.writeBytes(value);
        }
    }

    static byte[] readBytes(ByteBuffer in, String field) {
        int length = in.getInt();
        if (length == NULL_LENGTH) {
            return null;
        }
        long unsigned = Integer.toUnsignedLong(length);
        if (unsigned > in.remaining()) {
            throw new IllegalArgumentException("the length of " + field + " (" + unsigned
                    + ") runs past the end of the leaf");
        }
        byte[] value = new byte[length];
        in.get(value);
        return value;
    }

    static String readString(ByteBuffer in, String field) {
        byte[] bytes = readBytes(in, field);
        if (bytes == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(field + " is not valid UTF-8");
        }
    }

    static byte[] utf8(String value, String field) {
        if (value == null) {
            return null;
        }
        try {
            ByteBuffer bytes = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(value));
            byte[] result = new byte[bytes.remaining()];
            bytes.get(result);
            return result;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(field + " is not valid Unicode (an unpaired surrogate?)");
        }
    }
}
