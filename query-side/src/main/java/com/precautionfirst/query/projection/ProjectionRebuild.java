package com.precautionfirst.query.projection;

import com.precautionfirst.query.log.LogProjection;
import com.precautionfirst.query.store.EventStoreRows;
import java.util.List;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the projections from the event store: each tracking processor is shut down, its tokens reset (which
 * calls the projections' reset handlers) and started again; it then replays every event. Readers pass
 * {@code X-Event-Position: targetPosition} to wait until the rebuild has caught up. The signed log is not a
 * projection and is never rebuilt: it only grows (decision 0040).
 */
@Component
public class ProjectionRebuild {

    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuild.class);

    private final ProjectionPositions positions;
    private final EventStoreRows rows;

    public ProjectionRebuild(ProjectionPositions positions, EventStoreRows rows) {
        this.positions = positions;
        this.rows = rows;
    }

    public synchronized Started rebuild() {
        long target = rows.headPosition();
        List<TrackingEventProcessor> processors = positions.processors().stream()
                .filter(p -> !LogProjection.PROCESSOR.equals(p.getName()))
                .toList();
        for (TrackingEventProcessor processor : processors) {
            log.info("Rebuilding processor {} up to position {}", processor.getName(), target);
            processor.shutDown();
            processor.resetTokens();
            processor.start();
        }
        return new Started(processors.stream().map(TrackingEventProcessor::getName).toList(), target);
    }

    /** The processors being rebuilt and the newest position in the store when the rebuild started. */
    public record Started(List<String> processors, long targetPosition) {
    }
}
