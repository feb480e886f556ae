-- Clearance ids are chosen per client (two clients may both have clearance-1), so the open sessions a revocation
-- stops are found by (client, clearance), never by clearance alone (session/RevocationStopsSessions). The table is
-- rebuilt rather than altered because the primary key's constraint name differs between PostgreSQL and H2.
CREATE TABLE open_session_by_client (
    client_id    VARCHAR(64) NOT NULL,
    clearance_id VARCHAR(64) NOT NULL,
    session_id   VARCHAR(64) NOT NULL,
    PRIMARY KEY (client_id, clearance_id, session_id)
);
INSERT INTO open_session_by_client (client_id, clearance_id, session_id)
    SELECT client_id, clearance_id, session_id FROM open_session_clearance;
DROP TABLE open_session_clearance;
ALTER TABLE open_session_by_client RENAME TO open_session_clearance;
CREATE INDEX ix_open_session_clearance_by_session ON open_session_clearance (session_id);
