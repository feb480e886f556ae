package com.precautionfirst.query.projection;

import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The generations of the rebuildable projections (table {@code projection_generation}, decision 0056): every row of
 * client_history, session_view and user_view belongs to one generation. The queries read the active one, in the
 * statement that reads their rows ({@link #ACTIVE}), so that an answer never mixes two generations, on any
 * query-side instance. A live processor writes the generation active when its batch begins; a rebuild writes the
 * next one beside it, in a processor of its own ({@link #rebuildOf}), and switches when it has caught up.
 */
@Component
public class Generations {

    /** A condition on a table's {@code generation} column: the rows the queries read. */
    public static final String ACTIVE = "generation = (SELECT active FROM projection_generation)";

    /** Appended to a live processor's name to name the processor that rebuilds its projection beside it. */
    public static final String REBUILD_SUFFIX = "-rebuild";

    private final JdbcTemplate jdbc;

    public Generations(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public static String rebuildOf(String processor) {
        return processor + REBUILD_SUFFIX;
    }

    public static boolean isRebuild(String processor) {
        return processor.endsWith(REBUILD_SUFFIX);
    }

    /** The generation the queries read, and the live processors write. */
    public long active() {
        return jdbc.queryForObject("SELECT active FROM projection_generation", Long.class);
    }

    /** The generation a rebuild is writing; only while one runs. */
    public long rebuilding() {
        return rebuild().orElseThrow(() -> new IllegalStateException("no rebuild of the projections runs"))
                .generation();
    }

    /** The rebuild that runs, if one does. */
    public Optional<Rebuild> rebuild() {
        return jdbc.query("SELECT rebuilding, target_position FROM projection_generation WHERE rebuilding IS NOT NULL",
                (rs, i) -> new Rebuild(rs.getLong(1), rs.getLong(2))).stream().findFirst();
    }

    /**
     * Records a rebuild of the generation after the active one up to {@code targetPosition}, unless one runs
     * already; in the caller's transaction.
     *
     * @return whether this call began it
     */
    public boolean begin(long targetPosition) {
        return jdbc.update("UPDATE projection_generation SET rebuilding = active + 1, target_position = ? "
                + "WHERE rebuilding IS NULL", targetPosition) == 1;
    }

    /**
     * Makes the rebuilt generation the active one, in the caller's transaction.
     *
     * @return false when that rebuild is no longer running (another instance switched it)
     */
    public boolean switchTo(Rebuild rebuild) {
        return jdbc.update("UPDATE projection_generation SET active = rebuilding, rebuilding = NULL, "
                + "target_position = NULL WHERE rebuilding = ?", rebuild.generation()) == 1;
    }

    /**
     * A rebuild that runs.
     *
     * @param generation     the generation it writes
     * @param targetPosition the newest position in the store when it began: a read waiting for a position at or
     *                       beyond it waits for the switch
     */
    public record Rebuild(long generation, long targetPosition) {
    }
}
