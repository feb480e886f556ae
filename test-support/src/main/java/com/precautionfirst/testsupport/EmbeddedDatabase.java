package com.precautionfirst.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Joins the services' embedded H2 database as a third process (over its AUTO_SERVER port), with the password the
 * first service generated into the data folder (decision 0006).
 */
public final class EmbeddedDatabase {

    private EmbeddedDatabase() {
    }

    public static Connection connect(Path dataDir) throws SQLException {
        return DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("treatment")
                + ";AUTO_SERVER=TRUE;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0", "sa",
                password(dataDir));
    }

    public static String password(Path dataDir) {
        try {
            return Files.readString(dataDir.resolve("h2-password")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
