package com.precautionfirst.query.projection;

import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Which clients wait in a processing group's dead-letter queue (decision 0052), asked when a batch writes what it
 * folded (decision 0050). A batch folds in memory and writes on commit, so an event whose handling failed (and was
 * dead-lettered, its writes to be taken back) has still changed the batch's documents: the batch folds that
 * client's events again without it. The failed event is the client's last one the batch handled, since the queue
 * takes every later event of a waiting client without handling it. One statement per batch while the queue is empty.
 */
@Component
public class WaitingClients {

    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;
    private final EntityManagerProvider entityManagers;

    public WaitingClients(EventProcessingConfiguration processing, JdbcTemplate jdbc,
                          EntityManagerProvider entityManagers) {
        this.processing = processing;
        this.jdbc = jdbc;
        this.entityManagers = entityManagers;
    }

    /** Whether a client's sequence waits in the group's queue; answers from the queue, once per client. */
    public Predicate<String> of(String group) {
        Optional<SequencedDeadLetterQueue<EventMessage<?>>> queue = processing.deadLetterQueue(group);
        if (queue.isEmpty() || !holdsLetters(group)) {
            return clientId -> false;
        }
        Map<String, Boolean> known = new HashMap<>();
        return clientId -> known.computeIfAbsent(clientId, id -> queue.get().contains(id));
    }

    /**
     * Whether the group's queue holds a letter, one this batch enqueued included: one statement on the batch's
     * connection. The queue's own {@code size()}, a JPQL count, took a tenth of the processor threads' CPU
     * (docs/performance.md). Axon's JPA queue persists a letter without flushing it, and Hibernate flushed the
     * session before running that count; so the session is flushed here too before the statement.
     */
    private boolean holdsLetters(String group) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            entityManagers.getEntityManager().flush();
        }
        return Boolean.TRUE.equals(jdbc.query(
                "SELECT 1 FROM dead_letter_entry WHERE processing_group = ? FETCH FIRST 1 ROWS ONLY", ResultSet::next,
                group));
    }
}
