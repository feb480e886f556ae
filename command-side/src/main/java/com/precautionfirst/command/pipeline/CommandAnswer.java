package com.precautionfirst.command.pipeline;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** An answer as it is sent and as it is replayed for a repeated Idempotency-Key: status, JSON body, position. */
public record CommandAnswer(int status, String contentType, String body, Long eventPosition) {

    public static final String EVENT_POSITION_HEADER = "X-Event-Position";

    public CommandAnswer at(Long position) {
        return new CommandAnswer(status, contentType, body, position);
    }

    public ResponseEntity<String> toResponse() {
        HttpHeaders headers = new HttpHeaders();
        if (eventPosition != null) {
            headers.set(EVENT_POSITION_HEADER, eventPosition.toString());
        }
        if (body.isEmpty()) {
            return ResponseEntity.status(status).headers(headers).build();
        }
        headers.setContentType(MediaType.parseMediaType(contentType));
        return ResponseEntity.status(status).headers(headers).body(body);
    }
}
