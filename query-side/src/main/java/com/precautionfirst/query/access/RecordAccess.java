package com.precautionfirst.query.access;

import com.precautionfirst.api.vocabulary.Role;
import com.precautionfirst.query.history.ClientHistoryRepository;
import com.precautionfirst.query.history.ClientRecord;
import com.precautionfirst.support.access.Access;
import com.precautionfirst.support.access.AccessLog;
import com.precautionfirst.support.access.Outcome;
import com.precautionfirst.support.access.RequestedRecord;
import com.precautionfirst.support.security.Caller;
import com.precautionfirst.support.security.CallerResolver;
import com.precautionfirst.support.web.ForbiddenException;
import com.precautionfirst.support.web.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collection;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The object check of every read of a client's data and its entry in the access log, one place for every
 * endpoint. Administrators and auditors read every record; a therapist only clients assigned to them
 * (TherapistAssigned, as projected); refusals by role are answered and logged before a controller is reached
 * (RefusedByRoleHandler). Data is handed out only after its access was logged: if the log cannot be written, the
 * read fails (AccessLogUnavailableException, 503).
 */
@Component
public class RecordAccess {

    private final CallerResolver callers;
    private final ClientHistoryRepository clients;
    private final AccessLog log;

    public RecordAccess(CallerResolver callers, ClientHistoryRepository clients, AccessLog log) {
        this.callers = callers;
        this.clients = clients;
        this.log = log;
    }

    /**
     * Reads the client's data with {@code reader} if the caller may, and logs the outcome once: NOT_FOUND (unknown
     * client or session, or the reader found nothing, e.g. before the client existed), REFUSED (not assigned) or
     * ALLOWED.
     *
     * @param clientId  null when the record asked for does not exist (e.g. an unknown session)
     * @param sessionId the session read, if one was
     */
    public <T> T read(String clientId, String sessionId, HttpServletRequest request, Supplier<T> reader) {
        Caller caller = callers.current();
        ClientRecord client = clientId == null ? null : clients.find(clientId).orElse(null);
        if (client == null) {
            record(caller, request, clientId, sessionId, Outcome.NOT_FOUND);
            throw new NotFoundException("No such record.");
        }
        if (caller.is(Role.THERAPIST) && !client.isAssigned(caller.userId())) {
            record(caller, request, clientId, sessionId, Outcome.REFUSED);
            throw new ForbiddenException("Client " + clientId + " is not assigned to you.");
        }
        T data;
        try {
            data = reader.get();
        } catch (NotFoundException e) {
            record(caller, request, clientId, sessionId, Outcome.NOT_FOUND);
            throw e;
        }
        record(caller, request, clientId, sessionId, Outcome.ALLOWED);
        return data;
    }

    private void record(Caller caller, HttpServletRequest request, String clientId, String sessionId, Outcome outcome) {
        log.append(Access.of(caller, request, clientId, sessionId, outcome));
    }

    /** A listing about to answer data of these clients: one ALLOWED entry per client, all or none. */
    public void listed(Collection<String> clientIds, HttpServletRequest request) {
        Caller caller = callers.current();
        log.append(clientIds.stream().distinct()
                .map(clientId -> Access.of(caller, request, clientId, null, Outcome.ALLOWED))
                .toList());
    }

    /** Logs a read refused by an object rule other than the assignment; throw what it returns. */
    public ForbiddenException refused(HttpServletRequest request, String reason) {
        log.append(Access.refused(callers.current(), request, RequestedRecord.of(request)));
        return new ForbiddenException(reason);
    }
}
