package com.precautionfirst.query.store;

/** One row of the event store exactly as stored (payload and metadata as the serialized bytes). */
public record StoredEvent(long globalPosition, String streamId, long sequence, String aggregateType,
                          String eventIdentifier, String payloadType, String revision, byte[] payload,
                          byte[] metadata, String timestamp) {
}
