package com.precautionfirst.support.access;

import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The client and the session a request is about, as far as the request itself says: its path
 * ({@code /api/clients/{clientId}/...}, {@code /api/sessions/{sessionId}/...}, and the query side's dashboard pages
 * {@code /clients/{clientId}/...}, {@code /sessions/{sessionId}/...}), or a client id a controller noted from the
 * body ({@link #noteClient}). Either may be null.
 */
public record RequestedRecord(String clientId, String sessionId) {

    private static final String CLIENT_ATTRIBUTE = RequestedRecord.class.getName() + ".clientId";
    private static final Pattern CLIENT_PATH = Pattern.compile("^(?:/api)?/clients/([^/]+)(/.*)?$");
    private static final Pattern SESSION_PATH = Pattern.compile("^(?:/api)?/sessions/([^/]+)(/.*)?$");

    public static RequestedRecord of(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Matcher client = CLIENT_PATH.matcher(path);
        Matcher session = SESSION_PATH.matcher(path);
        String clientId = client.matches() ? client.group(1) : (String) request.getAttribute(CLIENT_ATTRIBUTE);
        return new RequestedRecord(clientId, session.matches() ? session.group(1) : null);
    }

    /** For a request whose client is named in the body (e.g. starting a session), so that a refusal names it. */
    public static void noteClient(HttpServletRequest request, String clientId) {
        request.setAttribute(CLIENT_ATTRIBUTE, clientId);
    }

    public RequestedRecord withClient(String clientId) {
        return new RequestedRecord(clientId, sessionId);
    }
}
