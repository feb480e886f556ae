package com.precautionfirst.query.access;

import com.precautionfirst.api.vocabulary.Role;
import com.precautionfirst.query.history.ClientHistoryRepository;
import com.precautionfirst.query.history.ClientHistoryView;
import com.precautionfirst.support.security.Caller;
import com.precautionfirst.support.security.CallerResolver;
import com.precautionfirst.support.web.ForbiddenException;
import com.precautionfirst.support.web.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import org.springframework.stereotype.Component;

/**
 * The object check of every read of a client's record, and its entry in the access log. Administrators and
 * auditors read every record; a therapist only clients assigned to them (TherapistAssigned, as projected);
 * others are refused by role before they get here (see {@link DeniedReadLogger}).
 */
@Component
public class RecordAccess {

    private final CallerResolver callers;
    private final ClientHistoryRepository clients;
    private final AccessLog log;
    private final Clock clock;

    public RecordAccess(CallerResolver callers, ClientHistoryRepository clients, AccessLog log, Clock clock) {
        this.callers = callers;
        this.clients = clients;
        this.log = log;
        this.clock = clock;
    }

    /**
     * Lets the caller read the client's record or throws (404 unknown client, 403 not assigned); logs either way.
     *
     * @param clientId null when the record asked for does not exist (e.g. an unknown session)
     */
    public void authorize(String clientId, HttpServletRequest request) {
        Caller caller = callers.current();
        ClientHistoryView client = clientId == null ? null : clients.find(clientId).orElse(null);
        if (client == null) {
            record(caller, clientId, request, AccessLog.Outcome.NOT_FOUND);
            throw new NotFoundException("No such record.");
        }
        if (caller.is(Role.THERAPIST) && !client.isAssigned(caller.userId())) {
            record(caller, clientId, request, AccessLog.Outcome.REFUSED);
            throw new ForbiddenException("Client " + clientId + " is not assigned to you.");
        }
        record(caller, clientId, request, AccessLog.Outcome.ALLOWED);
    }

    private void record(Caller caller, String clientId, HttpServletRequest request, AccessLog.Outcome outcome) {
        log.record(clock.instant(), caller.userId(), caller.role().name(), clientId, endpoint(request), outcome);
    }

    static String endpoint(HttpServletRequest request) {
        String query = request.getQueryString();
        return request.getMethod() + " " + request.getRequestURI() + (query == null ? "" : "?" + query);
    }
}
