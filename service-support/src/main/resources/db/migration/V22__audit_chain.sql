-- The tamper-evident chain (AuditChainProjection): for every event of a client's streams, the hash recorded when
-- the event was first projected. Never cleared by a projection rebuild: the recorded hashes are the evidence the
-- verification compares the event store against.
CREATE TABLE audit_chain (
    global_position  BIGINT       NOT NULL PRIMARY KEY,
    client_id        VARCHAR(255) NOT NULL,
    stream_id        VARCHAR(255) NOT NULL,
    sequence_number  BIGINT       NOT NULL,
    event_identifier VARCHAR(255) NOT NULL,
    hash             VARCHAR(64)  NOT NULL,
    previous_hash    VARCHAR(64)  NOT NULL
);
CREATE INDEX ix_audit_chain_client ON audit_chain (client_id, global_position);
