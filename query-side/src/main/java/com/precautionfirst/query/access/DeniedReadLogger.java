package com.precautionfirst.query.access;

import com.precautionfirst.query.session.SessionRepository;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.event.AuthorizationDeniedEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * Logs reads of a client's record that the security filter refused by role (e.g. an insurer asking for a
 * history), which never reach the controllers. Unauthenticated requests (401) are not logged: there is no one to
 * name.
 */
@Component
public class DeniedReadLogger {

    private static final Pattern CLIENT_PATH = Pattern.compile("^/api/clients/([^/]+)/.*");
    private static final Pattern SESSION_PATH = Pattern.compile("^/api/sessions/([^/]+)$");

    private final AccessLog log;
    private final SessionRepository sessions;
    private final Clock clock;

    public DeniedReadLogger(AccessLog log, SessionRepository sessions, Clock clock) {
        this.log = log;
        this.sessions = sessions;
        this.clock = clock;
    }

    @EventListener
    public void on(AuthorizationDeniedEvent<?> event) {
        if (!(event.getSource() instanceof HttpServletRequest request)) {
            return;
        }
        Authentication who = event.getAuthentication().get();
        if (who == null || who instanceof AnonymousAuthenticationToken || !who.isAuthenticated()) {
            return;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Matcher client = CLIENT_PATH.matcher(path);
        Matcher session = SESSION_PATH.matcher(path);
        String clientId;
        if (client.matches()) {
            clientId = client.group(1);
        } else if (session.matches()) {
            clientId = sessions.clientOf(session.group(1)).orElse(null);
        } else {
            return;
        }
        String role = who.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith("ROLE_")).map(a -> a.substring(5)).findFirst().orElse("NONE");
        log.record(clock.instant(), who.getName(), role, clientId, RecordAccess.endpoint(request),
                AccessLog.Outcome.REFUSED);
    }
}

