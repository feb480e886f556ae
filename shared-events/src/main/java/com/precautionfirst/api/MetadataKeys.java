package com.precautionfirst.api;

/**
 * Keys of the metadata every command and event carries. Set once when the HTTP request is dispatched and
 * copied to every event the command causes.
 */
public final class MetadataKeys {
    public static final String USER_ID = "userId";
    public static final String ROLE = "role";
    public static final String CORRELATION_ID = "correlationId";
    public static final String IDEMPOTENCY_KEY = "idempotencyKey";

    private MetadataKeys() {
    }
}
