package com.precautionfirst.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.testsupport.Api;
import com.precautionfirst.testsupport.PostgresDatabase;
import com.precautionfirst.testsupport.ServiceProcess;
import com.precautionfirst.testsupport.ServiceProcess.Service;
import com.precautionfirst.testsupport.SigningKeys;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, "instances that die" (docs/decisions/0057-a-dead-query-side-is-taken-over-once.md): two query-side
 * processes (the built jar, profile {@code postgres}) share the segments of every processor on a PostgreSQL database
 * of the test's own; one is killed with {@code kill -9}. The owners in {@code token_entry} are sampled every 200 ms
 * for 25 s: from some moment within 15 s of the kill on, the survivor owns every segment of every processor and never
 * loses one again (before the fix it released a segment that nobody could claim, and reads answered stale). Meanwhile
 * a command is sent every half second and read back from the survivor with its {@code X-Event-Position}: once the
 * survivor owns everything, every such read is answered at once, not stale.
 */
class AKilledQuerySideIsTakenOverOnceIT {

    @RegisterExtension
    static final PostgresDatabase DB = new PostgresDatabase();

    @TempDir
    static Path keys;

    static final String PASSWORD = "it-secret-" + UUID.randomUUID();
    static final Duration SAMPLE_EVERY = Duration.ofMillis(200);
    static final Duration WINDOW = Duration.ofSeconds(25);
    static final Duration TAKEOVER_WITHIN = Duration.ofSeconds(15);

    final List<ServiceProcess> processes = new ArrayList<>();

    /** One look at token_entry: the owner of each processor's segments ("history/0" -> "1234@host", or null). */
    record Sample(long millisAfterKill, Map<String, String> owners) {
    }

    /** A command answered by the command side and its read from the survivor with the command's position. */
    record Read(long sentMillisAfterKill, int status, boolean stale, long answeredInMillis) {
    }

    @Test
    void theSurvivorTakesOverEverySegmentOnceAndKeepsThem() throws Exception {
        Path signingKey = SigningKeys.writeNewKey(keys.resolve("signing-key.pem"));
        try {
            // all three start at once: Flyway migrates the schema once under its lock, the others wait for it
            ServiceProcess commandSide = start(Service.COMMAND_SIDE, "takeover-command", signingKey);
            ServiceProcess survivor = start(Service.QUERY_SIDE, "takeover-query-survivor", signingKey);
            ServiceProcess victim = start(Service.QUERY_SIDE, "takeover-query-victim", signingKey);
            List.of(commandSide, survivor, victim).forEach(ServiceProcess::awaitHealthy);
            String survivorOwner = survivor.pid() + "@";
            String victimOwner = victim.pid() + "@";
            Api command = new Api(commandSide.baseUrl(), "admin", PASSWORD);
            Api query = new Api(survivor.baseUrl(), "admin", PASSWORD);

            // the two instances share every processor with two segments: one each
            await(() -> sharedByBoth(owners(), survivorOwner, victimOwner), Duration.ofSeconds(90),
                    "each query side owns one segment of every processor with two segments");
            Read warmUp = writeAndRead(command, query, System.nanoTime());
            assertThat(warmUp.stale()).as("before the kill the survivor answers with the command's position").isFalse();
            Map<String, String> beforeKill = owners();
            System.out.println("[takeover] owners before the kill: " + beforeKill);

            victim.kill();
            long killed = System.nanoTime();
            ConcurrentLinkedQueue<Read> reads = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Throwable> writerFailures = new ConcurrentLinkedQueue<>();
            AtomicBoolean sampling = new AtomicBoolean(true);
            Thread writer = new Thread(() -> {
                try {
                    while (sampling.get()) {
                        reads.add(writeAndRead(command, query, killed));
                        sleep(Duration.ofMillis(500));
                    }
                } catch (Throwable e) {
                    writerFailures.add(e);
                }
            }, "takeover-writer");
            writer.start();
            List<Sample> samples = new ArrayList<>();
            while (System.nanoTime() - killed < WINDOW.toNanos()) {
                samples.add(new Sample(millisSince(killed), owners()));
                sleep(SAMPLE_EVERY);
            }
            sampling.set(false);
            writer.join(Duration.ofSeconds(30).toMillis());

            report(samples, reads, survivorOwner, victimOwner, survivor);

            assertThat(writerFailures).as("commands or reads that failed outright").isEmpty();

            assertThat(beforeKill.values()).as("the victim owned segments when it was killed")
                    .anyMatch(owner -> owner != null && owner.startsWith(victimOwner));
            int lastNotAllOwned = -1;
            for (int i = 0; i < samples.size(); i++) {
                if (!ownsAll(samples.get(i), survivorOwner)) {
                    lastNotAllOwned = i;
                }
            }
            assertThat(lastNotAllOwned).as("the survivor still lacked a segment at the end of the sampled window")
                    .isLessThan(samples.size() - 1);
            long steadyFrom = samples.get(lastNotAllOwned + 1).millisAfterKill();
            assertThat(steadyFrom).as("ms after the kill from which the survivor owns every segment for good")
                    .isLessThanOrEqualTo(TAKEOVER_WITHIN.toMillis());
            List<Read> afterTakeover = reads.stream().filter(r -> r.sentMillisAfterKill() > steadyFrom).toList();
            assertThat(afterTakeover).as("commands read back after the takeover").hasSizeGreaterThanOrEqualTo(5);
            assertThat(afterTakeover).as("reads with the command's position after the takeover")
                    .allSatisfy(read -> {
                        assertThat(read.status()).isEqualTo(200);
                        assertThat(read.stale()).isFalse();
                    });
        } finally {
            processes.forEach(ServiceProcess::close);
        }
    }

