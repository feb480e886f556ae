package com.precautionfirst.support.security;

import com.precautionfirst.api.vocabulary.Role;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Who may sign in: each user's role, insurer, active flag and own password hash (table {@code app_user}, written by
 * the command side with the account events). Both services read it on every request, so a deactivation or a new
 * password holds at once on every instance.
 */
@Repository
public class UserDirectory {

    private final JdbcTemplate jdbc;

    public UserDirectory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<DirectoryUser> find(String userId) {
        if (userId == null || userId.length() > 64) {
            return Optional.empty();
        }
        return jdbc.query("SELECT user_id, role, insurer_id, active, password_hash FROM app_user WHERE user_id = ?",
                (rs, row) -> new DirectoryUser(rs.getString("user_id"), Role.valueOf(rs.getString("role")),
                        rs.getString("insurer_id"), rs.getBoolean("active"), rs.getString("password_hash")),
                userId).stream().findFirst();
    }

    public record DirectoryUser(String userId, Role role, String insurerId, boolean active, String passwordHash) {

        public boolean isActive(Role wanted) {
            return active && role == wanted;
        }
    }
}
