package com.precautionfirst.query.rebuild;

import com.precautionfirst.query.history.ClientHistoryProjection;
import com.precautionfirst.query.projection.Generations;
import com.precautionfirst.query.projection.ProjectionPositions;
import com.precautionfirst.query.store.EventStoreRows;
import com.precautionfirst.query.users.UserListProjection;
import jakarta.annotation.PreDestroy;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the projections from the event store beside the live ones, blue/green (decision 0056). A rebuild records
 * the next generation and the store's newest position as its target ({@link Generations#begin}), and starts the
 * rebuild processors ({@link RebuildProcessors}): the live projections' handlers, writing that generation, from the
 * start of the store. Meanwhile the live processors go on writing the active generation, which every query reads.
 * When the rebuild has reached its target and the live processors' position, the live processors stop for a moment
 * and, in one transaction, the rebuilt generation becomes the active one, the rebuild's tokens become the live
 * processors' (claimed by this instance, so that another instance's live processor cannot store an older position
 * over them) and so do its dead letters; then the live processors start again from there, and the old generation is
 * deleted.
 * <p>
 * A request while a rebuild runs answers that rebuild, and makes this instance take part in it, as an instance does
 * that starts while one runs: a rebuild whose instance stopped is carried on rather than lost. The audit chain and
 * the signed log are never rebuilt (decisions 0022, 0040).
 */
@Component
public class ProjectionRebuild {

