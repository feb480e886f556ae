package com.precautionfirst.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.testsupport.Api;
import com.precautionfirst.testsupport.PostgresDatabase;
import com.precautionfirst.testsupport.ServiceProcess;
import com.precautionfirst.testsupport.ServiceProcess.Service;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Production shape (profile {@code postgres}): two command-side processes on one PostgreSQL database under a stream
 * of registrations and condition declarations from several client threads, spread over both, each command with its
 * own {@code Idempotency-Key}. One command side is killed with {@code kill -9}, restarted, and killed again during
 * the stream. A command that fails with an I/O error or a 5xx is sent again with the same key to the other
 * instance until it is answered, as a client behind a load balancer would. Afterwards every answered
 * {@code X-Event-Position} is an event of the expected stream and type, no two answers share a position, and no key
 * was applied twice (exactly one event carries each key in its metadata).
 */
class KillingACommandSideOnPostgresLosesNothingIT {

    @RegisterExtension
    static final PostgresDatabase DB = new PostgresDatabase();

    private static final String PASSWORD = "it-secret-" + UUID.randomUUID();
    private static final String PREFIX = "pgkill-";
    private static final int CLIENT_THREADS = 6;
    private static final int COMMANDS = 3000;
    /** Pause of each client thread between two commands: caps the stream near 150 commands/s, so that the run stays
     *  at a few thousand commands and the restart of b does not starve for CPU on a 2-core machine. */
    private static final long THINK_MILLIS = 30;
    private static final long PHASE_TIMEOUT_SECONDS = 120;

    private final List<ServiceProcess> processes = new ArrayList<>();
    private final ConcurrentLinkedQueue<Answered> answered = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
    private final AtomicInteger retriedAfterIoError = new AtomicInteger();
    private final AtomicInteger retriedAfter5xx = new AtomicInteger();
    private final AtomicInteger retriedAfter409 = new AtomicInteger();
    private final AtomicBoolean stop = new AtomicBoolean();

    /** One command answered 201. */
    record Answered(String key, String aggregateId, String eventType, long position, String instance) {
    }

    /** A command-side slot: the process behind it changes when it is restarted. */
    static final class Instance {
        final String name;
        final AtomicInteger answered = new AtomicInteger();
        volatile Api api;
        volatile boolean up;

        Instance(String name) {
            this.name = name;
        }
    }

