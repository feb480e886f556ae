package com.precautionfirst.support.web;

import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * A request body read as a stream turned out larger than its limit ({@link RequestBodyLimitFilter}): nothing it held
 * is answered or stored; 413 ({@link #problem()}). An IOException, so that it passes through a parser reading the
 * body like any failure of the stream, rather than as malformed content.
 */
public class PayloadTooLargeException extends IOException {

    private final long limit;

    public PayloadTooLargeException(long limit) {
        super(detail(limit));
        this.limit = limit;
    }

    static String detail(long limit) {
        return "The request body is larger than " + limit + " bytes; nothing was read or stored.";
    }

    public ProblemDetail problem() {
        return Problems.of(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", "Payload too large", detail(limit));
    }
}
