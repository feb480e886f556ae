package com.precautionfirst.command.client;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.precautionfirst.api.commands.RegisterClient;
import com.precautionfirst.api.events.ClientRegistered;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/** One client's record: one event stream per client. Knows the conditions and clearances, so it decides sessions. */
@Aggregate
public class ClientRecord {

    @AggregateIdentifier
    private String clientId;

    protected ClientRecord() {
        // for Axon
    }

    /** A second registration of the same id fails when the stream's first event is appended (answered 409). */
    @CommandHandler
    public ClientRecord(RegisterClient command) {
        apply(new ClientRegistered(command.clientId(), command.name(), command.dateOfBirth()));
    }

    @EventSourcingHandler
    void on(ClientRegistered event) {
        this.clientId = event.clientId();
    }
}
