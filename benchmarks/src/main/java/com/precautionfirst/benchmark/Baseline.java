package com.precautionfirst.benchmark;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the database itself can do: rows shaped and sized like the stored events (copies of them, same columns,
 * same indexes, a sequence for the key) inserted by {@code clients} connections, one transaction per row.
 */
final class Baseline {

    private Baseline() {
    }

    static double rowsPerSecond(Store store, int clients, Duration duration) throws Exception {
        List<Object[]> templates = new ArrayList<>();
        try (Connection c = store.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE SEQUENCE IF NOT EXISTS bench_baseline_seq");
            s.execute("CREATE TABLE IF NOT EXISTS bench_baseline (global_index BIGINT NOT NULL PRIMARY KEY,"
                    + " aggregate_identifier VARCHAR(255) NOT NULL, sequence_number BIGINT NOT NULL, type VARCHAR(255),"
                    + " event_identifier VARCHAR(255) NOT NULL, meta_data BYTEA, payload BYTEA NOT NULL,"
                    + " payload_revision VARCHAR(255), payload_type VARCHAR(255) NOT NULL, time_stamp VARCHAR(255) NOT NULL,"
                    + " UNIQUE (aggregate_identifier, sequence_number), UNIQUE (event_identifier))");
            try (ResultSet rs = s.executeQuery("SELECT type, meta_data, payload, payload_revision, payload_type "
                    + "FROM domain_event_entry ORDER BY global_index DESC LIMIT 500")) {
                while (rs.next()) {
                    templates.add(new Object[]{rs.getString(1), rs.getBytes(2), rs.getBytes(3), rs.getString(4),
                            rs.getString(5)});
                }
            }
        }
        AtomicLong rows = new AtomicLong();
        long deadline = System.nanoTime() + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        for (int t = 0; t < clients; t++) {
            pool.submit(() -> {
                try (Connection c = store.connect(); PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO bench_baseline VALUES (nextval('bench_baseline_seq'), ?, 0, ?, ?, ?, ?, ?, ?, ?)")) {
                    c.setAutoCommit(true);
                    for (int i = 0; System.nanoTime() < deadline; i++) {
                        Object[] row = templates.get(i % templates.size());
                        insert.setString(1, UUID.randomUUID().toString());
                        insert.setString(2, (String) row[0]);
                        insert.setString(3, UUID.randomUUID().toString());
                        insert.setBytes(4, (byte[]) row[1]);
                        insert.setBytes(5, (byte[]) row[2]);
                        insert.setString(6, (String) row[3]);
                        insert.setString(7, (String) row[4]);
                        insert.setString(8, java.time.Instant.now().toString());
                        insert.executeUpdate();
                        rows.incrementAndGet();
                    }
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        return rows.get() / ((System.nanoTime() - start) / 1e9);
    }
}