    /** Registers a client and reads its history from the survivor with the position the command side answered. */
    static Read writeAndRead(Api command, Api query, long since) {
        long sent = millisSince(since);
        String clientId = "takeover-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> registered = command.post("/api/clients", "{\"clientId\":\"" + clientId
                + "\",\"name\":\"Takeover " + clientId + "\",\"dateOfBirth\":\"1970-05-05\"}");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        String position = registered.headers().firstValue("X-Event-Position").orElseThrow();
        long reading = System.nanoTime();
        HttpResponse<String> history = query.get("/api/clients/" + clientId + "/history", "X-Event-Position", position);
        return new Read(sent, history.statusCode(),
                history.headers().firstValue("X-Projection-Stale").isPresent(), millisSince(reading));
    }

    /** Every processor with two segments has them owned by the two instances, one each. */
    static boolean sharedByBoth(Map<String, String> owners, String first, String second) {
        Map<String, List<String>> byProcessor = new HashMap<>();
        owners.forEach((segment, owner) -> byProcessor.computeIfAbsent(segment.substring(0, segment.indexOf('/')),
                p -> new ArrayList<>()).add(owner == null ? "none" : owner));
        List<List<String>> twoSegments = byProcessor.values().stream().filter(o -> o.size() == 2).toList();
        return !twoSegments.isEmpty() && twoSegments.stream().allMatch(o ->
                o.stream().filter(owner -> owner.startsWith(first)).count() == 1
                        && o.stream().filter(owner -> owner.startsWith(second)).count() == 1);
    }

    static boolean ownsAll(Sample sample, String owner) {
        return !sample.owners().isEmpty()
                && sample.owners().values().stream().allMatch(o -> o != null && o.startsWith(owner));
    }

    static Map<String, String> owners() {
        Map<String, String> owners = new TreeMap<>();
        try (Connection c = DB.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT processor_name, segment, owner FROM token_entry")) {
            while (rs.next()) {
                owners.put(rs.getString(1) + "/" + rs.getInt(2), rs.getString(3));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return owners;
    }

    /** Prints each change of a segment's owner and the reads, so that a failure shows what happened when. */
    static void report(List<Sample> samples, ConcurrentLinkedQueue<Read> reads, String survivorOwner,
                       String victimOwner, ServiceProcess survivor) throws Exception {
        Map<String, String> previous = Map.of();
        for (Sample sample : samples) {
            for (Map.Entry<String, String> owner : sample.owners().entrySet()) {
                String was = previous.get(owner.getKey());
                if (!previous.isEmpty() && !Objects.equals(was, owner.getValue())) {
                    System.out.printf("[takeover] %6d ms after the kill: %s %s -> %s%n", sample.millisAfterKill(),
                            owner.getKey(), who(was, survivorOwner, victimOwner),
                            who(owner.getValue(), survivorOwner, victimOwner));
                }
            }
            previous = sample.owners();
        }
        for (Read read : reads) {
            System.out.printf("[takeover] read sent %6d ms after the kill: %d%s in %d ms%n", read.sentMillisAfterKill(),
                    read.status(), read.stale() ? " STALE" : "", read.answeredInMillis());
        }
        survivor.logText().lines().filter(line -> line.contains("SegmentBalancer"))
                .forEach(line -> System.out.println("[takeover] survivor: " + line));
    }

    static String who(String owner, String survivorOwner, String victimOwner) {
        if (owner == null) {
            return "nobody";
        }
        return owner.startsWith(survivorOwner) ? "survivor" : owner.startsWith(victimOwner) ? "victim" : owner;
    }

    ServiceProcess start(Service service, String name, Path signingKey) {
        Map<String, String> environment = new HashMap<>(Map.of(
                "TREATMENT_DB_URL", DB.url(), "TREATMENT_DB_USER", DB.user(),
                "TREATMENT_ADMIN_PASSWORD", PASSWORD));
        if (service == Service.QUERY_SIDE) {
            environment.put("TREATMENT_SIGNING_KEY", signingKey.toString());
        }
        ServiceProcess process = ServiceProcess.start(service, name, environment,
                List.of("--spring.profiles.active=postgres"));
        processes.add(process);
        return process;
    }

    static long millisSince(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos).toMillis();
    }

    static void await(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what + " within " + timeout).isLessThan(deadline);
            sleep(SAMPLE_EVERY);
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
