package com.precautionfirst.benchmark;

import com.precautionfirst.testsupport.EmbeddedDatabase;
import com.precautionfirst.testsupport.PostgresDatabase;
import com.precautionfirst.testsupport.SigningKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The database of one benchmark run: a fresh H2 file (embedded default) or a fresh PostgreSQL database. */
final class Store implements AutoCloseable {

    final String name;
    private final Path h2Directory;
    private final PostgresDatabase postgres;
    /** On postgres: the query side's checkpoint signing key, which it refuses to start without there. */
    private final Path signingKey;

    private Store(String name, Path h2Directory, PostgresDatabase postgres, Path signingKey) {
        this.name = name;
        this.h2Directory = h2Directory;
        this.postgres = postgres;
        this.signingKey = signingKey;
    }

    static Store open(String name) throws Exception {
        return switch (name) {
            case "h2" -> new Store(name, Files.createTempDirectory("treatment-bench-h2"), null, null);
            case "postgres" -> {
                PostgresDatabase database = new PostgresDatabase();
                database.create();
                Path key = SigningKeys.writeNewKey(
                        Files.createTempDirectory("treatment-bench-key").resolve("signing-key.pem"));
                yield new Store(name, null, database, key);
            }
            default -> throw new IllegalArgumentException("unknown database " + name + " (h2, postgres)");
        };
    }

    Map<String, String> environment() {
        return postgres == null ? Map.of("TREATMENT_DATA_DIR", h2Directory.toString())
                : Map.of("TREATMENT_DB_URL", postgres.url(), "TREATMENT_DB_USER", postgres.user(),
                        "TREATMENT_SIGNING_KEY", signingKey.toString());
    }

    List<String> arguments() {
        return postgres == null ? List.of() : List.of("--spring.profiles.active=postgres");
    }

    /** On H2 this joins the command side's AUTO_SERVER over TCP, as the query side does. */
    Connection connect() throws SQLException {
        if (postgres != null) {
            return postgres.connect();
        }
        return EmbeddedDatabase.connect(h2Directory);
    }

    boolean supportsBulkLoad() {
        return supportsBulkLoad(name);
    }

    /** Whether the store of this name can be filled by COPY (History, Replay, Proofs): PostgreSQL only. */
    static boolean supportsBulkLoad(String name) {
        return name.equals("postgres");
    }

    double averageEventBytes() throws SQLException {
        try (Connection c = connect(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT AVG(OCTET_LENGTH(payload) + COALESCE(OCTET_LENGTH(meta_data), 0)) FROM domain_event_entry")) {
            rs.next();
            return Benchmark.round(rs.getDouble(1));
        }
    }

    long queryLong(String sql) throws SQLException {
        try (Connection c = connect(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() throws Exception {
        if (postgres != null) {
            postgres.drop();
            Files.deleteIfExists(signingKey);
            Files.deleteIfExists(signingKey.getParent());
        } else {
            try (Stream<Path> files = Files.walk(h2Directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
