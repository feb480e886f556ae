package com.precautionfirst.benchmark;

import com.precautionfirst.testsupport.EmbeddedDatabase;
import com.precautionfirst.testsupport.PostgresDatabase;
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

    private Store(String name, Path h2Directory, PostgresDatabase postgres) {
        this.name = name;
        this.h2Directory = h2Directory;
        this.postgres = postgres;
    }

    static Store open(String name) throws Exception {
        return switch (name) {
            case "h2" -> new Store(name, Files.createTempDirectory("treatment-bench-h2"), null);
            case "postgres" -> {
                PostgresDatabase database = new PostgresDatabase();
                database.create();
                yield new Store(name, null, database);
            }
            default -> throw new IllegalArgumentException("unknown database " + name + " (h2, postgres)");
        };
    }

    Map<String, String> environment() {
        return postgres == null ? Map.of("TREATMENT_DATA_DIR", h2Directory.toString())
                : Map.of("TREATMENT_DB_URL", postgres.url(), "TREATMENT_DB_USER", postgres.user());
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
        return postgres != null;
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
        } else {
            try (Stream<Path> files = Files.walk(h2Directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
