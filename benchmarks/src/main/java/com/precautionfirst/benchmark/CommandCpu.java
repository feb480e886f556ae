package com.precautionfirst.benchmark;

import com.precautionfirst.testsupport.Api;
import com.precautionfirst.testsupport.DirectoryUsers;
import com.precautionfirst.testsupport.ServiceProcess;
import com.precautionfirst.testsupport.ServiceProcess.Service;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * CPU time per command of the whole command-side process, with no query side running (issue 12): a shared machine
 * disturbs a process's own CPU counters far less than it disturbs rates. After a warm-up, 8 clients send the
 * workload's commands until {@code bench.cpuCommands} were answered; the process's user and system time
 * ({@code /proc/<pid>/stat}, all threads, garbage collection and compilation included) over that stretch, divided
 * by the commands answered. The share of request threads, garbage collection and the JIT compilers comes from the
 * threads' own counters ({@code /proc/<pid>/task}); "other" is the rest of the process.
 * <p>
 * With {@code -Dbench.compareCommandJar=PATH} (e.g. the command-side jar of main), that jar is measured the same way
 * right after this build's, on a fresh database each, {@code bench.cpuRounds} times in turn (default 2). Under
 * {@code -Dbench.jfr=DIR} every round of either jar is recorded ({@code command-alone-this-N},
 * {@code command-alone-compared-N}), so that the two can be profiled under the same load.
 */
final class CommandCpu {

    static final int WARMUP_COMMANDS = Integer.getInteger("bench.cpuWarmupCommands", 8800);
    static final int COMMANDS = Integer.getInteger("bench.cpuCommands", 4400);
    static final String COMPARE_JAR = System.getProperty("bench.compareCommandJar");
    static final int ROUNDS = Integer.getInteger("bench.cpuRounds", COMPARE_JAR == null ? 1 : 2);
    static final int CLIENTS = 8;

    private CommandCpu() {
    }

