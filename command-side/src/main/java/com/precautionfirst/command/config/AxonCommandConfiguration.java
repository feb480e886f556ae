package com.precautionfirst.command.config;

import com.precautionfirst.command.session.RevocationStopsSessions;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/** How the command side's own event handlers run. */
@Configuration
public class AxonCommandConfiguration {

    /**
     * Subscribing, so the handlers run inside the appending transaction; propagating, so that a failure (e.g. a
     * session that cannot be stopped) rolls back the revocation instead of being logged and forgotten.
     */
    @Autowired
    public void openSessionsByClearance(EventProcessingConfigurer processing) {
        processing.registerSubscribingEventProcessor(RevocationStopsSessions.PROCESSING_GROUP)
                .registerListenerInvocationErrorHandler(RevocationStopsSessions.PROCESSING_GROUP,
                        configuration -> PropagatingErrorHandler.instance());
    }
}
