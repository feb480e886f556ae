package com.precautionfirst.support.access;

import com.precautionfirst.support.security.Caller;
import jakarta.servlet.http.HttpServletRequest;

/**
 * One access to append to the {@link AccessLog}: who, with which role, which client and session (as far as
 * known), through which endpoint (method, path and query), with what outcome. Values longer than their column are
 * cut to fit and end with {@link #TRUNCATED}, so that an entry can always be stored: a request with a huge query
 * string is logged, not answered 500.
 */
public record Access(String userId, String role, String clientId, String sessionId, String endpoint,
                     Outcome outcome) {

    public static final String TRUNCATED = "...[truncated]";
    static final int ID_LENGTH = 255;
    static final int ROLE_LENGTH = 32;
    static final int ENDPOINT_LENGTH = 1024;

    public Access {
        userId = bounded(userId, ID_LENGTH);
        role = bounded(role, ROLE_LENGTH);
        clientId = bounded(clientId, ID_LENGTH);
        sessionId = bounded(sessionId, ID_LENGTH);
        endpoint = bounded(endpoint, ENDPOINT_LENGTH);
    }

    public static Access of(Caller caller, HttpServletRequest request, String clientId, String sessionId,
                            Outcome outcome) {
        return new Access(caller.userId(), caller.role().name(), clientId, sessionId, endpoint(request), outcome);
    }

    /** A refused request, about the client and session its path (or its controller) names. */
    public static Access refused(Caller caller, HttpServletRequest request, RequestedRecord record) {
        return of(caller, request, record.clientId(), record.sessionId(), Outcome.REFUSED);
    }

    static String endpoint(HttpServletRequest request) {
        String query = request.getQueryString();
        return request.getMethod() + " " + request.getRequestURI() + (query == null ? "" : "?" + query);
    }

    static String bounded(String value, int length) {
        if (value == null || value.length() <= length) {
            return value;
        }
        int cut = length - TRUNCATED.length();
        if (Character.isHighSurrogate(value.charAt(cut - 1))) {
            cut--;
        }
        return value.substring(0, cut) + TRUNCATED;
    }
}
