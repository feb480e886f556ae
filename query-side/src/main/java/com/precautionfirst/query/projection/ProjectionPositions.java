package com.precautionfirst.query.projection;

import com.precautionfirst.query.store.EventStoreRows;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
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
 * runs, its target position is reached only when the rebuild has switched (decision 0056).
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
     * Whether the projections the queries read have processed the position: every live processor has, and it is
     * not the target of a running rebuild (whose reader waits for the rebuilt answer). A write made during the
     * rebuild is read from the live projections at once: the switch waits until the rebuild has passed the live
     * processors, so it never takes that write away again.
     */
    public boolean reached(long position) {
        if (generations.rebuild().filter(rebuild -> position == rebuild.targetPosition()).isPresent()) {
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
     * The lowest position over all the processor's segments, whichever instance processes them. A segment this
     * process holds counts with its tracker's position: Axon advances it when the batch's transaction has committed
     * (so it never runs ahead of the projection tables), and also past events the segment does not handle, at once,
     * while the token it stores for them may wait up to the event-availability timeout (1 s) for an event of its own
     * (TrackingEventProcessor.processBatch), which made every read with X-Event-Position wait for the idle segment.
     * A segment of another instance (docs/decisions/0031-several-instances.md) counts with its token in the shared
     * token store, stored in the transaction of the batch it follows; the store is asked only when this process does
     * not hold every segment. -1 while a segment has no token yet (starting, or just taken over); a segment in error
     * stops advancing and so keeps the position low.
     */
    long position(TrackingEventProcessor processor) {
        Map<Integer, EventTrackerStatus> held = processor.processingStatus();
        Map<Integer, Long> positions = new HashMap<>();
        held.forEach((segment, status) -> positions.put(segment, status.getCurrentPosition().orElse(-1)));
        if (!coversEverySegment(held.values())) {
            storedPositions(processor.getName()).forEach(positions::putIfAbsent);
        }
        return positions.values().stream().mapToLong(Long::longValue).min().orElse(-1);
    }

    /** Whether these segments together are all of the processor's (each covers 1 / (mask + 1) of the sequences). */
    private static boolean coversEverySegment(Collection<EventTrackerStatus> statuses) {
        long whole = 1L << 30;
        long covered = statuses.stream().mapToLong(s -> whole / (s.getSegment().getMask() + 1L)).sum();
        return covered == whole;
    }

    /** The positions of every segment of the processor, from the shared token store. */
    public List<Long> positions(String processor) {
        return List.copyOf(storedPositions(processor).values());
    }

    private Map<Integer, Long> storedPositions(String processor) {
        Map<Integer, Long> positions = new HashMap<>();
        jdbc.query("SELECT segment, token, token_type FROM token_entry WHERE processor_name = ?",
                rs -> {
                    positions.put(rs.getInt(1), positionOf(rs.getBytes(2), rs.getString(3)));
                }, processor);
        return positions;
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
