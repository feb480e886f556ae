-- The access log becomes a hash chain (docs/decisions/0025-access-log-complete-and-chained.md): every entry has a
-- position in one linear chain and hash = SHA-256(previous_hash || canonical entry). Appends are serialized by
-- locking the one row of access_log_head (SELECT ... FOR UPDATE), which also remembers the chain's last entry, so
-- removing the newest entries is detected too. Rows that exist now are chained by V54 (Java, same hash code).
ALTER TABLE access_log ADD COLUMN session_id VARCHAR(255);
ALTER TABLE access_log ADD COLUMN chain_position BIGINT;
ALTER TABLE access_log ADD COLUMN previous_hash VARCHAR(64);
ALTER TABLE access_log ADD COLUMN hash VARCHAR(64);
CREATE UNIQUE INDEX ux_access_log_chain_position ON access_log (chain_position);

CREATE TABLE access_log_head (
    id            INT         NOT NULL PRIMARY KEY CHECK (id = 1),
    last_position BIGINT      NOT NULL,
    last_hash     VARCHAR(64) NOT NULL
);
INSERT INTO access_log_head (id, last_position, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
