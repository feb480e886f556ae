package com.precautionfirst.query.deadletter;

import java.util.Set;
import java.util.TreeSet;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.deadletter.jpa.JpaSequencedDeadLetterQueue;
import org.axonframework.serialization.Serializer;
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
 *     <li>the sequence identifier cache: without it, every event costs a query asking whether its sequence waits in
 *     the queue (the cache knows it while the queue was empty when the segment was claimed). Axon's own
 *     {@code dlq.cache.enabled} property would replace this whole configuration, so it stays unset.</li>
 * </ul>
 * The processor of a rebuild (decision 0056) gets the same through {@link #deadLetterTheRebuild}: its letters become
 * the live processor's when the rebuild switches. The signed log ({@code log}) has no queue: it must take every
 * event in one order, so a failure there rolls its batch back and is retried (LogConfiguration). Decision 0052.
 */
@Configuration
public class DeadLetterConfiguration {

    private final FailedEventIsolation isolation;
    private final Savepoints savepoints;

    DeadLetterConfiguration(FailedEventIsolation isolation, Savepoints savepoints) {
        this.isolation = isolation;
        this.savepoints = savepoints;
    }

    /** The processing groups that have a dead-letter queue by application.yml. */
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
    public void deadLetterTheProjections(EventProcessingConfigurer processing, EventProcessorProperties processors) {
        groups(processors).forEach(group -> isolate(processing, group));
    }

    /**
     * Gives the processing group of a rebuild the JPA dead-letter queue the properties give a live group, and the
     * same isolation.
     */
    public void deadLetterTheRebuild(EventProcessingConfigurer processing, String group,
                                     EntityManagerProvider entityManagers, TransactionManager transactions,
                                     Serializer serializer) {
        processing.registerDeadLetterQueue(group, configuration -> JpaSequencedDeadLetterQueue.builder()
                .processingGroup(group)
                .entityManagerProvider(entityManagers)
                .transactionManager(transactions)
                .genericSerializer(serializer)
                .eventSerializer(serializer)
                .build());
        isolate(processing, group);
    }

    private void isolate(EventProcessingConfigurer processing, String group) {
        processing.registerDeadLetterPolicy(group, configuration -> isolation.policy(group));
        processing.registerDeadLetteringEventHandlerInvokerConfiguration(group, (configuration, invoker) -> invoker
                .enableSequenceIdentifierCache()
                .transactionManager(savepoints.transactionManager(
                        configuration.eventProcessingConfiguration().transactionManager(group))));
    }
}
