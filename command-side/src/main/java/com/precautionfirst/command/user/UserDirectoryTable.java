package com.precautionfirst.command.user;

import com.precautionfirst.api.events.UserAccountCreated;
import com.precautionfirst.api.events.UserAccountDeactivated;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps the directory both services sign users in with ({@code app_user}) in the transaction that appends the
 * account events (a subscribing processing group, like {@code RevocationStopsSessions}), so a new user can sign in
 * and a deactivated one cannot from the moment the command is answered. The password hash is not in any event:
 * {@link #setPasswordHash} writes it in the same transaction.
 */
@Component
@ProcessingGroup(UserDirectoryTable.PROCESSING_GROUP)
public class UserDirectoryTable {

    public static final String PROCESSING_GROUP = "user-directory";
    /** Matches no password: a new row is unusable until its hash is written, in the same transaction. */
    private static final String NO_PASSWORD = "!";

    private final JdbcTemplate jdbc;

    public UserDirectoryTable(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(UserAccountCreated event) {
        jdbc.update("INSERT INTO app_user (user_id, role, insurer_id, active, password_hash) VALUES (?, ?, ?, TRUE, ?)",
                event.userId(), event.role().name(), event.insurerId(), NO_PASSWORD);
    }

    @EventHandler
    void on(UserAccountDeactivated event) {
        jdbc.update("UPDATE app_user SET active = FALSE WHERE user_id = ?", event.userId());
    }

    public void setPasswordHash(String userId, String hash) {
        if (jdbc.update("UPDATE app_user SET password_hash = ? WHERE user_id = ?", hash, userId) != 1) {
            throw new IllegalStateException("no directory row for " + userId);
        }
    }
}
