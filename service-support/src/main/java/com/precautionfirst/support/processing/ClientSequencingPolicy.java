package com.precautionfirst.support.processing;

import com.precautionfirst.api.events.ClientEvent;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.springframework.stereotype.Component;

/**
 * Keeps all events of one client (its record and its sessions) in one sequence, so a processor split into segments
 * handles them on one thread, in store order. Axon's default orders per aggregate only: a session's events could
 * then be projected before the client's registration, or two instances could update one client's row at once.
 * Every segment thread asks this for every event, so it must be cheap: the payload's type (known without
 * deserializing) says whether it is a {@link ClientEvent}, which then names its client; anything else (user
 * accounts) falls back to per-aggregate order without its payload being read. Select it per processor with
 * {@code axon.eventhandling.processors.<name>.sequencing-policy: clientSequencingPolicy}.
 */
@Component("clientSequencingPolicy")
public class ClientSequencingPolicy implements SequencingPolicy<EventMessage<?>> {

    private final SequentialPerAggregatePolicy fallback = SequentialPerAggregatePolicy.instance();

    @Override
    public Object getSequenceIdentifierFor(EventMessage<?> event) {
        if (ClientEvent.class.isAssignableFrom(event.getPayloadType())
                && event.getPayload() instanceof ClientEvent clientEvent && clientEvent.clientId() != null) {
            return clientEvent.clientId();
        }
        return fallback.getSequenceIdentifierFor(event);
    }
}
