package com.precautionfirst.query.projection;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.springframework.stereotype.Component;

/**
 * Which clients wait in a processing group's dead-letter queue (decision 0052), asked when a batch writes what it
 * folded (decision 0050). A batch folds in memory and writes on commit, so an event whose handling failed (and was
 * dead-lettered, its writes to be taken back) has still changed the batch's documents: the batch folds that
 * client's events again without it. The failed event is the client's last one the batch handled, since the queue
 * takes every later event of a waiting client without handling it. One count per batch while the queue is empty.
 */
@Component
public class WaitingClients {

    private final EventProcessingConfiguration processing;

    public WaitingClients(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    /** Whether a client's sequence waits in the group's queue; answers from the queue, once per client. */
    public Predicate<String> of(String group) {
        Optional<SequencedDeadLetterQueue<EventMessage<?>>> queue = processing.deadLetterQueue(group);
        if (queue.isEmpty() || queue.get().size() == 0) {
            return clientId -> false;
        }
        Map<String, Boolean> known = new HashMap<>();
        return clientId -> known.computeIfAbsent(clientId, id -> queue.get().contains(id));
    }
}