    @Test
    void killingOneOfTwoCommandSidesTwiceLosesNoAnsweredCommandAndAppliesNoKeyTwice() throws Exception {
        Instance a = new Instance("a");
        Instance b = new Instance("b");
        ExecutorService clients = Executors.newFixedThreadPool(CLIENT_THREADS);
        long started = System.nanoTime();
        int kills = 0;
        try {
            // the first command side creates the schema, then the second joins
            up(a, start("pg-kill-command-a"));
            ServiceProcess victim = start("pg-kill-command-b");
            up(b, victim);

            AtomicInteger clientNumbers = new AtomicInteger();
            for (int t = 0; t < CLIENT_THREADS; t++) {
                int thread = t;
                clients.submit(() -> work(thread, clientNumbers, a, b));
            }

            // 1. a steady stream over both, then kill -9 of b while requests are in flight on it
            await(() -> answered.size() >= COMMANDS / 6 && b.answered.get() >= 100, "a steady stream over both");
            victim.kill();
            // clients keep sending to the dead b for a moment, as clients of a crashed instance would, so that the
            // retry path (same key, other instance) is exercised whatever was in flight at the kill
            sleep(KEEP_SENDING_TO_THE_DEAD_MILLIS);
            b.up = false;
            kills++;
            int afterFirstKill = answered.size();

            // 2. a alone carries the stream while b restarts (a new process, a log of its own)
            victim = start("pg-kill-command-b-restarted");
            int bBeforeRestart = b.answered.get();
            up(b, victim);

            // 3. once the restarted b takes its share again, kill it a second time
            await(() -> b.answered.get() >= bBeforeRestart + 150, "the restarted b answers again");
            victim.kill();
            // clients keep sending to the dead b for a moment, as clients of a crashed instance would, so that the
            // retry path (same key, other instance) is exercised whatever was in flight at the kill
            sleep(KEEP_SENDING_TO_THE_DEAD_MILLIS);
            b.up = false;
            kills++;
            int afterSecondKill = answered.size();

            // 4. the rest of the stream goes to a
            await(() -> answered.size() >= COMMANDS && answered.size() >= afterSecondKill + 200,
                    COMMANDS + " commands answered");
            stop.set(true);
            clients.shutdown();
            assertThat(clients.awaitTermination(PHASE_TIMEOUT_SECONDS, TimeUnit.SECONDS))
                    .as("every command in flight was answered").isTrue();
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

            Verdict verdict = verify(List.copyOf(answered));
            System.out.printf("[pg-kill] commands answered 201=%d (a=%d, b=%d; %d at the first kill, %d at the"
                            + " second), kills=%d, retries=%d (after I/O error=%d, 5xx=%d, 409=%d), lost=%d,"
                            + " applied twice=%d, positions answered twice=%d, in %d ms%n",
                    answered.size(), a.answered.get(), b.answered.get(), afterFirstKill, afterSecondKill, kills,
                    retriedAfterIoError.get() + retriedAfter5xx.get() + retriedAfter409.get(),
                    retriedAfterIoError.get(), retriedAfter5xx.get(), retriedAfter409.get(), verdict.lost().size(),
                    verdict.appliedTwice().size(), verdict.sharedPositions(), elapsedMillis);

            assertThat(unexpected).as("answers other than 201, 409, 5xx or an I/O error").isEmpty();
            assertThat(retriedAfterIoError.get()).as("the kills met requests in flight or sent to the dead b")
                    .isPositive();
            assertThat(verdict.lost()).as("answered commands whose event is not at the answered position").isEmpty();
            assertThat(verdict.sharedPositions()).as("answers naming a position another answer named").isZero();
            assertThat(verdict.appliedTwice()).as("keys carried by more than one event").isEmpty();
            assertThat(verdict.registrations()).as("one ClientRegistered per registered client")
                    .isEqualTo(verdict.registeredClients());
        } finally {
            stop.set(true);
            clients.shutdownNow();
            processes.forEach(ServiceProcess::close);
        }
    }

    /**
     * One client thread: registers a client, then declares two conditions on it, each command with its own key and
     * addressed alternately to a and b (only to a while b is down).
     */
    static final long KEEP_SENDING_TO_THE_DEAD_MILLIS = 500;

    private void work(int thread, AtomicInteger clientNumbers, Instance a, Instance b) {
        int turn = thread;
        while (!stop.get()) {
            String clientId = PREFIX + clientNumbers.incrementAndGet();
            if (!send(turn++ % 2 == 0 ? a : b, a, b, "/api/clients", "{\"clientId\":\"" + clientId
                    + "\",\"name\":\"Kill " + clientId + "\",\"dateOfBirth\":\"1980-01-01\"}", clientId,
                    "ClientRegistered")) {
                return;
            }
            for (int c = 1; c <= 2 && !stop.get(); c++) {
                if (!send(turn++ % 2 == 0 ? a : b, a, b, "/api/clients/" + clientId + "/conditions",
                        "{\"conditionId\":\"condition-" + c + "\",\"icd10Code\":\"M54.16\",\"description\":\"x\"}",
                        clientId, "ConditionDeclared")) {
                    return;
                }
            }
        }
    }

