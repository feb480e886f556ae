-- One row per treatment session (ClientHistoryProjection): the session's JSON document (timeline and assessment)
-- and the columns the precaution listing filters and orders on. started_at_micros: microseconds since the epoch,
-- UTC, so that ordering and range filters do not depend on JDBC time zone handling.
CREATE TABLE session_view (
    session_id        VARCHAR(255) NOT NULL PRIMARY KEY,
    client_id         VARCHAR(255) NOT NULL,
    therapist_id      VARCHAR(255),
    started_at_micros BIGINT       NOT NULL,
    status            VARCHAR(32)  NOT NULL,
    overall           VARCHAR(32)  NOT NULL,
    document          BYTEA        NOT NULL
);
CREATE INDEX ix_session_view_client ON session_view (client_id);
CREATE INDEX ix_session_view_listing ON session_view (overall, started_at_micros, session_id);
