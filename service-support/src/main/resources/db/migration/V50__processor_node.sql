-- Which processes run which streaming processor, so that several instances share its segments
-- (SegmentBalancer; docs/decisions/0031-several-instances.md). One row per processor and process, refreshed every
-- few seconds; a process that stopped refreshing no longer counts.
CREATE TABLE processor_node (
    processor_name VARCHAR(255) NOT NULL,
    node_id        VARCHAR(255) NOT NULL,
    last_seen      TIMESTAMP    NOT NULL,
    PRIMARY KEY (processor_name, node_id)
);
