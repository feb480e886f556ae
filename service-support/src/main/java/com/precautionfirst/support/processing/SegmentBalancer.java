package com.precautionfirst.support.processing;

import java.lang.management.ManagementFactory;
import java.util.Collections;
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
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Lets several instances of a service share each streaming processor's segments. Axon without Axon Server never
 * rebalances: the first instance claims every segment and keeps it, and the others idle. Every instance here says
 * every few seconds that it runs the processor ({@code processor_node}); one that holds more than its fair share
 * (segments ÷ live instances, rounded up) releases one segment for a while, and an idle thread of another instance
 * claims it. Alone, an instance keeps all segments, so nothing goes unprocessed; if an instance dies, its claims
 * time out and the survivors take its segments over. See docs/decisions/0031-several-instances.md.
 */
@Component
public class SegmentBalancer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SegmentBalancer.class);
    private static final long PERIOD_SECONDS = 2;
    /** A process that has not refreshed its row for this long is considered gone. */
    private static final long LIVE_SECONDS = 10;
    /** Long enough for another instance (token claim interval of a second or a few) to take the segment. */
    private static final long RELEASE_SECONDS = 10;

    private final EventProcessingConfiguration processing;
    private final TokenStore tokenStore;
    private final TransactionManager transactions;
    private final JdbcTemplate jdbc;
    private final String nodeId = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
    private ScheduledExecutorService scheduler;

    public SegmentBalancer(EventProcessingConfiguration processing, TokenStore tokenStore,
                           TransactionManager transactions, JdbcTemplate jdbc) {
        this.processing = processing;
        this.tokenStore = tokenStore;
        this.transactions = transactions;
        this.jdbc = jdbc;
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
        if (jdbc.update("UPDATE processor_node SET last_seen = LOCALTIMESTAMP WHERE processor_name = ? AND node_id = ?",
                name, nodeId) == 0) {
            jdbc.update("INSERT INTO processor_node (processor_name, node_id, last_seen) VALUES (?, ?, LOCALTIMESTAMP)",
                    name, nodeId);
        }
        Integer live = jdbc.queryForObject("SELECT COUNT(*) FROM processor_node WHERE processor_name = ? "
                + "AND last_seen > LOCALTIMESTAMP - INTERVAL '" + LIVE_SECONDS + "' SECOND", Integer.class, name);
        int segments = transactions.fetchInTransaction(() -> tokenStore.fetchSegments(name)).length;
        Set<Integer> held = processor.processingStatus().keySet();
        int fairShare = (segments + Math.max(live, 1) - 1) / Math.max(live, 1);
        if (held.size() > fairShare) {
            int segment = Collections.max(held);
            log.info("Processor {}: holding {} of {} segments with {} live instances; releasing segment {}",
                    name, held.size(), segments, live, segment);
            processor.releaseSegment(segment, RELEASE_SECONDS, TimeUnit.SECONDS);
        }
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
        scheduler.scheduleWithFixedDelay(this::safely, PERIOD_SECONDS, PERIOD_SECONDS, TimeUnit.SECONDS);
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
