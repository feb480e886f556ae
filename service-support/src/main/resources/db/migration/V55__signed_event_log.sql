-- The signed, append-only Merkle log of every stored event (docs/decisions/0040-signed-merkle-log.md,
-- docs/log-format.md). Built by the query side's "log" processor in the order it sees commits; never rebuilt.

-- One leaf per event: its place in the log and SHA-256(0x00 || canonical leaf bytes) of the stored row.
CREATE TABLE log_leaf (
    leaf_index       BIGINT       NOT NULL PRIMARY KEY,
    event_identifier VARCHAR(255) NOT NULL,
    leaf_hash        BYTEA        NOT NULL,
    CONSTRAINT uk_log_leaf_event UNIQUE (event_identifier)
);

-- Every complete subtree above the leaves: node (tree_level, node_index) covers leaves
-- [node_index * 2^tree_level, (node_index + 1) * 2^tree_level). Proofs and roots are read from here in one query.
CREATE TABLE log_node (
    tree_level INT    NOT NULL,
    node_index BIGINT NOT NULL,
    hash       BYTEA  NOT NULL,
    PRIMARY KEY (tree_level, node_index)
);

-- Signed checkpoints (tree heads), in the order they were issued; kept forever. access_log_position locates the
-- signed access-log head in the access log (not signed; the hash is).
CREATE TABLE log_checkpoint (
    checkpoint_number   BIGINT       NOT NULL PRIMARY KEY,
    tree_size           BIGINT       NOT NULL,
    root_hash           VARCHAR(64)  NOT NULL,
    issued_at           VARCHAR(64)  NOT NULL,
    key_id              VARCHAR(64)  NOT NULL,
    signature           VARCHAR(128) NOT NULL,
    access_log_head     VARCHAR(64)  NOT NULL,
    access_log_position BIGINT       NOT NULL
);
CREATE INDEX ix_log_checkpoint_size ON log_checkpoint (tree_size);
