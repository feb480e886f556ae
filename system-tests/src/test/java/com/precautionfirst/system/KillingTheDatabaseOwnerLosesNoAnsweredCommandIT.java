package com.precautionfirst.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.testsupport.Api;
import com.precautionfirst.testsupport.EmbeddedDatabase;
import com.precautionfirst.testsupport.ServiceProcess;
import com.precautionfirst.testsupport.ServiceProcess.Service;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default (one H2 file shared by both services, {@code AUTO_SERVER}): {@code kill -9} of whichever
 * process owns the file, under a stream of registrations, loses no command that was answered {@code 201}. H2's
 * MVStore otherwise writes commits to the file in the background (WRITE_DELAY, 500 ms by default), so an answered
 * command could vanish with the owner; the URL's {@code WRITE_DELAY=0} writes each commit before the answer
 * (docs/decisions/0032-durable-commits-on-embedded-h2.md). A kill keeps the operating system's page cache, so this
 * proves durability against a crashed process, not against a power loss.
 *
 * <p>Every answered command is checked twice after the restart: its event and its idempotency row are in the
 * store (SQL), and the same request with the same {@code Idempotency-Key} gets the same answer at the same
 * {@code X-Event-Position} (a new position would mean the command ran again, i.e. it had been lost).
 */
class KillingTheDatabaseOwnerLosesNoAnsweredCommandIT {

    private static final String PASSWORD = "it-secret-" + UUID.randomUUID();
    private static final int CLIENT_THREADS = 6;
    /** Steady load before the kill (at least; and at least 90 answers), and in B after it. */
    private static final long LOAD_BEFORE_KILL_MILLIS = 2000;

    @TempDir
    Path dataDir;

    @Test
    void killingTheCommandSideThatOwnsTheFileLosesNoAnsweredCommand() throws Exception {
        Map<String, String> env = environment();
        List<ServiceProcess> processes = new ArrayList<>();
        try {
            // the command side opens the file first, so it serves it; the query side joins over TCP
            ServiceProcess command = started(processes, Service.COMMAND_SIDE, "owner-kill-a-command", env);
            started(processes, Service.QUERY_SIDE, "owner-kill-a-query", env);

            Load load = Load.start(new Api(command.baseUrl(), "admin", PASSWORD), "owner-a");
            load.awaitSteadyThenLoad(LOAD_BEFORE_KILL_MILLIS);
            int answeredBeforeKill = load.answered().size();
            command.kill();
            load.stopAndJoin();

            ServiceProcess restarted = started(processes, Service.COMMAND_SIDE, "owner-kill-a-command-restarted", env);
            Checked checked = check(load.answered(), new Api(restarted.baseUrl(), "admin", PASSWORD));
            System.out.printf("[owner-kill A] command side owned the file: commands answered 201=%d (%d when the"
                            + " kill was sent), failed with I/O error=%d, 5xx=%d, kills=1, lost=%d (missing in store=%d,"
                            + " replay ran again=%d)%n", load.answered().size(), answeredBeforeKill,
                    load.ioErrors.get(), load.serverErrors.get(), checked.lost(), checked.missingInStore(),
                    checked.ranAgain());
            assertThat(answeredBeforeKill).as("commands answered before the kill").isGreaterThanOrEqualTo(90);
            assertThat(load.unexpected).as("answers other than 201 / 5xx / I/O error").isEmpty();
            assertThat(checked.lostKeys()).as("answered commands lost by kill -9 of the file's owner").isEmpty();
        } finally {
            processes.forEach(ServiceProcess::close);
        }
    }

