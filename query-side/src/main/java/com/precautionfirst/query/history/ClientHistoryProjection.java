package com.precautionfirst.query.history;

import com.precautionfirst.api.events.ClientEvent;
import com.precautionfirst.query.projection.Generations;
import com.precautionfirst.query.projection.ProcessorBatch;
import com.precautionfirst.query.projection.WaitingClients;
import com.precautionfirst.query.recorded.RecordedEvent;
import com.precautionfirst.query.session.SessionRepository;
import java.util.function.LongSupplier;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Keeps each client's record (client_history) and each session (session_view) as the history and session endpoints
 * answer them. One handler for every event of a client's streams: the fold ({@link ClientHistoryFold}) decides
 * what an event means, the same fold the as-of reconstruction uses. The documents of a processor batch are read
 * and written once per batch ({@link HistoryBatch}), so an event of a session costs a share of reading and writing
 * that session, whatever else the client has on record; an event dead-lettered meanwhile is left out of what the
 * batch writes (decision 0052). Idempotent: an event of the client's own stream at or
 * below the record's last position is skipped, a session event whose sequence the timeline holds too.
 * <p>
 * This one, processor {@value #PROCESSOR}, writes the active generation; {@link Rebuild}, the same projection in
 * processor {@value #REBUILD}, writes the generation a rebuild builds beside it (decision 0056).
 */
@Component
@ProcessingGroup(ClientHistoryProjection.PROCESSOR)
public class ClientHistoryProjection {

    public static final String PROCESSOR = "history";
    public static final String REBUILD = PROCESSOR + Generations.REBUILD_SUFFIX;
    private static final String BATCH = ClientHistoryProjection.class.getName() + ".batch";

    private final ClientHistoryRepository records;
    private final SessionRepository sessions;
    private final WaitingClients waiting;
    private final String processor;
    private final LongSupplier generation;

    @Autowired
    public ClientHistoryProjection(ClientHistoryRepository records, SessionRepository sessions,
                                   WaitingClients waiting, Generations generations) {
        this(records, sessions, waiting, PROCESSOR, generations::active);
    }

    ClientHistoryProjection(ClientHistoryRepository records, SessionRepository sessions, WaitingClients waiting,
                            String processor, LongSupplier generation) {
        this.records = records;
        this.sessions = sessions;
        this.waiting = waiting;
        this.processor = processor;
        this.generation = generation;
    }

    /**
     * Takes every event and ignores all but {@link ClientEvent}s here, as before decision 0050: with a handler for
     * {@code ClientEvent} only, Axon skipped the other events without handling them, and a store holding only the
     * seeded users' events left the history segments' tokens without a position for a while
     * (TwoServicesOnOneEmbeddedDatabaseIT), and read-your-writes waits on those positions.
     */
    @EventHandler
    void on(Object payload, DomainEventMessage<?> message, TrackingToken token) {
        if (!(payload instanceof ClientEvent event)) {
            return;
        }
        long position = token.position().orElseThrow(
                () -> new IllegalStateException("tracking token without a position: " + token));
        ProcessorBatch.state(BATCH, () -> new HistoryBatch(records, sessions, generation.getAsLong()),
                        batch -> batch.flush(waiting.of(processor)))
                .fold(RecordedEvent.of(message), position, event.clientId());
    }

    /** The same projection, in the processor that writes the generation a rebuild builds (decision 0056). */
    @Component
    @ProcessingGroup(ClientHistoryProjection.REBUILD)
    static class Rebuild extends ClientHistoryProjection {

        Rebuild(ClientHistoryRepository records, SessionRepository sessions, WaitingClients waiting,
                Generations generations) {
            super(records, sessions, waiting, REBUILD, generations::rebuilding);
        }
    }
}
