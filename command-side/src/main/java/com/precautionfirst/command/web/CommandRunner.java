package com.precautionfirst.command.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.precautionfirst.api.MetadataKeys;
import com.precautionfirst.command.precaution.PrecautionRefusal;
import com.precautionfirst.support.security.Caller;
import com.precautionfirst.support.security.CallerResolver;
import com.precautionfirst.support.web.CorrelationIdFilter;
import com.precautionfirst.support.web.InvalidInputException;
import com.precautionfirst.support.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
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
 * keeps losing.
 */
@Component
public class CommandRunner {

    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    static final int ATTEMPTS = 5;
    private static final Logger log = LoggerFactory.getLogger(CommandRunner.class);

    private final CommandGateway gateway;
    private final CallerResolver callers;
    private final TransactionManager transactions;
    private final IdempotencyKeys keys;
    private final AppendedEvents appended;
    private final ObjectMapper json;
    private final ObjectMapper canonicalJson;

    public CommandRunner(CommandGateway gateway, CallerResolver callers, TransactionManager transactions,
                         IdempotencyKeys keys, AppendedEvents appended, ObjectMapper json) {
        this.gateway = gateway;
        this.callers = callers;
        this.transactions = transactions;
        this.keys = keys;
        this.appended = appended;
        this.json = json;
        this.canonicalJson = json.copy().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    }

    /**
     * @param body        the validated request body (its canonical JSON identifies the request with the path)
     * @param streamId    the stream the command addresses
     * @param success     the status of an accepted command
     * @param successBody the response body of an accepted command from the handler's result (null: no body)
     */
    public ResponseEntity<String> run(HttpServletRequest request, Object body, String streamId, Object command,
                                      HttpStatus success, Function<Object, Object> successBody) {
        Caller caller = callers.current();
        String key = idempotencyKey(request);
        Map<String, Object> metadata = new HashMap<>();
        metadata.put(MetadataKeys.USER_ID, caller.userId());
        metadata.put(MetadataKeys.ROLE, caller.role().name());
        metadata.put(MetadataKeys.CORRELATION_ID, CorrelationIdFilter.of(request));
        if (key == null) {
            return withRetries(() -> execute(command, MetaData.from(metadata), streamId, success, successBody,
                    u -> { })).toResponse();
        }
        metadata.put(MetadataKeys.IDEMPOTENCY_KEY, key);
        String hash = requestHash(request, body);
        Optional<ResponseEntity<String>> earlier = earlierAnswer(caller.userId(), key, hash);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        try {
            return withRetries(() -> execute(command, MetaData.from(metadata), streamId, success, successBody,
                    answer -> keys.store(caller.userId(), key, hash, answer))).toResponse();
        } catch (DataIntegrityViolationException e) {
            // a concurrent request with the same key committed first; everything of this one was rolled back
            return earlierAnswer(caller.userId(), key, hash).orElseThrow(() -> e);
        }
    }

    private CommandAnswer withRetries(Supplier<CommandAnswer> attempt) {
        for (int i = 1; ; i++) {
            try {
                return attempt.get();
            } catch (RuntimeException e) {
                if (!lostARace(e)) {
                    throw e;
                }
                if (i >= ATTEMPTS) {
                    throw new ConcurrencyException("Lost " + ATTEMPTS + " races for the same stream", e);
                }
                log.debug("Stream changed concurrently, running the command again (attempt {})", i + 1, e);
            }
        }
    }

    private CommandAnswer execute(Object command, MetaData metadata, String streamId, HttpStatus success,
                                  Function<Object, Object> successBody,
                                  Consumer<CommandAnswer> beforeCommit) {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(GenericCommandMessage.asCommandMessage(command));
        unitOfWork.attachTransaction(transactions);
        AtomicReference<CommandAnswer> answer = new AtomicReference<>();
        ResultMessage<?> result = unitOfWork.executeWithResult(() -> {
            Object handled = gateway.sendAndWait(command, metadata);
            CommandAnswer decided = answerFor(handled, success, successBody);
            // registered after the command ran, so it runs after the events were appended in this transaction
            CurrentUnitOfWork.get().onPrepareCommit(u -> {
                answer.set(decided.at(appended.lastPosition(u, streamId)));
                beforeCommit.accept(answer.get());
            });
            return null;
        });
        if (result.isExceptional()) {
            Throwable failure = result.exceptionResult();
            throw failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure);
        }
        return answer.get();
    }

    private CommandAnswer answerFor(Object handled, HttpStatus success, Function<Object, Object> successBody) {
        if (handled instanceof PrecautionRefusal refusal) {
            ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_ENTITY, "precaution-blocked",
                    "Refused by a precaution", "The command would break a precaution; the attempt was recorded.");
            problem.setProperty("errors", refusal.violations().stream()
                    .map(v -> Map.of("rule", v.rule().name(), "message", v.message())).toList());
            return new CommandAnswer(problem.getStatus(), MediaType.APPLICATION_PROBLEM_JSON_VALUE, write(problem), null);
        }
        Object body = successBody.apply(handled);
        return new CommandAnswer(success.value(), MediaType.APPLICATION_JSON_VALUE, body == null ? "" : write(body),
                null);
    }

    private Optional<ResponseEntity<String>> earlierAnswer(String userId, String key, String hash) {
        return keys.find(userId, key).map(stored -> {
            if (stored.requestHash().equals(hash)) {
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
     * a ConcurrencyException), or held its lock too long: nothing of this attempt was stored.
     */
    private static boolean lostARace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConcurrencyException || t instanceof PessimisticLockingFailureException
                    || t instanceof jakarta.persistence.PessimisticLockException
                    || t instanceof jakarta.persistence.LockTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