    /** Sends until answered 201, switching to the other instance after an I/O error, a 5xx or a 409. */
    private boolean send(Instance preferred, Instance a, Instance b, String path, String body, String aggregateId,
                         String eventType) {
        String key = UUID.randomUUID().toString();
        Instance target = preferred.up ? preferred : a;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PHASE_TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            Instance other = target == a ? b : a;
            try {
                HttpResponse<String> response = target.api.post(path, body, "Idempotency-Key", key);
                int status = response.statusCode();
                if (status == 201) {
                    long position = Long.parseLong(response.headers().firstValue("X-Event-Position").orElseThrow());
                    answered.add(new Answered(key, aggregateId, eventType, position, target.name));
                    target.answered.incrementAndGet();
                    sleep(THINK_MILLIS);
                    return true;
                }
                if (status >= 500) {
                    retriedAfter5xx.incrementAndGet();
                } else if (status == 409) {
                    // the same key's first attempt may still have been committing on the killed instance
                    retriedAfter409.incrementAndGet();
                } else {
                    unexpected.add(status + " " + path + " " + response.body());
                    return false;
                }
            } catch (IllegalStateException e) {
                retriedAfterIoError.incrementAndGet();
                sleep(20);
            }
            target = other.up ? other : a;
        }
        unexpected.add("not answered within " + PHASE_TIMEOUT_SECONDS + " s: " + path + " key " + key);
        return false;
    }

    record Verdict(List<String> lost, int sharedPositions, List<String> appliedTwice, int registrations,
                   int registeredClients) {
    }

    private Verdict verify(List<Answered> answers) throws Exception {
        Map<Long, String[]> events = new HashMap<>();
        Map<String, Integer> eventsPerKey = new HashMap<>();
        int registrations = 0;
        try (Connection c = DB.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT global_index, aggregate_identifier, payload_type,"
                     + " convert_from(meta_data, 'UTF8')::jsonb ->> 'idempotencyKey' FROM domain_event_entry"
                     + " WHERE aggregate_identifier LIKE '" + PREFIX + "%'")) {
            while (rs.next()) {
                events.put(rs.getLong(1), new String[] {rs.getString(2), rs.getString(3)});
                if (rs.getString(4) != null) {
                    eventsPerKey.merge(rs.getString(4), 1, Integer::sum);
                }
                if (rs.getString(3).endsWith(".ClientRegistered")) {
                    registrations++;
                }
            }
        }
        Map<String, Long> keyRows = new HashMap<>();
        try (Connection c = DB.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT idempotency_key, event_position FROM idempotency_key")) {
            while (rs.next()) {
                keyRows.put(rs.getString(1), rs.getLong(2));
            }
        }
        List<String> lost = new ArrayList<>();
        Set<Long> positions = new HashSet<>();
        int sharedPositions = 0;
        Set<String> registeredClients = new HashSet<>();
        for (Answered answer : answers) {
            String[] event = events.get(answer.position());
            if (event == null || !event[0].equals(answer.aggregateId())
                    || !event[1].endsWith("." + answer.eventType())
                    || eventsPerKey.getOrDefault(answer.key(), 0) == 0
                    || !Long.valueOf(answer.position()).equals(keyRows.get(answer.key()))) {
                lost.add(answer.key() + " at " + answer.position() + " from " + answer.instance());
            }
            if (!positions.add(answer.position())) {
                sharedPositions++;
            }
            if (answer.eventType().equals("ClientRegistered")) {
                registeredClients.add(answer.aggregateId());
            }
        }
        List<String> appliedTwice = eventsPerKey.entrySet().stream().filter(e -> e.getValue() > 1)
                .map(e -> e.getKey() + " x" + e.getValue()).toList();
        return new Verdict(lost, sharedPositions, appliedTwice, registrations, registeredClients.size());
    }

    private ServiceProcess start(String name) {
        ServiceProcess process = ServiceProcess.start(Service.COMMAND_SIDE, name, Map.of(
                "TREATMENT_DB_URL", DB.url(), "TREATMENT_DB_USER", DB.user(),
                "TREATMENT_ADMIN_PASSWORD", PASSWORD), List.of("--spring.profiles.active=postgres"));
        processes.add(process);
        return process.awaitHealthy();
    }

    private static void up(Instance instance, ServiceProcess process) {
        instance.api = new Api(process.baseUrl(), "admin", PASSWORD);
        instance.up = true;
    }

    private void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PHASE_TIMEOUT_SECONDS);
        while (!condition.getAsBoolean()) {
            assertThat(unexpected).as("unexpected answers while waiting for " + what).isEmpty();
            assertThat(System.nanoTime()).as(what + " within " + PHASE_TIMEOUT_SECONDS + " s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
