-- The query side's history projection (ClientHistoryProjection): one JSON document per client, the answer of
-- GET /api/clients/{clientId}/history, rewritten per event. last_position is the global index of the last event
-- folded into the document, so that an event delivered twice is applied once.
CREATE TABLE client_history (
    client_id     VARCHAR(255) NOT NULL PRIMARY KEY,
    document      BYTEA        NOT NULL,
    last_position BIGINT       NOT NULL
);
