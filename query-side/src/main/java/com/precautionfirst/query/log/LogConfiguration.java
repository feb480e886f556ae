package com.precautionfirst.query.log;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The log's processor never skips an event: a failure rolls the batch back and the processor retries it (Axon's
 * default would log the error and go on, leaving a hole in the log for good). Checkpoints are issued on a schedule.
 */
@Configuration
@EnableScheduling
@EnableConfigurationProperties(LogProperties.class)
public class LogConfiguration {

    @Autowired
    public void neverSkipAnEvent(EventProcessingConfigurer processing) {
        processing.registerListenerInvocationErrorHandler(LogProjection.PROCESSOR,
                configuration -> PropagatingErrorHandler.instance());
    }
}
