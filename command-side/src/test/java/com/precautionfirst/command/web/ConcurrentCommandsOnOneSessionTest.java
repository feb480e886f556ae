package com.precautionfirst.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ConcurrentCommandsOnOneSessionTest extends HttpTestSupport {

    @Test
    void manyParallelPressureChangesNeverLoseAnEventNorFail() throws Exception {
        String sessionId = openSession(clearedClient());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                int level = 1 + i % 2;
                answers.add(pool.submit(() -> post(THERAPIST_A, "/api/sessions/" + sessionId + "/pressure", """
                        {"area":"LOWER_BACK","level":%d,"reason":"CLIENT_SENSITIVITY"}""".formatted(level))
                        .getStatusCode().value()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
            assertThat(statuses).allMatch(status -> status == 200 || status == 409);
            long accepted = statuses.stream().filter(status -> status == 200).count();
            long stored = eventTypes(sessionId).stream().filter("PressureAdjusted"::equals).count();
            assertThat(stored).isEqualTo(accepted);
            assertThat(accepted).isPositive();
            List<Long> sequences = jdbc.queryForList("SELECT sequence_number FROM domain_event_entry"
                    + " WHERE aggregate_identifier = ? ORDER BY sequence_number", Long.class, sessionId);
            for (int i = 0; i < sequences.size(); i++) {
                assertThat(sequences.get(i)).isEqualTo(i);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
