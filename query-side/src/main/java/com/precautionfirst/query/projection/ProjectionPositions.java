package com.precautionfirst.query.projection;

import com.precautionfirst.query.store.EventStoreRows;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Where the query side's tracking processors stand in the event store: read-your-writes waits on it, and the
 * lag gauge {@code treatment.projection.lag} (events behind the newest one in the store, per processor) shows it.
 */
@Component
@EnableConfigurationProperties(ProjectionProperties.class)
public class ProjectionPositions {

    private final EventProcessingConfiguration processing;
    private final EventStoreRows rows;
    private final MeterRegistry meters;

    public ProjectionPositions(EventProcessingConfiguration processing, EventStoreRows rows, MeterRegistry meters) {
        this.processing = processing;
        this.rows = rows;
        this.meters = meters;
    }

    @EventListener(ApplicationReadyEvent.class)
    void registerLagGauges() {
        processors().forEach(p -> Gauge.builder("treatment.projection.lag", p, this::lag)
                .description("events in the store the processor has not processed yet")
                .tag("processor", p.getName())
                .baseUnit("events")
                .register(meters));
    }

    /** Waits until every processor has processed the given global position; false when the timeout passed. */
    public boolean await(long position, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!reached(position)) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    public boolean reached(long position) {
        return processors().stream().allMatch(p -> position(p) >= position);
    }

    public List<TrackingEventProcessor> processors() {
        return processing.eventProcessors().values().stream()
                .filter(TrackingEventProcessor.class::isInstance)
                .map(TrackingEventProcessor.class::cast)
                .sorted((a, b) -> a.getName().compareTo(b.getName()))
                .toList();
    }

    /** The lowest position over the processor's segments; -1 while it has none (starting, or just reset). */
    static long position(TrackingEventProcessor processor) {
        Map<Integer, EventTrackerStatus> status = processor.processingStatus();
        if (status.isEmpty()) {
            return -1;
        }
        return status.values().stream()
                .map(s -> s.isErrorState() ? OptionalLong.empty() : s.getCurrentPosition())
                .mapToLong(p -> p.orElse(-1))
                .min().orElse(-1);
    }

    private double lag(TrackingEventProcessor processor) {
        return Math.max(0, rows.headPosition() - position(processor));
    }
}
