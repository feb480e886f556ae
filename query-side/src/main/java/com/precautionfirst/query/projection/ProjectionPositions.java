package com.precautionfirst.query.projection;

import com.precautionfirst.query.store.EventStoreRows;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Where the query side's tracking processors stand in the event store: read-your-writes waits on it, and the
 * lag gauge {@code treatment.projection.lag} (events behind the newest one in the store, per processor) shows it.
 * The live processors count, not the processors of a rebuild (their projections are not read yet); while a rebuild
 * runs, a position at or beyond its target is reached only when the rebuild has switched (decision 0056).
 */
@Component
@EnableConfigurationProperties(ProjectionProperties.class)
public class ProjectionPositions {

    private final EventProcessingConfiguration processing;
    private final EventStoreRows rows;
    private final MeterRegistry meters;
    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final Generations generations;

    public ProjectionPositions(EventProcessingConfiguration processing, EventStoreRows rows, MeterRegistry meters,
                               JdbcTemplate jdbc, Serializer serializer, Generations generations) {
        this.processing = processing;
        this.rows = rows;
        this.meters = meters;
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.generations = generations;
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

    /** The newest global position in the store (-1 while it is empty). */
    public long head() {
        return rows.headPosition();
    }

    /**
     * Whether the projections the queries read have processed the position: every live processor has, and no
     * rebuild runs whose target is at or below it (a reader of the rebuild's target waits for the rebuilt answer,
     * and so does a reader of a later write, which the switch must not take away again).
     */
    public boolean reached(long position) {
        if (generations.rebuild().filter(rebuild -> position >= rebuild.targetPosition()).isPresent()) {
            return false;
        }
        return processors().stream().allMatch(p -> position(p) >= position);
    }

    /** The live tracking processors, by name: not the processors of a rebuild. */
    public List<TrackingEventProcessor> processors() {
        return processing.eventProcessors().values().stream()
                .filter(TrackingEventProcessor.class::isInstance)
                .map(TrackingEventProcessor.class::cast)
                .filter(p -> !Generations.isRebuild(p.getName()))
                .sorted((a, b) -> a.getName().compareTo(b.getName()))
                .toList();
    }

    /**
     * The lowest position over all the processor's segments, whichever instance processes them: with several
     * query-side instances a segment may be another process's (docs/decisions/0031-several-instances.md), so the
     * shared token store is asked, not this process's own trackers. A token is stored in the transaction of the
     * batch it follows, so its position is what the projection tables show. -1 while a segment has no token yet
     * (starting, or just reset); a segment in error stops advancing and so keeps the position low.
     */
    long position(TrackingEventProcessor processor) {
        return positions(processor.getName()).stream().mapToLong(Long::longValue).min().orElse(-1);
    }

    /** The positions of every segment of the processor, from the shared token store. */
    public List<Long> positions(String processor) {
        return jdbc.query("SELECT token, token_type FROM token_entry WHERE processor_name = ?",
                (rs, i) -> positionOf(rs.getBytes(1), rs.getString(2)), processor);
    }

    private long positionOf(byte[] token, String type) {
        if (token == null || type == null) {
            return -1;
        }
        TrackingToken tracking = serializer.deserialize(new SimpleSerializedObject<>(token, byte[].class, type, null));
        return tracking.position().orElse(-1);
    }

    private double lag(TrackingEventProcessor processor) {
        return Math.max(0, head() - position(processor));
    }
}