    static Map<String, Object> measure(Workload workload, String database) throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("workload", workload.name());
        result.put("clients", CLIENTS);
        result.put("warmupCommands", WARMUP_COMMANDS);
        List<Map<String, Object>> thisBuild = new ArrayList<>();
        List<Map<String, Object>> compared = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            thisBuild.add(once(workload, database, Service.COMMAND_SIDE.jar(), "this-" + round));
            if (COMPARE_JAR != null) {
                compared.add(once(workload, database, Path.of(COMPARE_JAR), "compared-" + round));
            }
        }
        result.put("thisBuild", summary(thisBuild));
        if (COMPARE_JAR != null) {
            result.put("compareJar", COMPARE_JAR);
            result.put("compared", summary(compared));
        }
        Benchmark.log(database + " command side alone, CPU per command: " + result);
        return result;
    }

    /** The mean of the rounds, and each round. */
    private static Map<String, Object> summary(List<Map<String, Object>> rounds) {
        Map<String, Object> summary = new LinkedHashMap<>();
        for (String key : rounds.get(0).keySet()) {
            double mean = rounds.stream().mapToDouble(r -> ((Number) r.get(key)).doubleValue()).average().orElse(0);
            summary.put(key, Math.round(mean * 1000) / 1000.0);
        }
        summary.put("rounds", rounds);
        return summary;
    }

    private static Map<String, Object> once(Workload workload, String database, Path jar, String run)
            throws Exception {
        try (Store store = Store.open(database)) {
            Map<String, String> env = new LinkedHashMap<>(store.environment());
            env.put("TREATMENT_DEMO_PASSWORD", Benchmark.PASSWORD);
            env.put("TREATMENT_ADMIN_PASSWORD", Benchmark.PASSWORD);
            String name = "command-alone-" + run;
            try (ServiceProcess command = ServiceProcess.start(jar, "bench-" + database + "-" + name, env,
                    store.arguments(), Benchmark.profiled(Benchmark.SERVICE_JVM, database + "-" + name))
                    .awaitHealthy()) {
                DirectoryUsers.createDemoUsers(new Api(command.baseUrl(), "admin", Benchmark.PASSWORD),
                        Benchmark.PASSWORD);
                Commands.Users users = new Commands.Users(new Api(command.baseUrl(), "admin", Benchmark.PASSWORD),
                        new Api(command.baseUrl(), "therapist-a", Benchmark.PASSWORD));
                send(workload, users, WARMUP_COMMANDS);
                Cpu before = Cpu.of(command.pid());
                long start = System.nanoTime();
                Recorder recorder = send(workload, users, COMMANDS);
                double seconds = (System.nanoTime() - start) / 1e9;
                Cpu used = Cpu.of(command.pid()).minus(before);
                long commands = recorder.count();
                Map<String, Object> figures = new LinkedHashMap<>();
                figures.put("cpuMsPerCommand", perCommand(used.total(), commands));
                figures.put("requestThreadsMsPerCommand", perCommand(used.requests(), commands));
                figures.put("gcMsPerCommand", perCommand(used.gc(), commands));
                figures.put("jitMsPerCommand", perCommand(used.jit(), commands));
                figures.put("otherMsPerCommand", perCommand(used.total() - used.requests() - used.gc() - used.jit(),
                        commands));
                figures.put("commands", commands);
                figures.put("commandsPerSecond", Benchmark.round(commands / seconds));
                figures.put("failures", recorder.failures.get());
                figures.putAll(Floor.measure(command.baseUrl(), command.pid(), CLIENTS));
                double rows = Baseline.rowsPerSecond(store, CLIENTS, Duration.ofSeconds(Benchmark.BASELINE_SECONDS));
                figures.put("baselineRowsPerSecond", Benchmark.round(rows));
                figures.put("ratioToFloor", ratio(commands / seconds, (Double) figures.get("floorRequestsPerSecond")));
                figures.put("ratioToBaseline", ratio(commands / seconds, rows));
                return figures;
            }
        }
    }

    static double ratio(double rate, double floor) {
        return Math.round(rate / floor * 1000) / 1000.0;
    }

    private static double perCommand(double cpuMillis, long commands) {
        return Math.round(cpuMillis / commands * 1000) / 1000.0;
    }

    /** {@code CLIENTS} threads, each running whole clinic clients of the workload until {@code commands} answered. */
    private static Recorder send(Workload workload, Commands.Users users, int commands) throws InterruptedException {
        Recorder recorder = new Recorder();
        Commands sender = new Commands(users, null, recorder, null, Integer.MAX_VALUE, 0);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        String run = UUID.randomUUID().toString().substring(0, 6);
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            pool.submit(() -> {
                for (int i = 0; recorder.count() < commands; i++) {
                    try {
                        workload.client(sender, "cpu-" + run + "-" + client + "-" + i, Benchmark.SESSIONS_PER_CLIENT);
                    } catch (RuntimeException e) {
                        Benchmark.log("command failed: " + e.getMessage());
                    }
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(30, TimeUnit.MINUTES)) {
            throw new IllegalStateException("commands still running after 30 minutes");
        }
        return recorder;
    }

    /** A process's CPU milliseconds: in all, and in its request, garbage-collector and JIT-compiler threads. */
    record Cpu(double total, double requests, double gc, double jit) {

        private static final double MILLIS_PER_TICK = 1000.0 / ticksPerSecond();

        static Cpu of(long pid) throws IOException {
            Path proc = Path.of("/proc", Long.toString(pid));
            double requests = 0;
            double gc = 0;
            double jit = 0;
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve("task"))) {
                for (Path task : tasks) {
                    String stat;
                    try {
                        stat = Files.readString(task.resolve("stat"));
                    } catch (IOException gone) {
                        continue; // the thread ended meanwhile; its time is in the process's total
                    }
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    double millis = millis(stat);
                    if (name.startsWith("http-nio-")) {
                        requests += millis;
                    } else if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
                        gc += millis;
                    } else if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                        jit += millis;
                    }
                }
            }
            return new Cpu(millis(Files.readString(proc.resolve("stat"))), requests, gc, jit);
        }

        /** utime + stime, the 14th and 15th fields; the name before them may contain spaces. */
        private static double millis(String stat) {
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * MILLIS_PER_TICK;
        }

        Cpu minus(Cpu earlier) {
            return new Cpu(total - earlier.total, requests - earlier.requests, gc - earlier.gc, jit - earlier.jit);
        }

        private static long ticksPerSecond() {
            try {
                Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
                return Long.parseLong(new String(getconf.getInputStream().readAllBytes()).strip());
            } catch (IOException | NumberFormatException e) {
                return 100;
            }
        }
    }
}
