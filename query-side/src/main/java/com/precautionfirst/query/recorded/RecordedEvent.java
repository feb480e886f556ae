package com.precautionfirst.query.history;

import com.precautionfirst.api.MetadataKeys;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import org.axonframework.eventhandling.DomainEventMessage;

/**
 * One stored event as the history fold sees it: its stream, its number in that stream, when, who and in which role.
 * Built the same way from a tracked event (live projection) and from {@code readEvents} (as-of reconstruction), so
 * both fold identical values.
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

    /**
     * The client whose record an event belongs to. Every event of the contract names its client in a
     * {@code clientId} component; reading it generically keeps events added later routable without a change here.
     */
    public static String clientIdOf(Object payload) {
        if (!(payload instanceof Record record)) {
            return null;
        }
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            if (component.getName().equals("clientId")) {
                try {
                    Object value = component.getAccessor().invoke(record);
                    return value == null ? null : value.toString();
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new IllegalStateException("cannot read clientId of " + record.getClass(), e);
                }
            }
        }
        return null;
    }
}
