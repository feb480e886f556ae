package com.precautionfirst.query.users;

import com.precautionfirst.query.projection.Generations;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Reads {@code user_view} (its active generation), kept by {@link UserListProjection}. Never a password or hash: the
 * view has none.
 */
@Repository
public class UserList {

    private final JdbcTemplate jdbc;

    public UserList(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<User> all() {
        return jdbc.query("SELECT * FROM user_view WHERE " + Generations.ACTIVE + " ORDER BY user_id", (rs, row) -> new User(rs.getString("user_id"),
                rs.getString("role"), rs.getString("insurer_id"), rs.getBoolean("active"),
                instant(rs.getTimestamp("created_at")), rs.getString("created_by"),
                instant(rs.getTimestamp("password_changed_at")), rs.getString("password_changed_by"),
                instant(rs.getTimestamp("deactivated_at")), rs.getString("deactivated_by"),
                rs.getString("deactivation_reason")));
    }

    private static Instant instant(java.sql.Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    public record User(String userId, String role, @Schema(nullable = true) String insurerId, boolean active,
                       Instant createdAt, String createdBy,
                       @Schema(nullable = true) Instant passwordChangedAt,
                       @Schema(nullable = true) String passwordChangedBy,
                       @Schema(nullable = true) Instant deactivatedAt,
                       @Schema(nullable = true) String deactivatedBy,
                       @Schema(nullable = true) String deactivationReason) {
    }
}
