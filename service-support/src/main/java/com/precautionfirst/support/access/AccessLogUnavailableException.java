package com.precautionfirst.support.access;

import com.precautionfirst.support.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * An access could not be written to the access log. The request is not answered with the record (fail closed):
 * an access that is not logged must not happen. Answered 503 ({@link #problem()}).
 */
public class AccessLogUnavailableException extends RuntimeException {

    public static final String TYPE = "access-log-unavailable";
    public static final String TITLE = "Access log unavailable";
    public static final String DETAIL = "The access could not be written to the access log, so nothing is answered. "
            + "Retry later.";

    public AccessLogUnavailableException(Throwable cause) {
        super("The access log could not be written", cause);
    }

    public static ProblemDetail problem() {
        return Problems.of(HttpStatus.SERVICE_UNAVAILABLE, TYPE, TITLE, DETAIL);
    }
}
