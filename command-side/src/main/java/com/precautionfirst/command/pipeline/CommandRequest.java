package com.precautionfirst.command.pipeline;

import com.precautionfirst.command.domain.CommandOutcome;
import java.util.function.Function;
import org.springframework.http.HttpStatus;

/**
 * One command as an HTTP request asked for it.
 *
 * @param body        the validated request body; with the path it identifies the request for its Idempotency-Key
 * @param streamId    the stream the command addresses (the client's record or the session)
 * @param command     the command message
 * @param newStreamId the stream the command creates, when it creates one (a client or a session); its id must not
 *                    be in use by a record of any kind, so a clash is answered 409 naming the id
 * @param success     the status of an accepted command
 * @param response    the body of an accepted command, from the aggregate's result (null: no body)
 * @param whenAccepted what else an accepted command writes, in its transaction, that must not be in an event
 *                    (a password hash)
 */
public record CommandRequest(Object body, String streamId, Object command, String newStreamId, HttpStatus success,
                             Function<CommandOutcome.Accepted, Object> response, Runnable whenAccepted) {

    /** A command on an existing record, answered 200 without a body. */
    public static CommandRequest to(String streamId, Object body, Object command) {
        return new CommandRequest(body, streamId, command, null, HttpStatus.OK, accepted -> null, () -> { });
    }

    /** Answered 201 with the given body. */
    public CommandRequest created(Function<CommandOutcome.Accepted, Object> response) {
        return new CommandRequest(body, streamId, command, newStreamId, HttpStatus.CREATED, response, whenAccepted);
    }

    /** The command also creates the stream {@code id}. */
    public CommandRequest creatingStream(String id) {
        return new CommandRequest(body, streamId, command, id, success, response, whenAccepted);
    }

    /** {@code write} runs in the command's transaction after its events were appended, if it was accepted. */
    public CommandRequest alsoWriting(Runnable write) {
        return new CommandRequest(body, streamId, command, newStreamId, success, response, write);
    }
}
