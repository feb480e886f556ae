package com.precautionfirst.query.deadletter;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.StreamSupport;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The events the projections could not handle, waiting in their processing group's dead-letter queue with the
 * later events of their sequence (DeadLetterConfiguration): listed and retried by the admin, counted by the health
 * indicator {@code deadLetters} and the gauge {@code treatment.projection.dead_letters} (per processor). A
 * sequence is named as the group's sequencing policy names it: the client id (history, audit) or the stream
 * (users); the queue stores it as that string.
 */
@Component
public class DeadLetters {

    /** Letters listed per sequence; {@code count} says how many wait in all. */
    static final int LETTERS_LISTED = 100;

    private final EventProcessingConfiguration processing;
    private final MeterRegistry meters;

    public DeadLetters(EventProcessingConfiguration processing, MeterRegistry meters) {
        this.processing = processing;
        this.meters = meters;
    }

    @EventListener(ApplicationReadyEvent.class)
    void registerGauges() {
        groups().forEach(group -> Gauge.builder("treatment.projection.dead_letters", () -> queue(group).size())
                .description("events of the processor waiting in its dead-letter queue")
                .tag("processor", group)
                .register(meters));
    }

    /** The processing groups that have a dead-letter queue, by name. */
    public List<String> groups() {
        return processing.eventProcessors().keySet().stream().sorted()
                .filter(group -> processing.deadLetterQueue(group).isPresent())
                .toList();
    }

    /** How many letters wait, per processing group. */
    public Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        groups().forEach(group -> counts.put(group, queue(group).size()));
        return counts;
    }

    /** Every sequence that waits, with its first letters (the first one carries the failure). */
    public Listing list() {
        List<Sequence> sequences = new ArrayList<>();
        long total = 0;
        for (String group : groups()) {
            SequencedDeadLetterQueue<EventMessage<?>> queue = queue(group);
            for (Iterable<DeadLetter<? extends EventMessage<?>>> waiting : queue.deadLetters()) {
                List<DeadLetter<? extends EventMessage<?>>> letters =
                        StreamSupport.stream(waiting.spliterator(), false).limit(LETTERS_LISTED).toList();
                if (!letters.isEmpty()) {
                    String sequence = sequenceOf(group, letters.get(0).message());
                    sequences.add(new Sequence(group, sequence, queue.sequenceSize(sequence),
                            letters.stream().map(DeadLetters::letter).toList()));
                }
            }
            total += queue.size();
        }
        return new Listing(total, sequences);
    }

    /**
     * Handles every waiting sequence again, each letter in order, as the processor would have: a sequence is
     * projected up to its first letter that fails again, which stays first with its new cause. A letter enqueued by
     * the processor while its sequence is retried may stay behind in the queue (retry again).
     */
    public Retried retry() {
        List<Outcome> outcomes = new ArrayList<>();
        for (String group : groups()) {
            SequencedDeadLetterQueue<EventMessage<?>> queue = queue(group);
            SequencedDeadLetterProcessor<EventMessage<?>> processor =
                    processing.sequencedDeadLetterProcessor(group).orElseThrow();
            List<DeadLetter<? extends EventMessage<?>>> firsts = new ArrayList<>();
            queue.deadLetters().forEach(waiting -> first(waiting).ifPresent(firsts::add));
            for (DeadLetter<? extends EventMessage<?>> first : firsts) {
                String sequence = sequenceOf(group, first.message());
                long before = queue.sequenceSize(sequence);
                String event = first.message().getIdentifier();
                processor.process(letter -> letter.message().getIdentifier().equals(event));
                long remaining = queue.sequenceSize(sequence);
                Cause cause = first(queue.deadLetterSequence(sequence)).map(DeadLetters::letter).map(Letter::cause)
                        .orElse(null);
                outcomes.add(new Outcome(group, sequence, Math.max(0, before - remaining), remaining, cause));
            }
        }
        return new Retried(outcomes.stream().mapToLong(Outcome::projected).sum(),
                outcomes.stream().mapToLong(Outcome::remaining).sum(), outcomes);
    }

    private SequencedDeadLetterQueue<EventMessage<?>> queue(String group) {
        return processing.deadLetterQueue(group).orElseThrow();
    }

    private String sequenceOf(String group, EventMessage<?> event) {
        return Objects.toString(processing.sequencingPolicy(group).getSequenceIdentifierFor(event),
                event.getIdentifier());
    }

    private static <T> Optional<T> first(Iterable<T> letters) {
        Iterator<T> iterator = letters.iterator();
        return iterator.hasNext() ? Optional.of(iterator.next()) : Optional.empty();
    }

    private static Letter letter(DeadLetter<? extends EventMessage<?>> letter) {
        EventMessage<?> event = letter.message();
        DomainEventMessage<?> domain = event instanceof DomainEventMessage<?> d ? d : null;
        OptionalLong tracked = event instanceof TrackedEventMessage<?> t && t.trackingToken() != null
                ? t.trackingToken().position() : OptionalLong.empty();
        Long position = tracked.isPresent() ? tracked.getAsLong() : null;
        return new Letter(event.getIdentifier(), event.getPayloadType().getSimpleName(),
                domain == null ? null : domain.getAggregateIdentifier(),
                domain == null ? null : domain.getSequenceNumber(), position, letter.enqueuedAt(),
                letter.lastTouched(), letter.cause().map(c -> new Cause(c.type(), c.message())).orElse(null));
    }

    /** Every sequence that waits, and how many letters wait in all. */
    public record Listing(long total, List<Sequence> sequences) {
    }

    /**
     * The letters of one sequence, in the order they will be handled: the first failed, the others wait behind it.
     *
     * @param sequence the client id (history, audit) or the stream (users)
     * @param count    how many letters wait in the sequence (the first {@value #LETTERS_LISTED} are listed)
     */
    public record Sequence(String processor, String sequence, long count, List<Letter> letters) {
    }

    /**
     * One event that waits.
     *
     * @param cause why it failed; none for an event that waits only because an earlier one of its sequence failed
     */
    public record Letter(String eventIdentifier, String type, @Schema(nullable = true) String streamId,
                         @Schema(nullable = true) Long streamSequence, @Schema(nullable = true) Long globalPosition,
                         Instant enqueuedAt, Instant lastTouched, @Schema(nullable = true) Cause cause) {
    }

    /** The exception's class and message (at most 1024 characters). */
    public record Cause(String type, String message) {
    }

    /** What a retry projected, per sequence, and what still waits. */
    public record Retried(long projected, long remaining, List<Outcome> sequences) {
    }

    /**
     * @param projected letters handled now (and removed from the queue)
     * @param remaining letters still waiting
     * @param cause     why the first of them failed again; none when the sequence is done
     */
    public record Outcome(String processor, String sequence, long projected, long remaining,
                          @Schema(nullable = true) Cause cause) {
    }
}
