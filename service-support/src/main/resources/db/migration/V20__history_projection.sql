-- The query side's history projection (ClientHistoryProjection).
CREATE TABLE client_history (
    client_id     VARCHAR(64)  NOT NULL PRIMARY KEY,
    name          VARCHAR(200) NOT NULL,
    date_of_birth DATE         NOT NULL,
    registered_at TIMESTAMP    NOT NULL
);
