package com.precautionfirst.support.eventstore;

import com.precautionfirst.api.events.ClientRegistered;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.stereotype.Component;

/** The shared event store configuration with one tracking processor that remembers what reached it. */
@SpringBootApplication(scanBasePackages = "com.precautionfirst.support")
class GapProbeApplication {

    @Component
    @ProcessingGroup("gap-probe")
    static class SeenClients {

        final List<String> ids = new CopyOnWriteArrayList<>();

        @EventHandler
        void on(ClientRegistered event) {
            ids.add(event.clientId());
        }
    }
}
