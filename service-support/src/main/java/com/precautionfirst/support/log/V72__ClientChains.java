package com.precautionfirst.support.log;

import com.precautionfirst.verifier.ClientEntry;
import com.precautionfirst.verifier.LogEvent;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The client chains of the signed log (decision 0060): their two tables, the client map columns of the checkpoints
 * (format v2), and the chains of every event logged before this ran, in log order, with the same code as every later
 * append ({@link ClientChainRows}). Java rather than SQL because an entry is derived from the stored event by the
 * verifier module's code (JSON payload, hashes), and a migration rather than a backfill at startup because the
 * first checkpoint of format v2 must already find every chain complete; after this ran, every entry is written in
 * the same transaction as its leaf. The tables are the same on H2 and PostgreSQL (types as in V55); PostgreSQL's
 * protections are V73 (db/vendor/postgresql).
 */
@Component
public class V72__ClientChains extends LoggedEventsMigration<ClientEntry> {

    static final List<String> SCHEMA = List.of(
            // One row per entry: the client's chain in order (client_seq from 1), the entry's bytes and the chain
            // hash after it. Rows are only ever added (V73 on PostgreSQL).
            """
            CREATE TABLE log_client_entry (
                client_id  VARCHAR(255) NOT NULL,
                client_seq BIGINT       NOT NULL,
                leaf_index BIGINT       NOT NULL,
                entry      BYTEA        NOT NULL,
                chain_hash BYTEA        NOT NULL,
                PRIMARY KEY (client_id, client_seq)
            )""",
            "CREATE INDEX ix_log_client_entry_leaf ON log_client_entry (leaf_index)",
            // One row per client with entries: its head (count and chain hash) and the leaf of its last entry, so
            // that the heads as of an earlier tree size are found without reading every entry.
            """
            CREATE TABLE log_client_head (
                client_id       VARCHAR(255) NOT NULL PRIMARY KEY,
                entry_count     BIGINT       NOT NULL,
                chain_hash      BYTEA        NOT NULL,
                last_leaf_index BIGINT       NOT NULL
            )""",
            // format v2 of a checkpoint: both null for the checkpoints of format v1 signed before
            "ALTER TABLE log_checkpoint ADD COLUMN client_count BIGINT",
            "ALTER TABLE log_checkpoint ADD COLUMN client_map_root VARCHAR(64)");

    public V72__ClientChains() {
        super(SCHEMA, null);
    }

    @Override
    Optional<ClientEntry> rowOf(LogEvent event, long leafIndex) {
        return ClientEntry.of(event, leafIndex);
    }

    @Override
    void append(JdbcTemplate jdbc, List<ClientEntry> rows) {
        ClientChainRows.append(jdbc, rows);
    }
}
