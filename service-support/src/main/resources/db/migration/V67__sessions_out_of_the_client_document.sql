-- Decision 0050: the client document no longer holds the client's sessions; each session is its own document in
-- session_view, and the history answer joins the record with its sessions in the order they started
-- (start_position, the global index of SessionStarted). Documents of the old form cannot be split in SQL, so both
-- tables are made anew, empty, and the history processor's tokens are removed: on its next start it replays every
-- event from the beginning of the store and writes the documents in the new form. The audit chain, the signed log
-- and their processors are untouched (they must never be rebuilt).
DROP TABLE client_history;
DROP TABLE session_view;

CREATE TABLE client_history (
    client_id     VARCHAR(255) NOT NULL PRIMARY KEY,
    document      BYTEA        NOT NULL,
    last_position BIGINT       NOT NULL
);

CREATE TABLE session_view (
    session_id        VARCHAR(255) NOT NULL PRIMARY KEY,
    client_id         VARCHAR(255) NOT NULL,
    therapist_id      VARCHAR(255),
    started_at_micros BIGINT       NOT NULL,
    start_position    BIGINT       NOT NULL,
    status            VARCHAR(32)  NOT NULL,
    overall           VARCHAR(32)  NOT NULL,
    document          BYTEA        NOT NULL
);
CREATE INDEX ix_session_view_client ON session_view (client_id, start_position);
CREATE INDEX ix_session_view_listing ON session_view (overall, started_at_micros, session_id);

DELETE FROM token_entry WHERE processor_name = 'history';
