package com.precautionfirst.query.rebuild;

import com.precautionfirst.query.deadletter.DeadLetterConfiguration;
import com.precautionfirst.query.projection.Generations;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.EventProcessorProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * The processors that rebuild the projections beside the live ones (decision 0056): for each rebuilt processor a
 * tracking processor named {@link Generations#rebuildOf} with the live one's settings from application.yml (threads,
 * batch size, segments, claim interval, sequencing policy), the same dead-letter handling, and its own tokens. It
 * does not start with the application: {@link ProjectionRebuild} starts it when a rebuild runs. Its segments are
 * the live processor's, so that at the switch its tokens become the live processor's, segment by segment.
 */
@Configuration
class RebuildProcessors {

    @Autowired
    void registerTheRebuildProcessors(EventProcessingConfigurer processing, EventProcessorProperties properties,
                                      ApplicationContext context, DeadLetterConfiguration deadLetters,
                                      EntityManagerProvider entityManagers, TransactionManager transactions,
                                      Serializer serializer) {
        for (String live : ProjectionRebuild.PROCESSORS) {
            EventProcessorProperties.ProcessorSettings settings = properties.getProcessors().get(live);
            String rebuild = Generations.rebuildOf(live);
            int segments = settings.getInitialSegmentCount() == null ? 1 : settings.getInitialSegmentCount();
            processing.registerTrackingEventProcessor(rebuild, org.axonframework.config.Configuration::eventStore,
                    configuration -> TrackingEventProcessorConfiguration
                            .forParallelProcessing(settings.getThreadCount())
                            .andBatchSize(settings.getBatchSize())
                            .andInitialSegmentsCount(segments)
                            .andTokenClaimInterval(settings.getTokenClaimInterval(),
                                    settings.getTokenClaimIntervalTimeUnit())
                            .andAutoStart(false));
            if (settings.getSequencingPolicy() != null) {
                processing.registerSequencingPolicy(rebuild, configuration ->
                        context.getBean(settings.getSequencingPolicy(), SequencingPolicy.class));
            }
            deadLetters.deadLetterTheRebuild(processing, rebuild, entityManagers, transactions, serializer);
        }
    }
}
