package com.precautionfirst.support.security;

import com.precautionfirst.support.access.Access;
import com.precautionfirst.support.access.AccessLog;
import com.precautionfirst.support.access.AccessLogUnavailableException;
import com.precautionfirst.support.access.RequestedRecord;
import com.precautionfirst.support.access.SessionClients;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;

/**
 * Answers a request that the caller's role may not make (403) and logs the refusal in the access log first, on
 * both services: refused reads and refused commands never reach a controller. The entry names the client and
 * session of the path, the session's client where the service knows it ({@link SessionClients}). If the refusal
 * cannot be logged the answer is 503, not a silent 403. Unauthenticated requests (401) never get here: there is
 * no one to name.
 */
@Component
public class RefusedByRoleHandler implements AccessDeniedHandler {

    private final AccessLog log;
    private final CallerResolver callers;
    private final ObjectProvider<SessionClients> sessionClients;

    public RefusedByRoleHandler(AccessLog log, CallerResolver callers, ObjectProvider<SessionClients> sessionClients) {
        this.log = log;
        this.callers = callers;
        this.sessionClients = sessionClients;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        try {
            log(request);
        } catch (AccessLogUnavailableException e) {
            SecuritySupportConfiguration.writeProblem(response, HttpStatus.SERVICE_UNAVAILABLE,
                    AccessLogUnavailableException.TYPE, AccessLogUnavailableException.TITLE,
                    AccessLogUnavailableException.DETAIL);
            return;
        }
        SecuritySupportConfiguration.writeProblem(response, HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                "Your role may not do this.");
    }

    /**
     * Logs the refusal of this request by role, naming the client and session it is about as far as known; for a
     * chain that answers the refusal in another form (the dashboard's 403 page).
     *
     * @throws AccessLogUnavailableException when the entry cannot be written
     */
    public void log(HttpServletRequest request) {
        RequestedRecord record = RequestedRecord.of(request);
        SessionClients sessions = sessionClients.getIfAvailable();
        if (record.clientId() == null && record.sessionId() != null && sessions != null) {
            record = record.withClient(sessions.clientOf(record.sessionId()).orElse(null));
        }
        log.append(Access.refused(callers.current(), request, record));
    }
}
