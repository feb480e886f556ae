package com.precautionfirst.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service started from the jar the build made ({@code java -jar}), on a free loopback port, logging to
 * {@code target/it-logs}. Used by the system tests and by the benchmark; the repository root is the system property {@code treatment.root}.
 */
public final class ServiceProcess implements AutoCloseable {

    public enum Service {
        COMMAND_SIDE("command-side"), QUERY_SIDE("query-side");

        final String module;

        Service(String module) {
            this.module = module;
        }

        public Path jar() {
            return root().resolve(module).resolve("target").resolve(module + ".jar");
        }
    }

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;

    private ServiceProcess(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** JVM options for tests: quick start and a small heap, since several JVMs share two cores. */
    public static final List<String> TEST_JVM = List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    /** Starts with {@link #TEST_JVM} without waiting; call {@link #awaitHealthy()}. */
    public static ServiceProcess start(Service service, String name, Map<String, String> environment,
                                       List<String> arguments) {
        return start(service, name, environment, arguments, TEST_JVM);
    }

    public static ServiceProcess start(Service service, String name, Map<String, String> environment,
                                       List<String> arguments, List<String> jvmOptions) {
        return start(service.jar(), name, environment, arguments, jvmOptions);
    }

    /** A service from another jar than this build's, e.g. an earlier build measured beside this one. */
    public static ServiceProcess start(Path jar, String name, Map<String, String> environment,
                                       List<String> arguments, List<String> jvmOptions) {
        int port = freePort();
        Path logs = Path.of(System.getProperty("treatment.logs", "target/it-logs"));
        try {
            Files.createDirectories(logs);
            Path log = logs.resolve(name + ".log");
            List<String> command = new ArrayList<>(List.of(javaBinary()));
            command.addAll(jvmOptions);
            command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port));
            command.addAll(arguments);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            // only what the caller gives: a TREATMENT_* variable of the surrounding shell must not change the test
            builder.environment().keySet().removeIf(key -> key.startsWith("TREATMENT_"));
            builder.environment().putAll(environment);
            return new ServiceProcess(name, builder.start(), port, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ServiceProcess awaitHealthy() {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(250);
        }
        throw new IllegalStateException(name + " not healthy within 180 s:\n" + logTail());
    }

    /** For a process expected to refuse to start. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(name + " still running after " + timeout);
        }
        return process.exitValue();
    }

    /** {@code kill -9}: no shutdown hook, no flush, no goodbye; waits until the process is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The operating system's process id, e.g. to read its CPU time from /proc. */
    public long pid() {
        return process.pid();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    public String logText() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    public static Path root() {
        return Path.of(System.getProperty("treatment.root", ".")).toAbsolutePath().normalize();
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
