package com.precautionfirst.support.processing;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Lets several instances of a service share each streaming processor's segments. Axon without Axon Server never
 * rebalances: the first instance claims every segment and keeps it, and the others idle. Every instance says every
 * refresh interval that it runs the processor and how many segments it holds ({@code processor_node}); one that
 * holds more than its fair share (segments ÷ live instances, rounded up) releases one segment for a while, but only
 * when another instance that refreshed recently holds fewer than its share, so that an idle thread of that instance
 * claims it. An instance that stopped refreshing for a few intervals is dead: the first instance to notice removes
 * its row, once. Alone, an instance keeps all segments; if an instance dies, its claims time out and the survivors
 * take its segments over and keep them, since no one is left to release them to. See
 * docs/decisions/0031-several-instances.md and 0057-a-dead-query-side-is-taken-over-once.md.
 */
@Component
@EnableConfigurationProperties(SegmentBalancerProperties.class)
public class SegmentBalancer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SegmentBalancer.class);
    /**
     * Long enough for an idle thread of the taker (token claim interval 1 s) to claim the released segment; should
     * it not, this instance claims the segment back after this time.
     */
    private static final long RELEASE_SECONDS = 5;

    private final EventProcessingConfiguration processing;
    private final TokenStore tokenStore;
    private final TransactionManager transactions;
    private final JdbcTemplate jdbc;
    private final SegmentBalancerProperties properties;
    private final String nodeId = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
    private ScheduledExecutorService scheduler;

    public SegmentBalancer(EventProcessingConfiguration processing, TokenStore tokenStore,
                           TransactionManager transactions, JdbcTemplate jdbc, SegmentBalancerProperties properties) {
        this.processing = processing;
        this.tokenStore = tokenStore;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /** Another instance running the processor, as its row says, read at {@code now} by the database's clock. */
    private record Instance(String nodeId, int segmentsHeld, LocalDateTime lastSeen, LocalDateTime now) {

        Duration age() {
            return Duration.between(lastSeen, now);
        }
    }

    void balanceOnce() {
        processing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance)
                .map(StreamingEventProcessor.class::cast)
                .filter(StreamingEventProcessor::isRunning)
                .forEach(this::balance);
    }

    private void balance(StreamingEventProcessor processor) {
        String name = processor.getName();
        Set<Integer> held = Set.copyOf(processor.processingStatus().keySet());
        refresh(name, held.size());
        List<Instance> others = liveOthers(name);
        int segments = transactions.fetchInTransaction(() -> tokenStore.fetchSegments(name)).length;
        int fairShare = (segments + others.size()) / (others.size() + 1);
        if (held.size() <= fairShare) {
            return;
        }
        Optional<Instance> taker = others.stream()
                .filter(other -> other.segmentsHeld() < fairShare)
                .filter(other -> other.age().compareTo(properties.takerRefreshedWithin()) <= 0)
                .findFirst();
        if (taker.isEmpty()) {
            // the others hold their share already, or have not said so lately: a released segment could stay
            // unprocessed until this instance claimed it back
            return;
        }
        int segment = Collections.max(held);
        log.info("Processor {}: holding {} of {} segments with {} live instances; releasing segment {} to instance {},"
                        + " which holds {}", name, held.size(), segments, others.size() + 1, segment,
                taker.get().nodeId(), taker.get().segmentsHeld());
        processor.releaseSegment(segment, RELEASE_SECONDS, TimeUnit.SECONDS);
    }

    private void refresh(String processorName, int segmentsHeld) {
        if (jdbc.update("UPDATE processor_node SET last_seen = LOCALTIMESTAMP, segments_held = ?"
                + " WHERE processor_name = ? AND node_id = ?", segmentsHeld, processorName, nodeId) == 0) {
            jdbc.update("INSERT INTO processor_node (processor_name, node_id, last_seen, segments_held)"
                    + " VALUES (?, ?, LOCALTIMESTAMP, ?)", processorName, nodeId, segmentsHeld);
        }
    }

    /**
     * The other instances running the processor that are alive. One whose row is older than the dead limit is dead:
     * whichever instance notices first removes its rows, of every processor, once for all (only rows that old, so an
     * instance that refreshed meanwhile keeps its rows, and one that was only slow writes them again).
     */
    private List<Instance> liveOthers(String processorName) {
        List<Instance> rows = jdbc.query("SELECT node_id, last_seen, segments_held, LOCALTIMESTAMP FROM processor_node"
                        + " WHERE processor_name = ? AND node_id <> ?",
                (rs, i) -> new Instance(rs.getString(1), rs.getInt(3), rs.getObject(2, LocalDateTime.class),
                        rs.getObject(4, LocalDateTime.class)), processorName, nodeId);
        List<Instance> live = new ArrayList<>();
        for (Instance other : rows) {
            if (other.age().compareTo(properties.deadAfter()) <= 0) {
                live.add(other);
                continue;
            }
            int removed = jdbc.update("DELETE FROM processor_node WHERE node_id = ? AND last_seen < ?",
                    other.nodeId(), other.now().minus(properties.deadAfter()));
            if (removed > 0) {
                log.warn("Instance {} has not refreshed for {} ms (dead after {} ms): taken as dead, its {} processor"
                                + " rows removed; its segments are claimed here once their claims time out",
                        other.nodeId(), other.age().toMillis(), properties.deadAfter().toMillis(), removed);
            }
        }
        return live;
    }

    private void safely() {
        try {
            balanceOnce();
        } catch (RuntimeException e) {
            // a database hiccup must not stop balancing for good; the next round retries
            log.warn("Segment balancing failed: {}", e.toString());
        }
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "segment-balancer");
            thread.setDaemon(true);
            return thread;
        });
        long period = properties.refreshInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::safely, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        scheduler.shutdownNow();
        try {
            jdbc.update("DELETE FROM processor_node WHERE node_id = ?", nodeId);
        } catch (RuntimeException e) {
            log.debug("Could not remove this instance from processor_node: {}", e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null && !scheduler.isShutdown();
    }
}
