package com.precautionfirst.command.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.precautionfirst.api.MetadataKeys;
import com.precautionfirst.api.vocabulary.Role;
import com.precautionfirst.command.domain.CommandOutcome;
import com.precautionfirst.support.security.Caller;
import com.precautionfirst.support.security.CallerResolver;
import com.precautionfirst.support.web.CorrelationIdFilter;
import com.precautionfirst.support.web.InvalidInputException;
import com.precautionfirst.support.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Runs one HTTP command: with the metadata every event must carry, in one transaction with its Idempotency-Key
 * record and its position, retried when another process changed the same stream first.
 * <p>
 * The command runs inside a root unit of work that owns the transaction. Axon releases an aggregate's lock when
 * the root unit of work cleans up, which is after the transaction commits, so two requests on one aggregate in
 * this JVM are strictly serialized; a plain outer Spring transaction would release the lock before its commit and
 * let the next request read a stale stream. Across JVMs the unique (stream, sequence) constraint catches the race:
 * the whole command is then run again on the reloaded aggregate, its rules re-checked, and answered 409 if it
 * keeps losing. A keyed request first claims its key in the same transaction (see {@link IdempotencyKeys}), so
 * two copies of one request wait for each other instead of both running.
 */
@Component
public class CommandRunner {

    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    public static final String SYSTEM_USER = "system";
    static final int ATTEMPTS = 5;
    /**
     * How long a copy of a request waits for the first copy's answer. H2 may report the first copy's claim at once
     * as a concurrent update instead of waiting for it, so the copy polls, with short pauses, until the answer is
     * committed, the first copy rolls back (then the copy runs the command itself) or this time is up (409).
     */
    static final Duration COPY_WAIT = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(CommandRunner.class);

    private final CommandGateway gateway;
    private final CallerResolver callers;
    private final TransactionManager transactions;
    private final IdempotencyKeys keys;
    private final StreamIds streamIds;
    private final AppendedEvents appended;
    private final ObjectMapper json;
    private final ObjectMapper canonicalJson;

    public CommandRunner(CommandGateway gateway, CallerResolver callers, TransactionManager transactions,
                         IdempotencyKeys keys, StreamIds streamIds, AppendedEvents appended, ObjectMapper json) {
        this.gateway = gateway;
        this.callers = callers;
        this.transactions = transactions;
        this.keys = keys;
        this.streamIds = streamIds;
        this.appended = appended;
        this.json = json;
        this.canonicalJson = json.copy().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    }

