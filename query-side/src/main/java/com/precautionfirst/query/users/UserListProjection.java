package com.precautionfirst.query.users;

import com.precautionfirst.api.MetadataKeys;
import com.precautionfirst.api.events.UserAccountCreated;
import com.precautionfirst.api.events.UserAccountDeactivated;
import com.precautionfirst.api.events.UserPasswordChanged;
import com.precautionfirst.query.projection.Generations;
import com.precautionfirst.query.projection.ProcessorBatch;
import java.time.Instant;
import java.util.function.LongSupplier;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The user directory as the admin reads it ({@code user_view}): role, insurer, active, and who granted, changed
 * and ended each account, when. Replays are harmless: every handler writes the state the event describes.
 * <p>
 * This one, processor {@value #PROCESSOR}, writes the active generation; {@link Rebuild}, the same projection in
 * processor {@value #REBUILD}, writes the generation a rebuild builds beside it (decision 0056). The generation is
 * read once per processor batch.
 */
@Component
@ProcessingGroup(UserListProjection.PROCESSOR)
public class UserListProjection {

    public static final String PROCESSOR = "users";
    public static final String REBUILD = PROCESSOR + Generations.REBUILD_SUFFIX;
    private static final String BATCH = UserListProjection.class.getName() + ".generation";

    private final JdbcTemplate jdbc;
    private final LongSupplier generation;

    @Autowired
    public UserListProjection(JdbcTemplate jdbc, Generations generations) {
        this(jdbc, generations::active);
    }

    UserListProjection(JdbcTemplate jdbc, LongSupplier generation) {
        this.jdbc = jdbc;
        this.generation = generation;
    }

    @EventHandler
    void on(UserAccountCreated event, @Timestamp Instant at, @MetaDataValue(MetadataKeys.USER_ID) String by) {
        long generation = generation();
        jdbc.update("DELETE FROM user_view WHERE generation = ? AND user_id = ?", generation, event.userId());
        jdbc.update("INSERT INTO user_view (generation, user_id, role, insurer_id, active, created_at, created_by)"
                        + " VALUES (?, ?, ?, ?, TRUE, ?, ?)",
                generation, event.userId(), event.role().name(), event.insurerId(), java.sql.Timestamp.from(at), by);
    }

    @EventHandler
    void on(UserPasswordChanged event, @Timestamp Instant at, @MetaDataValue(MetadataKeys.USER_ID) String by) {
        jdbc.update("UPDATE user_view SET password_changed_at = ?, password_changed_by = ? "
                        + "WHERE generation = ? AND user_id = ?",
                java.sql.Timestamp.from(at), by, generation(), event.userId());
    }

    @EventHandler
    void on(UserAccountDeactivated event, @Timestamp Instant at, @MetaDataValue(MetadataKeys.USER_ID) String by) {
        jdbc.update("UPDATE user_view SET active = FALSE, deactivated_at = ?, deactivated_by = ?,"
                        + " deactivation_reason = ? WHERE generation = ? AND user_id = ?",
                java.sql.Timestamp.from(at), by, event.reason(), generation(), event.userId());
    }

    /** The generation this processor writes, read when the batch meets its first user event. */
    private long generation() {
        return ProcessorBatch.state(BATCH, generation::getAsLong, written -> {
        });
    }

    /** The same projection, in the processor that writes the generation a rebuild builds (decision 0056). */
    @Component
    @ProcessingGroup(UserListProjection.REBUILD)
    static class Rebuild extends UserListProjection {

        Rebuild(JdbcTemplate jdbc, Generations generations) {
            super(jdbc, generations::rebuilding);
        }
    }
}
