-- The command side's Idempotency-Key records (web/IdempotentCommandRunner). Written in the same transaction as
-- the command's events, so a key holds across restarts and across command-side instances sharing the database;
-- a concurrent duplicate meets the primary key. Keys are scoped per user.
CREATE TABLE idempotency_key (
    user_id         VARCHAR(64)   NOT NULL,
    idempotency_key VARCHAR(200)  NOT NULL,
    request_hash    VARCHAR(64)   NOT NULL,
    status          INTEGER       NOT NULL,
    content_type    VARCHAR(100)  NOT NULL,
    body            VARCHAR(8000) NOT NULL,
    event_position  BIGINT,
    created_at      TIMESTAMP     NOT NULL,
    PRIMARY KEY (user_id, idempotency_key)
);
