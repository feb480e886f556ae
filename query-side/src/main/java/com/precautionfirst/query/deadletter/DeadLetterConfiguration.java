package com.precautionfirst.query.deadletter;

import java.util.Set;
import java.util.TreeSet;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.springboot.EventProcessorProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/**
 * A projection handler that throws must not skip its event (Axon's default logs the error and goes on, and the
 * client's record then lacks the event for good while everything looks healthy). Every processing group with
 * {@code axon.eventhandling.processors.<group>.dlq.enabled: true} (application.yml: history, audit, users) gets
 * Axon's JPA dead-letter queue (table {@code dead_letter_entry}), sequenced like the processor: the failed event
 * and every later event of its sequence (the client, with {@code clientSequencingPolicy}) wait in the queue, in
 * order, while other sequences go on. Here each such group also gets:
 * <ul>
 *     <li>the enqueue policy and savepoints of {@link FailedEventIsolation}, so a failure leaves nothing behind;</li>
 *     <li>a queue emptied when its processor is reset: a rebuild replays every event, the waiting ones too, and
 *     meets again whatever still fails;</li>
 *     <li>the sequence identifier cache: without it, every event costs a query asking whether its sequence waits in
 *     the queue (the cache knows it while the queue was empty when the segment was claimed). Axon's own
 *     {@code dlq.cache.enabled} property would replace this whole configuration, so it stays unset.</li>
 * </ul>
 * The signed log ({@code log}) has no queue: it must take every event in one order, so a failure there rolls its
 * batch back and is retried (LogConfiguration). Decision 0052.
 */
@Configuration
public class DeadLetterConfiguration {

    /** The processing groups that have a dead-letter queue. */
    static Set<String> groups(EventProcessorProperties processors) {
        Set<String> groups = new TreeSet<>();
        processors.getProcessors().forEach((name, settings) -> {
            if (settings.getDlq().isEnabled()) {
                groups.add(name);
            }
        });
        return groups;
    }

    @Autowired
    public void deadLetterTheProjections(EventProcessingConfigurer processing, EventProcessorProperties processors,
                                         FailedEventIsolation isolation, Savepoints savepoints) {
        for (String group : groups(processors)) {
            processing.registerDeadLetterPolicy(group, configuration -> isolation.policy(group));
            processing.registerDeadLetteringEventHandlerInvokerConfiguration(group, (configuration, invoker) -> invoker
                    .allowReset(true)
                    .enableSequenceIdentifierCache()
                    .transactionManager(savepoints.transactionManager(
                            configuration.eventProcessingConfiguration().transactionManager(group))));
        }
    }
}