    @Test
    void killingTheQuerySideThatOwnsTheFileLosesNoAnsweredCommand() throws Exception {
        Map<String, String> env = environment();
        List<ServiceProcess> processes = new ArrayList<>();
        try {
            // the query side opens the file first, so the command side writes through it over TCP
            ServiceProcess query = started(processes, Service.QUERY_SIDE, "owner-kill-b-query", env);
            ServiceProcess command = started(processes, Service.COMMAND_SIDE, "owner-kill-b-command", env);

            Api commandApi = new Api(command.baseUrl(), "admin", PASSWORD);
            Load load = Load.start(commandApi, "owner-b");
            load.awaitSteadyThenLoad(LOAD_BEFORE_KILL_MILLIS);
            int answeredBeforeKill = load.answered().size();
            int serverErrorsBeforeKill = load.serverErrors.get();
            query.kill();
            // the command side goes on: a request on a pooled connection to the dead server fails (5xx), the pool
            // drops that connection (H2ConnectionLossEviction) and a new one takes the file over
            Thread.sleep(LOAD_BEFORE_KILL_MILLIS);
            load.stopAndJoin();
            int answeredAfterKill = load.answered().size() - answeredBeforeKill;
            long recoveredAfter = awaitAnswering(commandApi);

            started(processes, Service.QUERY_SIDE, "owner-kill-b-query-restarted", env);
            Checked checked = check(load.answered(), commandApi);
            System.out.printf("[owner-kill B] query side owned the file: commands answered 201=%d (before the kill:"
                            + " %d, after: %d), 5xx=%d (before the kill: %d), I/O errors=%d, kills=1, a new command"
                            + " answered 201 %d ms after the load stopped, lost=%d (missing in store=%d, replay ran"
                            + " again=%d)%n", load.answered().size(), answeredBeforeKill, answeredAfterKill,
                    load.serverErrors.get(), serverErrorsBeforeKill, load.ioErrors.get(), recoveredAfter,
                    checked.lost(), checked.missingInStore(), checked.ranAgain());
            assertThat(command.isAlive()).as("the command side survives the death of the file's owner").isTrue();
            assertThat(load.ioErrors.get()).as("the command side never stopped answering").isZero();
            assertThat(load.unexpected).as("answers other than 201 / 5xx").isEmpty();
            assertThat(answeredBeforeKill).as("commands answered before the kill").isGreaterThanOrEqualTo(90);
            assertThat(load.serverErrors.get() - serverErrorsBeforeKill)
                    .as("5xx after the kill: each dead pooled connection fails one request, not every request")
                    .isLessThanOrEqualTo(50);
            assertThat(checked.lostKeys()).as("answered commands lost by kill -9 of the file's owner").isEmpty();
        } finally {
            processes.forEach(ServiceProcess::close);
        }
    }

    /** Milliseconds until a new registration is answered 201 (5xx answers meanwhile are retried). */
    private static long awaitAnswering(Api command) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            String clientId = "after-kill-" + UUID.randomUUID();
            HttpResponse<String> response = command.post("/api/clients", "{\"clientId\":\"" + clientId
                    + "\",\"name\":\"After the kill\",\"dateOfBirth\":\"1980-01-01\"}");
            if (response.statusCode() == 201) {
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            }
            assertThat(response.statusCode()).as(response.body()).isGreaterThanOrEqualTo(500);
            assertThat(System.nanoTime()).as("the command side answers again within 30 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private Map<String, String> environment() {
        return Map.of("TREATMENT_DATA_DIR", dataDir.toString(), "TREATMENT_DEMO_PASSWORD", PASSWORD);
    }

    private static ServiceProcess started(List<ServiceProcess> processes, Service service, String name,
                                          Map<String, String> env) {
        ServiceProcess process = ServiceProcess.start(service, name, env, List.of());
        processes.add(process);
        return process.awaitHealthy();
    }

    /** One registration answered 201: what the caller was told. */
    record Answered(String key, String clientId, String body, String responseBody, long position) {
    }

    record Checked(List<String> lostKeys, int missingInStore, int ranAgain) {
        int lost() {
            return lostKeys.size();
        }
    }

