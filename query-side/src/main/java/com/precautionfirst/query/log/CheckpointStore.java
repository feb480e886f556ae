package com.precautionfirst.query.log;

import com.precautionfirst.verifier.Checkpoint;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * The signed checkpoints (table log_checkpoint), in the order they were issued; rows are only ever added. Those of
 * format v1 (before decision 0060) have no client map: null in both of its columns.
 */
@Component
public class CheckpointStore {

    private static final String COLUMNS = "tree_size, root_hash, issued_at, key_id, signature, access_log_head, "
            + "client_count, client_map_root";
    static final RowMapper<Checkpoint> ROW = (rs, i) -> checkpoint(rs, 1);

    private final JdbcTemplate jdbc;

    public CheckpointStore(JdbcTemplate jdbc) {
        this.jdbc = new JdbcTemplate(jdbc.getDataSource());
        this.jdbc.setFetchSize(1000);
    }

    public Optional<Checkpoint> latest() {
        return jdbc.query("SELECT " + COLUMNS + " FROM log_checkpoint ORDER BY checkpoint_number DESC LIMIT 1", ROW)
                .stream().findFirst();
    }

    /** The first checkpoint issued for the smallest tree that holds this leaf. */
    public Optional<Checkpoint> firstCovering(long leafIndex) {
        return jdbc.query("SELECT " + COLUMNS + " FROM log_checkpoint WHERE tree_size > ? "
                + "ORDER BY tree_size, checkpoint_number LIMIT 1", ROW, leafIndex).stream().findFirst();
    }

    /** Appends a checkpoint after the newest one; a concurrent issuer's insert of the same number makes it fail. */
    public void add(Checkpoint checkpoint, long accessLogPosition) {
        jdbc.update("INSERT INTO log_checkpoint (checkpoint_number, " + COLUMNS + ", access_log_position) "
                        + "SELECT COALESCE(MAX(checkpoint_number), 0) + 1, ?, ?, ?, ?, ?, ?, ?, ?, ? "
                        + "FROM log_checkpoint",
                checkpoint.treeSize(), checkpoint.rootHash(), checkpoint.issuedAt(), checkpoint.keyId(),
                checkpoint.signature(), checkpoint.accessLogHead(), checkpoint.clients(), checkpoint.clientMapRoot(),
                accessLogPosition);
    }

    /**
     * Every checkpoint in issue order with its number and, beside the signed access-log head, the hash the access
     * log holds now at the position that head was taken from (null when no entry is there any more).
     */
    public void forEach(Consumer<Stored> visitor) {
        jdbc.query("SELECT c.checkpoint_number, c.tree_size, c.root_hash, c.issued_at, c.key_id, c.signature, "
                + "c.access_log_head, c.client_count, c.client_map_root, c.access_log_position, a.hash "
                + "FROM log_checkpoint c LEFT JOIN access_log a ON a.chain_position = c.access_log_position "
                + "ORDER BY c.checkpoint_number", rs -> {
                    visitor.accept(new Stored(rs.getLong(1), checkpoint(rs, 2), rs.getLong(10), rs.getString(11)));
                });
    }

    /** The checkpoint whose columns (as {@link #COLUMNS}) start at column {@code first}: v1 when the map is null. */
    private static Checkpoint checkpoint(ResultSet rs, int first) throws SQLException {
        long count = rs.getLong(first + 6);
        Long clients = rs.wasNull() ? null : count;
        return new Checkpoint(rs.getLong(first), rs.getString(first + 1), rs.getString(first + 2),
                rs.getString(first + 3), rs.getString(first + 4), rs.getString(first + 5), clients,
                rs.getString(first + 7));
    }

    /** A stored checkpoint, where it points into the access log, and what the access log holds there now. */
    public record Stored(long number, Checkpoint checkpoint, long accessLogPosition, String accessLogHashNow) {
    }
}
