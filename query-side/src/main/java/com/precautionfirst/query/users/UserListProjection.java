package com.precautionfirst.query.users;

import com.precautionfirst.api.MetadataKeys;
import com.precautionfirst.api.events.UserAccountCreated;
import com.precautionfirst.api.events.UserAccountDeactivated;
import com.precautionfirst.api.events.UserPasswordChanged;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The user directory as the admin reads it ({@code user_view}): role, insurer, active, and who granted, changed
 * and ended each account, when. Replays are harmless: every handler writes the state the event describes.
 */
@Component
@ProcessingGroup(UserListProjection.PROCESSOR)
public class UserListProjection {

    public static final String PROCESSOR = "users";

    private final JdbcTemplate jdbc;

    public UserListProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(UserAccountCreated event, @Timestamp Instant at, @MetaDataValue(MetadataKeys.USER_ID) String by) {
        jdbc.update("DELETE FROM user_view WHERE user_id = ?", event.userId());
        jdbc.update("INSERT INTO user_view (user_id, role, insurer_id, active, created_at, created_by)"
                        + " VALUES (?, ?, ?, TRUE, ?, ?)",
                event.userId(), event.role().name(), event.insurerId(), java.sql.Timestamp.from(at), by);
    }

    @EventHandler
    void on(UserPasswordChanged event, @Timestamp Instant at, @MetaDataValue(MetadataKeys.USER_ID) String by) {
        jdbc.update("UPDATE user_view SET password_changed_at = ?, password_changed_by = ? WHERE user_id = ?",
                java.sql.Timestamp.from(at), by, event.userId());
    }

    @EventHandler
    void on(UserAccountDeactivated event, @Timestamp Instant at, @MetaDataValue(MetadataKeys.USER_ID) String by) {
        jdbc.update("UPDATE user_view SET active = FALSE, deactivated_at = ?, deactivated_by = ?,"
                        + " deactivation_reason = ? WHERE user_id = ?",
                java.sql.Timestamp.from(at), by, event.reason(), event.userId());
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM user_view");
    }
}
