-- The user directory both services authenticate against (support/security/UserDirectory). The command side keeps
-- it in the same transaction as the account events (user/UserDirectoryTable), so a new user or a deactivation
-- holds from the moment it is answered. The password hash lives only here, never in an event.
CREATE TABLE app_user (
    user_id       VARCHAR(64)  NOT NULL PRIMARY KEY,
    role          VARCHAR(32)  NOT NULL,
    insurer_id    VARCHAR(64),
    active        BOOLEAN      NOT NULL,
    password_hash VARCHAR(100) NOT NULL
);
-- The query side's list of users with who granted and changed what (query/users/UserListProjection).
CREATE TABLE user_view (
    user_id             VARCHAR(64)   NOT NULL PRIMARY KEY,
    role                VARCHAR(32)   NOT NULL,
    insurer_id          VARCHAR(64),
    active              BOOLEAN       NOT NULL,
    created_at          TIMESTAMP     NOT NULL,
    created_by          VARCHAR(64)   NOT NULL,
    password_changed_at TIMESTAMP,
    password_changed_by VARCHAR(64),
    deactivated_at      TIMESTAMP,
    deactivated_by      VARCHAR(64),
    deactivation_reason VARCHAR(2000)
);