    public ResponseEntity<String> run(HttpServletRequest http, CommandRequest request) {
        Caller caller = callers.current();
        String key = idempotencyKey(http);
        Map<String, Object> metadata = new HashMap<>();
        metadata.put(MetadataKeys.USER_ID, caller.userId());
        metadata.put(MetadataKeys.ROLE, caller.role().name());
        metadata.put(MetadataKeys.CORRELATION_ID, CorrelationIdFilter.of(http));
        if (key == null) {
            return withRetries(() -> execute(request, MetaData.from(metadata), null)).toResponse();
        }
        metadata.put(MetadataKeys.IDEMPOTENCY_KEY, key);
        Claim claim = new Claim(caller.userId(), key, requestHash(http, request.body()));
        Optional<ResponseEntity<String>> earlier = earlierAnswer(claim);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        long deadline = System.nanoTime() + COPY_WAIT.toNanos();
        for (long pause = 10; ; pause = Math.min(pause * 2, 200)) {
            try {
                return withRetries(() -> execute(request, MetaData.from(metadata), claim)).toResponse();
            } catch (KeyClaimedByACopy e) {
                // a copy of this request (same user and key) held the key; everything of this one was rolled back.
                // Once the copy has committed, its answer is this request's answer too.
                Optional<ResponseEntity<String>> answer = earlierAnswer(claim);
                if (answer.isPresent()) {
                    return answer.get();
                }
                if (System.nanoTime() > deadline) {
                    throw new ConcurrencyException("A copy of this request is still running", e);
                }
                log.debug("A copy of this request holds its Idempotency-Key, waiting for its answer", e);
                pause(pause);
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConcurrencyException("Interrupted while a copy of this request was running", e);
        }
    }

    /**
     * Runs a command the system itself sends (seeding the user directory at start-up): recorded as sent by user
     * {@code system} with the admin role, without an Idempotency-Key.
     */
    public void runAsSystem(CommandRequest request) {
        MetaData metadata = MetaData.with(MetadataKeys.USER_ID, SYSTEM_USER)
                .and(MetadataKeys.ROLE, Role.CLINIC_ADMIN.name())
                .and(MetadataKeys.CORRELATION_ID, "system-" + UUID.randomUUID());
        withRetries(() -> execute(request, metadata, null));
    }

    private CommandAnswer withRetries(Supplier<CommandAnswer> attempt) {
        for (int i = 1; ; i++) {
            try {
                return attempt.get();
            } catch (RuntimeException e) {
                if (e instanceof KeyClaimedByACopy || !lostARace(e)) {
                    throw e;
                }
                if (i >= ATTEMPTS) {
                    throw new ConcurrencyException("Lost " + ATTEMPTS + " races for the same stream", e);
                }
                log.debug("Stream changed concurrently, running the command again (attempt {})", i + 1, e);
            }
        }
    }

    private CommandAnswer execute(CommandRequest request, MetaData metadata, Claim claim) {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(
                GenericCommandMessage.asCommandMessage(request.command()));
        unitOfWork.attachTransaction(transactions);
        AtomicReference<CommandAnswer> answer = new AtomicReference<>();
        ResultMessage<?> result = unitOfWork.executeWithResult(() -> {
            if (claim != null) {
                claimKey(claim);
            }
            if (request.newStreamId() != null) {
                streamIds.requireUnused(request.newStreamId());
            }
            CommandOutcome outcome = gateway.sendAndWait(request.command(), metadata);
            CommandAnswer decided = answerFor(outcome, request);
            // registered after the command ran, so it runs after the events were appended in this transaction
            CurrentUnitOfWork.get().onPrepareCommit(u -> {
                if (outcome instanceof CommandOutcome.Accepted) {
                    request.whenAccepted().run();
                }
                answer.set(decided.at(appended.lastPosition(u, request.streamId())));
                if (claim != null) {
                    keys.answer(claim.userId(), claim.key(), answer.get());
                }
            });
            return null;
        });
        if (result.isExceptional()) {
            throw translate(result.exceptionResult(), request);
        }
        return answer.get();
    }

    /**
     * PostgreSQL makes a claim wait until the copy holding the key commits or rolls back, then reports the duplicate
     * (or lets the claim through). H2 waits too, but may report the copy's commit as a concurrent update or a lock
     * timeout; each of these means: a copy has, or had, the key.
     */
    private void claimKey(Claim claim) {
        try {
            keys.claim(claim.userId(), claim.key(), claim.requestHash());
        } catch (DuplicateKeyException | TransientDataAccessException e) {
            throw new KeyClaimedByACopy(e);
        }
    }

    /** A record of the other kind under the id: to this command it does not exist, or its id is taken. */
    private static RuntimeException translate(Throwable failure, CommandRequest request) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IncompatibleAggregateException) {
                return request.newStreamId() != null ? new IdAlreadyUsedException(request.newStreamId())
                        : new RecordNotFoundException(request.streamId(), t);
            }
        }
        return failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure);
    }

    private CommandAnswer answerFor(CommandOutcome outcome, CommandRequest request) {
        if (outcome instanceof CommandOutcome.Refused refused) {
            ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_ENTITY, "precaution-blocked",
                    "Refused by a precaution", "The command would break a precaution; the attempt was recorded.");
            problem.setProperty("errors", refused.violations().stream()
                    .map(v -> Map.of("rule", v.rule().name(), "message", v.message())).toList());
            return new CommandAnswer(problem.getStatus(), MediaType.APPLICATION_PROBLEM_JSON_VALUE, write(problem), null);
        }
        Object body = request.response().apply((CommandOutcome.Accepted) outcome);
        return new CommandAnswer(request.success().value(), MediaType.APPLICATION_JSON_VALUE,
                body == null ? "" : write(body), null);
    }

    private Optional<ResponseEntity<String>> earlierAnswer(Claim claim) {
        return keys.find(claim.userId(), claim.key()).map(stored -> {
            if (stored.requestHash().equals(claim.requestHash())) {
                return stored.answer().toResponse();
            }
            ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_ENTITY, "idempotency-key-reused",
                    "Idempotency key reused", "This Idempotency-Key was already used for a different request;"
                            + " nothing was done. Use a new key for a new request.");
            return ResponseEntity.unprocessableEntity().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(write(problem));
        });
    }

    private static String idempotencyKey(HttpServletRequest request) {
        String key = request.getHeader(IDEMPOTENCY_HEADER);
        if (key == null) {
            return null;
        }
        if (key.isBlank() || key.length() > 200) {
            throw new InvalidInputException(IDEMPOTENCY_HEADER, "must be 1-200 characters");
        }
        return key;
    }

    private String requestHash(HttpServletRequest request, Object body) {
        try {
            String canonical = request.getMethod() + " " + request.getRequestURI() + "\n"
                    + canonicalJson.writeValueAsString(body);
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Another process appended to the same stream first (the unique stream/sequence constraint, reported by Axon as
     * a ConcurrencyException, or as an AggregateStreamCreationException when the first event of the batch opens a
     * stream), or held a lock too long: nothing of this attempt was stored. The next attempt reloads the record and
     * decides again, so a creation under an id taken meanwhile is answered by name.
     */
    private static boolean lostARace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConcurrencyException || t instanceof AggregateStreamCreationException
                    || t instanceof PessimisticLockingFailureException) {
                return true;
            }
        }
        return false;
    }

    private static final class KeyClaimedByACopy extends RuntimeException {
        KeyClaimedByACopy(Throwable cause) {
            super(cause);
        }
    }

    /** The key a request claims: per user, with the hash of the request it stands for. */
    private record Claim(String userId, String key, String requestHash) {
    }
}
