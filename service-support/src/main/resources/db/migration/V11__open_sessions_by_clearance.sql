-- The command side's list of open sessions per clearance they rely on (session/OpenSessionsByClearance),
-- maintained in the same transaction as the session events, so that revoking a clearance finds every open
-- session even with several command-side instances on one database.
CREATE TABLE open_session_clearance (
    clearance_id VARCHAR(64) NOT NULL,
    session_id   VARCHAR(64) NOT NULL,
    client_id    VARCHAR(64) NOT NULL,
    PRIMARY KEY (clearance_id, session_id)
);
CREATE INDEX ix_open_session_clearance_session ON open_session_clearance (session_id);
