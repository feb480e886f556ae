package com.precautionfirst.query.projection;

import static com.precautionfirst.api.vocabulary.BodyArea.LOWER_BACK;
import static com.precautionfirst.api.vocabulary.BodyArea.PIRIFORMIS;
import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.api.events.UserAccountCreated;
import com.precautionfirst.api.vocabulary.Role;
import com.precautionfirst.query.ClientStory;
import com.precautionfirst.query.QuerySideIntegrationTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 12, decision 0056: a rebuild builds the projections beside the live ones and switches when it has caught
 * up. Here it is held in the middle ({@link RebuildBrake}), after it has written part of a long session of one
 * client and nothing of two later clients: meanwhile every read answers exactly what it answered before (never 404,
 * never a partial record), new events are projected and read live (also with their own position), a read carrying
 * the rebuild's target position waits for the switch and, when its wait runs out, answers the live record marked
 * stale, and a
 * second request answers the running rebuild instead of starting another. Released, the rebuild switches: read with
 * the target position, every answer is the one from before, not stale, and the old generation is gone.
 */
class ReadingWhileTheProjectionsAreRebuiltTest extends QuerySideIntegrationTest {

    private static final String REBUILD = "/api/admin/projections/rebuild";
    /** Pressure adjustments in the long session: more than a processor batch (100) before the held position. */
    private static final int PRESSURES = 150;
    /** The rebuild is held before the long session's event of this sequence number. */
    private static final int HELD_BEFORE = 121;

    @Autowired
    RebuildBrake brake;

    private final Map<String, String> before = new LinkedHashMap<>();
    private String longSession;
    private String laterClient;
    private long held;

    @BeforeEach
    void clientsAndUsersAreProjected() throws InterruptedException {
        awaitNoRebuildRunning();
        String anna = unique("anna");
        laterClient = unique("bert");
        String carla = unique("carla");
        longSession = anna + "-s1";
        Instant day = Instant.parse("1987-03-04T09:00:00Z");
        ClientStory story = story().realisticClient(anna).insured(anna);
        user(unique("uma"));
        ClientStory.Session session = story.session(anna, longSession, ClientStory.CLEARANCE,
                ClientStory.RESTRICTIONS, day);
        for (int i = 0; i < PRESSURES; i++) {
            session.pressure(LOWER_BACK, 1 + i % 2);
        }
        session.response(PIRIFORMIS, 7, true).ended();
        user(unique("ulla"));
        story.realisticClient(laterClient).session(laterClient, laterClient + "-s1", ClientStory.CLEARANCE,
                ClientStory.RESTRICTIONS, day.plusSeconds(60)).pressure(LOWER_BACK, 3).stoppedEarly();
        story.realisticClient(carla).sessionRefused(carla);
        held = jdbc.queryForObject("SELECT global_index FROM domain_event_entry WHERE aggregate_identifier = ? "
                + "AND sequence_number = ?", Long.class, longSession, HELD_BEFORE - 1);

        for (String path : List.of("/api/clients/" + anna + "/history", "/api/sessions/" + longSession,
                "/api/clients/" + laterClient + "/history", "/api/sessions/" + laterClient + "-s1",
                "/api/clients/" + carla + "/history", "/api/precautions?from=1987-03-04&to=1987-03-04",
                "/api/users")) {
            HttpResponse<String> answer = read("admin", path);
            assertThat(answer.statusCode()).as(path).isEqualTo(200);
            before.put(path, answer.body());
        }
    }

    @AfterEach
    void releaseTheRebuild() {
        brake.release();
    }

