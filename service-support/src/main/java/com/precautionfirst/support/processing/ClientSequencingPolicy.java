package com.precautionfirst.support.processing;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.springframework.stereotype.Component;

/**
 * Keeps all events of one client (its record and its sessions) in one sequence, so a processor split into segments
 * handles them on one thread, in store order. Axon's default orders per aggregate only: a session's events could
 * then be projected before the client's registration, or two instances could update one client's row at once.
 * Every event of the domain names its {@code clientId}; anything else falls back to per-aggregate order. Select it
 * per processor with {@code axon.eventhandling.processors.<name>.sequencing-policy: clientSequencingPolicy}.
 */
@Component("clientSequencingPolicy")
public class ClientSequencingPolicy implements SequencingPolicy<EventMessage<?>> {

    private final Map<Class<?>, Optional<Method>> accessors = new ConcurrentHashMap<>();
    private final SequentialPerAggregatePolicy fallback = SequentialPerAggregatePolicy.instance();

    @Override
    public Object getSequenceIdentifierFor(EventMessage<?> event) {
        Object payload = event.getPayload();
        Optional<Method> accessor = accessors.computeIfAbsent(payload.getClass(), ClientSequencingPolicy::clientIdOf);
        if (accessor.isPresent()) {
            try {
                Object clientId = accessor.get().invoke(payload);
                if (clientId != null) {
                    return clientId;
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Cannot read clientId of " + payload.getClass().getName(), e);
            }
        }
        return fallback.getSequenceIdentifierFor(event);
    }

    private static Optional<Method> clientIdOf(Class<?> type) {
        if (!type.isRecord()) {
            return Optional.empty();
        }
        for (RecordComponent component : type.getRecordComponents()) {
            if (component.getName().equals("clientId") && component.getType() == String.class) {
                return Optional.of(component.getAccessor());
            }
        }
        return Optional.empty();
    }
}
