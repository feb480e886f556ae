package com.precautionfirst.query.log;

import com.precautionfirst.verifier.Checkpoint;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/** The signed checkpoints (table log_checkpoint), in the order they were issued; rows are only ever added. */
@Component
public class CheckpointStore {

    private static final String COLUMNS = "tree_size, root_hash, issued_at, key_id, signature, access_log_head";
    static final RowMapper<Checkpoint> ROW = (rs, i) -> new Checkpoint(rs.getLong(1), rs.getString(2),
            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6));

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
                        + "SELECT COALESCE(MAX(checkpoint_number), 0) + 1, ?, ?, ?, ?, ?, ?, ? FROM log_checkpoint",
                checkpoint.treeSize(), checkpoint.rootHash(), checkpoint.issuedAt(), checkpoint.keyId(),
                checkpoint.signature(), checkpoint.accessLogHead(), accessLogPosition);
    }

    /**
     * Every checkpoint in issue order with its number and, beside the signed access-log head, the hash the access
     * log holds now at the position that head was taken from (null when no entry is there any more).
     */
    public void forEach(Consumer<Stored> visitor) {
        jdbc.query("SELECT c.checkpoint_number, c.tree_size, c.root_hash, c.issued_at, c.key_id, c.signature, "
                + "c.access_log_head, c.access_log_position, a.hash FROM log_checkpoint c "
                + "LEFT JOIN access_log a ON a.chain_position = c.access_log_position "
                + "ORDER BY c.checkpoint_number", rs -> {
                    visitor.accept(new Stored(rs.getLong(1), new Checkpoint(rs.getLong(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)), rs.getLong(8),
                            rs.getString(9)));
                });
    }

    /** A stored checkpoint, where it points into the access log, and what the access log holds there now. */
    public record Stored(long number, Checkpoint checkpoint, long accessLogPosition, String accessLogHashNow) {
    }
}
