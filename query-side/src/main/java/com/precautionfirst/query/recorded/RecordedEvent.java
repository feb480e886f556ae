package com.precautionfirst.query.recorded;

import com.precautionfirst.api.MetadataKeys;
import java.time.Instant;
import org.axonframework.eventhandling.DomainEventMessage;

/**
 * One stored event as the folds of the record see it: its stream, its number in that stream, when, who and in which
 * role. Built the same way from a tracked event (live projection) and from {@code readEvents} (as-of
 * reconstruction), so both fold identical values.
 */
public record RecordedEvent(String streamId, long sequence, String type, Instant at, String by, String role,
                            Object payload) {

    public static RecordedEvent of(DomainEventMessage<?> message) {
        Object by = message.getMetaData().get(MetadataKeys.USER_ID);
        Object role = message.getMetaData().get(MetadataKeys.ROLE);
        return new RecordedEvent(message.getAggregateIdentifier(), message.getSequenceNumber(),
                message.getPayloadType().getSimpleName(), message.getTimestamp(),
                by == null ? null : by.toString(), role == null ? null : role.toString(), message.getPayload());
    }
}
