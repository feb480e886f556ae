-- Decision 0056: a rebuild writes a new generation of the rebuildable projections beside the one the queries read,
-- and switches when it has caught up. Every row of client_history, session_view and user_view belongs to one
-- generation; projection_generation (one row) says which generation the queries read (active), which one a rebuild
-- is writing (rebuilding, null when none runs) and the store's newest position when that rebuild began
-- (target_position: a read carrying X-Event-Position at or beyond it waits for the switch). The queries read the
-- active generation in the statement that reads their rows, so every answer comes from one generation, on every
-- query-side instance. The rows there are the live projection as it stands: they become generation 0, which is
-- active, and nothing is replayed. The audit chain and the signed log are never rebuilt and have no generations.
CREATE TABLE projection_generation (
    id              INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    active          BIGINT  NOT NULL,
    rebuilding      BIGINT,
    target_position BIGINT
);
INSERT INTO projection_generation (id, active) VALUES (1, 0);

-- A primary key cannot be changed the same way on H2 and PostgreSQL: each table is made anew with the generation
-- first in its keys, filled from the old one, which is then dropped.
CREATE TABLE client_history_generations (
    generation    BIGINT       NOT NULL,
    client_id     VARCHAR(255) NOT NULL,
    document      BYTEA        NOT NULL,
    last_position BIGINT       NOT NULL,
    CONSTRAINT pk_client_history PRIMARY KEY (generation, client_id)
);
INSERT INTO client_history_generations (generation, client_id, document, last_position)
    SELECT 0, client_id, document, last_position FROM client_history;
DROP TABLE client_history;
ALTER TABLE client_history_generations RENAME TO client_history;

CREATE TABLE session_view_generations (
    generation        BIGINT       NOT NULL,
    session_id        VARCHAR(255) NOT NULL,
    client_id         VARCHAR(255) NOT NULL,
    therapist_id      VARCHAR(255),
    started_at_micros BIGINT       NOT NULL,
    start_position    BIGINT       NOT NULL,
    status            VARCHAR(32)  NOT NULL,
    overall           VARCHAR(32)  NOT NULL,
    document          BYTEA        NOT NULL,
    CONSTRAINT pk_session_view PRIMARY KEY (generation, session_id)
);
INSERT INTO session_view_generations (generation, session_id, client_id, therapist_id, started_at_micros,
                                      start_position, status, overall, document)
    SELECT 0, session_id, client_id, therapist_id, started_at_micros, start_position, status, overall, document
    FROM session_view;
DROP TABLE session_view;
ALTER TABLE session_view_generations RENAME TO session_view;
CREATE INDEX ix_session_view_client ON session_view (generation, client_id, start_position);
CREATE INDEX ix_session_view_listing ON session_view (generation, overall, started_at_micros, session_id);

CREATE TABLE user_view_generations (
    generation          BIGINT        NOT NULL,
    user_id             VARCHAR(64)   NOT NULL,
    role                VARCHAR(32)   NOT NULL,
    insurer_id          VARCHAR(64),
    active              BOOLEAN       NOT NULL,
    created_at          TIMESTAMP     NOT NULL,
    created_by          VARCHAR(64)   NOT NULL,
    password_changed_at TIMESTAMP,
    password_changed_by VARCHAR(64),
    deactivated_at      TIMESTAMP,
    deactivated_by      VARCHAR(64),
    deactivation_reason VARCHAR(2000),
    CONSTRAINT pk_user_view PRIMARY KEY (generation, user_id)
);
INSERT INTO user_view_generations (generation, user_id, role, insurer_id, active, created_at, created_by,
                                   password_changed_at, password_changed_by, deactivated_at, deactivated_by,
                                   deactivation_reason)
    SELECT 0, user_id, role, insurer_id, active, created_at, created_by, password_changed_at, password_changed_by,
           deactivated_at, deactivated_by, deactivation_reason
    FROM user_view;
DROP TABLE user_view;
ALTER TABLE user_view_generations RENAME TO user_view;
