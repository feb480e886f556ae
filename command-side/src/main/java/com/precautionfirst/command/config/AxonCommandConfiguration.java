package com.precautionfirst.command.config;

import com.precautionfirst.command.session.RevocationStopsSessions;
import com.precautionfirst.command.user.UserDirectoryTable;
import java.util.List;
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
    public void inTheAppendingTransaction(EventProcessingConfigurer processing) {
        for (String group : List.of(RevocationStopsSessions.PROCESSING_GROUP, UserDirectoryTable.PROCESSING_GROUP)) {
            processing.registerSubscribingEventProcessor(group)
                    .registerListenerInvocationErrorHandler(group, configuration -> PropagatingErrorHandler.instance());
        }
    }
}
