package com.precautionfirst.support.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.testsupport.PostgresDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two "processes" (each its own pool and AccessLog) append from several threads at once to one database, while a
 * verification runs again and again: the chain stays one linear chain, every verification meanwhile is valid, and
 * no entry is lost. On the embedded H2 and on PostgreSQL.
 */
class AppendingConcurrentlyKeepsOneChainTest {

    @RegisterExtension
    static final PostgresDatabase POSTGRES = new PostgresDatabase();

    private static final int THREADS_PER_PROCESS = 4;
    private static final int APPENDS_PER_THREAD = 40;

    @Test
    void onH2() throws Exception {
        String url = AccessLogOnADatabase.newH2Url();
        appendConcurrently(url, "sa", "");
    }

    @Test
    void onPostgres() throws Exception {
        appendConcurrently(POSTGRES.url(), POSTGRES.user(), POSTGRES.password());
    }

    private void appendConcurrently(String url, String user, String password) throws Exception {
        try (AccessLogOnADatabase first = new AccessLogOnADatabase(url, user, password);
             AccessLogOnADatabase second = new AccessLogOnADatabase(url, user, password)) {
            first.migrate();
            long before = first.rows();
            ExecutorService pool = Executors.newFixedThreadPool(2 * THREADS_PER_PROCESS + 1);
            CountDownLatch start = new CountDownLatch(1);
            AtomicBoolean appending = new AtomicBoolean(true);
            List<Future<?>> appenders = new ArrayList<>();
            try {
                for (int t = 0; t < 2 * THREADS_PER_PROCESS; t++) {
                    AccessLog log = (t % 2 == 0 ? first : second).log;
                    String user1 = "user-" + t;
                    appenders.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < APPENDS_PER_THREAD; i++) {
                            if (i % 4 == 0) {
                                // a listing: several clients in one append
                                log.append(List.of(access(user1, "c-" + i), access(user1, "c-" + (i + 1))));
                            } else {
                                log.append(access(user1, "c-" + i));
                            }
                        }
                        return null;
                    }));
                }
                Future<List<AccessLogVerification.Result>> verifying = pool.submit(() -> {
                    start.await();
                    List<AccessLogVerification.Result> results = new ArrayList<>();
                    while (appending.get()) {
                        results.add(second.verification.verify());
                    }
                    return results;
                });
                start.countDown();
                for (Future<?> appender : appenders) {
                    appender.get(2, TimeUnit.MINUTES);
                }
                appending.set(false);

                assertThat(verifying.get(1, TimeUnit.MINUTES)).isNotEmpty()
                        .allSatisfy(result -> assertThat(result.problems()).isEmpty());
            } finally {
                pool.shutdownNow();
            }

            long appended = 2L * THREADS_PER_PROCESS * (APPENDS_PER_THREAD + APPENDS_PER_THREAD / 4);
            AccessLogVerification.Result result = first.verification.verify();
            assertThat(result.problems()).isEmpty();
            assertThat(result.valid()).isTrue();
            assertThat(result.checkedEntries()).isEqualTo(before + appended);
            assertThat(first.jdbc.queryForList("SELECT chain_position FROM access_log ORDER BY chain_position",
                    Long.class)).as("positions 1..n, none twice, none missing")
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, before + appended)
                            .boxed().toList());
            assertThat(first.jdbc.queryForObject("SELECT last_position FROM access_log_head", Long.class))
                    .isEqualTo(before + appended);
        }
    }

    private static Access access(String user, String clientId) {
        return new Access(user, "AUDITOR", clientId, null, "GET /api/clients/" + clientId + "/history",
                Outcome.ALLOWED);
    }
}
