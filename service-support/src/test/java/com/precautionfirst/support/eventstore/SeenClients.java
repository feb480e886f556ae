package com.precautionfirst.support.eventstore;

import com.precautionfirst.api.events.ClientRegistered;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

/**
 * A tracking processor's handler that remembers which registrations reached it, in order. Not a component: only
 * the tests that name it get it.
 */
@ProcessingGroup("gap-probe")
public class SeenClients {

    final List<String> ids = new CopyOnWriteArrayList<>();

    @EventHandler
    void on(ClientRegistered event) {
        ids.add(event.clientId());
    }
}