    /**
     * First in the store (before any replay could run a lost command again): the event at the answered position
     * is the client's registration, and the key's row names that position. Then over HTTP: the same request with
     * the same key is answered from that row.
     */
    private Checked check(List<Answered> answered, Api command) throws Exception {
        List<String> lost = new ArrayList<>();
        int missingInStore = 0;
        // the services' URL and password: joins whichever process serves the file over TCP; it only reads, after the
        // kill, so it cannot change what the kill lost
        try (Connection connection = EmbeddedDatabase.connect(dataDir);
             PreparedStatement event = connection.prepareStatement(
                     "SELECT aggregate_identifier, payload_type FROM domain_event_entry WHERE global_index = ?");
             PreparedStatement key = connection.prepareStatement(
                     "SELECT event_position FROM idempotency_key WHERE idempotency_key = ?")) {
            for (Answered a : answered) {
                event.setLong(1, a.position());
                key.setString(1, a.key());
                boolean eventStored;
                try (ResultSet rs = event.executeQuery()) {
                    eventStored = rs.next() && a.clientId().equals(rs.getString(1))
                            && rs.getString(2).endsWith(".ClientRegistered");
                }
                boolean keyStored;
                try (ResultSet rs = key.executeQuery()) {
                    keyStored = rs.next() && rs.getLong(1) == a.position();
                }
                if (!eventStored || !keyStored) {
                    missingInStore++;
                    lost.add(a.key());
                }
            }
        }
        AtomicInteger ranAgain = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Optional<String>>> replays = new ArrayList<>();
            for (Answered a : answered) {
                replays.add(pool.submit(() -> {
                    HttpResponse<String> replay = command.post("/api/clients", a.body(), "Idempotency-Key", a.key());
                    boolean same = replay.statusCode() == 201 && replay.body().equals(a.responseBody())
                            && replay.headers().firstValue("X-Event-Position").map(Long::parseLong)
                            .filter(p -> p == a.position()).isPresent();
                    if (!same) {
                        ranAgain.incrementAndGet();
                        return Optional.of(a.key());
                    }
                    return Optional.empty();
                }));
            }
            for (Future<Optional<String>> replay : replays) {
                replay.get().filter(k -> !lost.contains(k)).ifPresent(lost::add);
            }
        } finally {
            pool.shutdownNow();
        }
        return new Checked(lost, missingInStore, ranAgain.get());
    }

    /** Registrations from several threads, each with its own key, until stopped; records every 201. */
    static final class Load {

        final ConcurrentLinkedQueue<Answered> answers = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
        final AtomicInteger ioErrors = new AtomicInteger();
        final AtomicInteger serverErrors = new AtomicInteger();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicInteger sequence = new AtomicInteger();
        private final ExecutorService threads = Executors.newFixedThreadPool(CLIENT_THREADS);

        static Load start(Api command, String prefix) {
            Load load = new Load();
            for (int t = 0; t < CLIENT_THREADS; t++) {
                load.threads.submit(() -> load.run(command, prefix));
            }
            return load;
        }

        private void run(Api command, String prefix) {
            while (!stop.get()) {
                String key = UUID.randomUUID().toString();
                String clientId = prefix + "-" + sequence.incrementAndGet();
                String body = "{\"clientId\":\"" + clientId + "\",\"name\":\"Crash " + clientId
                        + "\",\"dateOfBirth\":\"1980-01-01\"}";
                try {
                    HttpResponse<String> response = command.post("/api/clients", body, "Idempotency-Key", key);
                    if (response.statusCode() == 201) {
                        answers.add(new Answered(key, clientId, body, response.body(),
                                Long.parseLong(response.headers().firstValue("X-Event-Position").orElseThrow())));
                    } else if (response.statusCode() >= 500) {
                        serverErrors.incrementAndGet();
                    } else {
                        unexpected.add(response.statusCode() + " " + response.body());
                    }
                } catch (IllegalStateException e) {
                    // connection refused or reset: the process is gone; not answered, so nothing was promised
                    ioErrors.incrementAndGet();
                    pause();
                }
            }
        }

        /**
         * Past the first, slow requests of fresh JVMs (30 answers), then at least {@code millis} and 60 answers more
         * of steady stream, so that the kill meets requests in flight also on a slow or busy machine.
         */
        void awaitSteadyThenLoad(long millis) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (answers.size() < 30) {
                assertThat(System.nanoTime()).as("30 commands answered within 90 s").isLessThan(deadline);
                Thread.sleep(20);
            }
            long steadyFrom = System.nanoTime();
            while (answers.size() < 90 || System.nanoTime() - steadyFrom < TimeUnit.MILLISECONDS.toNanos(millis)) {
                assertThat(System.nanoTime()).as("90 commands answered within 90 s").isLessThan(deadline);
                Thread.sleep(20);
            }
        }

        void stopAndJoin() throws InterruptedException {
            stop.set(true);
            threads.shutdown();
            assertThat(threads.awaitTermination(60, TimeUnit.SECONDS)).as("client threads finished").isTrue();
        }

        List<Answered> answered() {
            return List.copyOf(answers);
        }

        private static void pause() {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