    /** The live processors whose projections a rebuild builds anew. */
    static final List<String> PROCESSORS = List.of(ClientHistoryProjection.PROCESSOR, UserListProjection.PROCESSOR);
    /** The tables of their projections, each row in one generation. */
    private static final List<String> TABLES = List.of("client_history", "session_view", "user_view");
    private static final long WATCH_MILLIS = 200;
    /** How long the live processors may stay stopped while the rebuild passes their last position. */
    private static final long CATCH_UP_MILLIS = 10_000;

    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuild.class);

    private final EventProcessingConfiguration processing;
    private final ProjectionPositions positions;
    private final Generations generations;
    private final EventStoreRows rows;
    private final JdbcTemplate jdbc;
    private final TransactionManager transactions;
    private final TokenStore tokenStore;
    /** Watches the rebuild this instance takes part in, and switches it; null while it takes part in none. */
    private ScheduledExecutorService watcher;
    private long watched;

    public ProjectionRebuild(EventProcessingConfiguration processing, ProjectionPositions positions,
                             Generations generations, EventStoreRows rows, JdbcTemplate jdbc,
                             TransactionManager transactions, TokenStore tokenStore) {
        this.processing = processing;
        this.positions = positions;
        this.generations = generations;
        this.rows = rows;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.tokenStore = tokenStore;
    }

    /** Begins a rebuild up to the store's newest position, or answers the one that runs. */
    public synchronized Started rebuild() {
        Generations.Rebuild rebuild = generations.rebuild().orElseGet(this::begin);
        takePart(rebuild);
        return new Started(PROCESSORS, rebuild.targetPosition());
    }

    @EventListener(ApplicationReadyEvent.class)
    synchronized void carryOnARunningRebuild() {
        generations.rebuild().ifPresent(rebuild -> {
            log.info("A rebuild of the projections (generation {}) runs: taking part", rebuild.generation());
            takePart(rebuild);
        });
    }

    private Generations.Rebuild begin() {
        long target = rows.headPosition();
        return transactions.fetchInTransaction(() -> {
            if (generations.begin(target)) {
                // whatever an earlier rebuild left (tokens, letters, rows of other generations) is not this one's
                TABLES.forEach(table -> jdbc.update("DELETE FROM " + table + " WHERE NOT " + Generations.ACTIVE));
                PROCESSORS.stream().map(Generations::rebuildOf).forEach(rebuild -> {
                    jdbc.update("DELETE FROM token_entry WHERE processor_name = ?", rebuild);
                    jdbc.update("DELETE FROM dead_letter_entry WHERE processing_group = ?", rebuild);
                });
            }
            return generations.rebuild().orElseThrow();
        });
    }

    private void takePart(Generations.Rebuild rebuild) {
        if (watcher != null && watched != rebuild.generation()) {
            stopTakingPart();
        }
        rebuildProcessors().forEach(TrackingEventProcessor::start);
        if (watcher == null) {
            log.info("Rebuilding the projections {} as generation {} up to position {}", PROCESSORS,
                    rebuild.generation(), rebuild.targetPosition());
            watched = rebuild.generation();
            watcher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "projection-rebuild");
                thread.setDaemon(true);
                return thread;
            });
            watcher.scheduleWithFixedDelay(this::watch, WATCH_MILLIS, WATCH_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void watch() {
        try {
            Optional<Generations.Rebuild> rebuild = generations.rebuild();
            if (rebuild.isEmpty() || rebuild.get().generation() != watched) {
                log.info("The rebuild of generation {} was switched by another instance", watched);
                stopTakingPart();
            } else if (caughtUp(rebuild.get())) {
                switchTo(rebuild.get());
            }
        } catch (RuntimeException e) {
            // a database hiccup must not end the rebuild; the next round tries again
            log.warn("Watching the rebuild of the projections failed: {}", e.toString());
        }
    }

    /** Whether the rebuild has processed its target and everything the live projections hold. */
    private boolean caughtUp(Generations.Rebuild rebuild) {
        long rebuilt = PROCESSORS.stream().map(Generations::rebuildOf).mapToLong(this::lowest).min().orElse(-1);
        long live = PROCESSORS.stream().mapToLong(this::highest).max().orElse(-1);
        return rebuilt >= rebuild.targetPosition() && rebuilt >= live;
    }

    /**
     * Switches to the rebuilt generation, then deletes the old one. The live processors stop first, so that the
     * rebuild can pass their last position (a read must never lose an event the live projection showed) and their
     * tokens can be replaced; when the rebuild does not pass it in time, they start again as they were and the next
     * round tries again.
     */
    private void switchTo(Generations.Rebuild rebuild) {
        List<TrackingEventProcessor> live = liveProcessors();
        shutDown(live);
        boolean switched;
        try {
            switched = caughtUpWhileTheLiveProcessorsWait(rebuild) && handOverWhileTheRebuildWaits(rebuild);
        } finally {
            live.forEach(TrackingEventProcessor::start);
        }
        if (switched) {
            log.info("The projections answer from generation {} now", rebuild.generation());
            TABLES.forEach(table -> jdbc.update("DELETE FROM " + table + " WHERE generation < ?",
                    rebuild.generation()));
        }
    }

    /** Stops the rebuild processors and hands over; if that fails, they go on and the next round tries again. */
    private boolean handOverWhileTheRebuildWaits(Generations.Rebuild rebuild) {
        shutDown(rebuildProcessors());
        boolean switched;
        try {
            switched = transactions.fetchInTransaction(() -> handOver(rebuild));
        } catch (RuntimeException e) {
            rebuildProcessors().forEach(TrackingEventProcessor::start);
            throw e;
        }
        stopTakingPart();
        return switched;
    }

    private boolean caughtUpWhileTheLiveProcessorsWait(Generations.Rebuild rebuild) {
        long deadline = System.currentTimeMillis() + CATCH_UP_MILLIS;
        while (!caughtUp(rebuild)) {
            if (System.currentTimeMillis() >= deadline) {
                log.info("The rebuild did not pass the live projections in time; switching later");
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** The switch, in one transaction: false when the rebuild is no longer running (another instance switched). */
    private boolean handOver(Generations.Rebuild rebuild) {
        if (!generations.switchTo(rebuild)) {
            return false;
        }
        for (String live : PROCESSORS) {
            String rebuilt = Generations.rebuildOf(live);
            jdbc.update("DELETE FROM token_entry WHERE processor_name = ?", live);
            jdbc.update("UPDATE token_entry SET processor_name = ?, owner = NULL WHERE processor_name = ?",
                    live, rebuilt);
            for (int segment : tokenStore.fetchSegments(live)) {
                tokenStore.fetchToken(live, segment);
            }
            jdbc.update("DELETE FROM dead_letter_entry WHERE processing_group = ?", live);
            jdbc.update("UPDATE dead_letter_entry SET processing_group = ? WHERE processing_group = ?",
                    live, rebuilt);
        }
        return true;
    }

    private void stopTakingPart() {
        if (watcher != null) {
            watcher.shutdown();
            watcher = null;
        }
        shutDown(rebuildProcessors());
    }

    /** Stops the processors all at once: each waits for its threads to notice, which takes a while. */
    private static void shutDown(List<TrackingEventProcessor> processors) {
        CompletableFuture.allOf(processors.stream().map(TrackingEventProcessor::shutdownAsync)
                .toArray(CompletableFuture[]::new)).join();
    }

    @PreDestroy
    synchronized void stop() {
        if (watcher != null) {
            watcher.shutdownNow();
            watcher = null;
        }
    }

    private long lowest(String processor) {
        return positions.positions(processor).stream().mapToLong(Long::longValue).min().orElse(-1);
    }

    private long highest(String processor) {
        return positions.positions(processor).stream().mapToLong(Long::longValue).max().orElse(-1);
    }

    private List<TrackingEventProcessor> liveProcessors() {
        return PROCESSORS.stream().map(this::processor).toList();
    }

    private List<TrackingEventProcessor> rebuildProcessors() {
        return PROCESSORS.stream().map(Generations::rebuildOf).map(this::processor).toList();
    }

    private TrackingEventProcessor processor(String name) {
        return processing.eventProcessor(name, TrackingEventProcessor.class).orElseThrow();
    }

    /**
     * The processors being rebuilt and the rebuild's target: the newest position in the store when it began. A read
     * carrying it as {@code X-Event-Position} waits until the rebuilt projections answer.
     */
    public record Started(List<String> processors, long targetPosition) {
    }
}