    @Test
    void everyReadAnswersAsBeforeUntilTheSwitchAndTheTargetPositionGetsTheRebuiltAnswer() throws Exception {
        long activeBefore = active();
        brake.holdAfter(held);
        long head = head();
        HttpResponse<String> started = post("admin", REBUILD);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String target = json(started.body()).path("targetPosition").asText();
        assertThat(Long.parseLong(target)).isEqualTo(head);
        assertThat(brake.awaitHeld(Duration.ofMinutes(1))).as("the rebuild reached the held event").isTrue();

        everyReadAnswersAsBefore();
        HttpResponse<String> waited = get("admin", historyPath(0), "X-Event-Position", target);
        assertThat(waited.statusCode()).isEqualTo(200);
        assertThat(waited.headers().firstValue("X-Projection-Stale")).as("waited for the switch").contains("true");
        assertThat(waited.body()).isEqualTo(before.get(historyPath(0)));
        HttpResponse<String> earlier = get("admin", historyPath(0), "X-Event-Position",
                Long.toString(Long.parseLong(target) - 1));
        assertThat(earlier.headers().firstValue("X-Projection-Stale")).as("below the target: the live answer")
                .isEmpty();
        assertThat(earlier.body()).isEqualTo(before.get(historyPath(0)));
        theRebuiltGenerationIsPartial();

        String newcomer = unique("dora");
        story().realisticClient(newcomer);
        String newcomerPosition = Long.toString(head());
        String newcomerHistory = projectedLive(newcomer, Long.parseLong(newcomerPosition));
        HttpResponse<String> later = get("admin", "/api/clients/" + newcomer + "/history",
                "X-Event-Position", newcomerPosition);
        assertThat(later.headers().firstValue("X-Projection-Stale"))
                .as("a write made during the rebuild is read back from the live projections at once").isEmpty();
        assertThat(later.body()).isEqualTo(newcomerHistory);

        brake.release();
        for (int i = 0; i < 600 && rebuilding(); i++) {
            everyReadAnswersAsBefore();
        }
        awaitRebuild(target);

        for (Map.Entry<String, String> read : before.entrySet()) {
            HttpResponse<String> after = get("admin", read.getKey(), "X-Event-Position", target);
            assertThat(after.statusCode()).as(read.getKey()).isEqualTo(200);
            assertThat(after.headers().firstValue("X-Projection-Stale")).as(read.getKey()).isEmpty();
            assertThat(after.body()).as(read.getKey()).isEqualTo(read.getValue());
        }
        HttpResponse<String> newcomerAfter = get("admin", "/api/clients/" + newcomer + "/history",
                "X-Event-Position", newcomerPosition);
        assertThat(newcomerAfter.headers().firstValue("X-Projection-Stale")).isEmpty();
        assertThat(newcomerAfter.body()).as("the rebuild kept up with the live events").isEqualTo(newcomerHistory);
        assertThat(active()).isEqualTo(activeBefore + 1);
        for (int i = 0; i < 600 && rowsOfOtherGenerations() > 0; i++) {
            Thread.sleep(100);
        }
        assertThat(rowsOfOtherGenerations()).as("the old generation is deleted after the switch").isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM token_entry WHERE processor_name LIKE ?",
                Integer.class, "%" + Generations.REBUILD_SUFFIX)).as("the live processors took its tokens").isZero();
    }

    @Test
    void aSecondRequestDuringARebuildAnswersTheRunningOne() throws Exception {
        long activeBefore = active();
        brake.holdAfter(held);
        HttpResponse<String> first = post("admin", REBUILD);
        assertThat(brake.awaitHeld(Duration.ofMinutes(1))).isTrue();
        story().registered(unique("dora"));

        HttpResponse<String> second = post("admin", REBUILD);

        assertThat(second.statusCode()).as(second.body()).isEqualTo(202);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(json(second.body()).path("processors").toString()).isEqualTo("[\"history\",\"users\"]");
        assertThat(json(second.body()).path("targetPosition").asLong()).isLessThan(head());
        brake.release();
        awaitRebuild(json(first.body()).path("targetPosition").asText());
        assertThat(active()).as("one rebuild, not two").isEqualTo(activeBefore + 1);
        assertThat(rebuilding()).isFalse();
    }

    /**
     * What the held rebuild has written so far: the long session in part, nothing of the later clients. None of it
     * showed in the reads.
     */
    private void theRebuiltGenerationIsPartial() {
        Long generation = jdbc.queryForObject("SELECT rebuilding FROM projection_generation", Long.class);
        String rebuilt = jdbc.queryForObject("SELECT document FROM session_view WHERE generation = ? "
                + "AND session_id = ?", (rs, i) -> new String(rs.getBytes(1)), generation, longSession);
        assertThat(json(rebuilt).path("timeline").size()).isPositive()
                .isLessThan(json(before.get("/api/sessions/" + longSession)).path("timeline").size());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM client_history WHERE generation = ? AND client_id = ?",
                Integer.class, generation, laterClient)).isZero();
    }

    private void everyReadAnswersAsBefore() {
        before.forEach((path, answer) -> {
            HttpResponse<String> now = get("admin", path);
            assertThat(now.statusCode()).as(path).isEqualTo(200);
            assertThat(now.body()).as(path).isEqualTo(answer);
        });
    }

    /**
     * The client's history once the live projection holds the client's last event (read without a position, which
     * would wait for the switch; at most about a minute).
     */
    private String projectedLive(String client, long lastPosition) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            if (jdbc.queryForObject("SELECT COUNT(*) FROM client_history WHERE client_id = ? AND last_position = ? "
                    + "AND " + Generations.ACTIVE, Integer.class, client, lastPosition) == 1) {
                HttpResponse<String> answer = get("admin", "/api/clients/" + client + "/history");
                assertThat(answer.statusCode()).isEqualTo(200);
                return answer.body();
            }
            Thread.sleep(100);
        }
        throw new AssertionError(client + " was not projected live");
    }

    private String historyPath(int index) {
        return before.keySet().stream().filter(p -> p.endsWith("/history")).toList().get(index);
    }

    private void user(String userId) {
        publish("UserAccount", "user:" + userId, 0, new UserAccountCreated(userId, Role.THERAPIST, null),
                "admin", "CLINIC_ADMIN");
    }

    private int rowsOfOtherGenerations() {
        return jdbc.queryForObject("SELECT (SELECT COUNT(*) FROM client_history WHERE NOT " + Generations.ACTIVE
                + ") + (SELECT COUNT(*) FROM session_view WHERE NOT " + Generations.ACTIVE
                + ") + (SELECT COUNT(*) FROM user_view WHERE NOT " + Generations.ACTIVE + ")", Integer.class);
    }

    private long active() {
        return jdbc.queryForObject("SELECT active FROM projection_generation", Long.class);
    }

    private boolean rebuilding() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM projection_generation WHERE rebuilding IS NOT NULL",
                Integer.class) > 0;
    }
}
