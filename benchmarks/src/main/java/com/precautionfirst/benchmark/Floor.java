package com.precautionfirst.benchmark;

import com.precautionfirst.testsupport.Api;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP floor of a service (issue 12): {@code GET /api/me}, an authenticated request that does no command or query
 * work (HTTP, Spring Security with the cached credential check, the directory read every request makes, MVC and a
 * small JSON answer), sent by {@code clients} threads in a closed loop like the commands. What a command adds on top
 * of it is the command path's own cost; commands/s ÷ floor requests/s says how much of the framework's floor the
 * command path leaves.
 */
final class Floor {

    static final int WARMUP_REQUESTS = Integer.getInteger("bench.floorWarmupRequests", 4000);
    static final int SECONDS = Integer.getInteger("bench.floorSeconds", 10);

    private Floor() {
    }

    /**
     * Requests/s, latencies and CPU per request of the process {@code pid} serving {@code baseUrl}, each key
     * prefixed with "floor".
     */
    static Map<String, Object> measure(String baseUrl, long pid, int clients) throws Exception {
        Api api = new Api(baseUrl, "therapist-a", Benchmark.PASSWORD);
        run(api, clients, Long.MAX_VALUE, WARMUP_REQUESTS, new Recorder());
        Recorder recorder = new Recorder();
        CommandCpu.Cpu before = CommandCpu.Cpu.of(pid);
        long start = System.nanoTime();
        run(api, clients, start + TimeUnit.SECONDS.toNanos(SECONDS), Integer.MAX_VALUE, recorder);
        double seconds = (System.nanoTime() - start) / 1e9;
        CommandCpu.Cpu used = CommandCpu.Cpu.of(pid).minus(before);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("floorRequestsPerSecond", Benchmark.round(recorder.count() / seconds));
        figures.put("floorLatencyP50Ms", Benchmark.round(recorder.latencyMillis(50)));
        figures.put("floorLatencyP99Ms", Benchmark.round(recorder.latencyMillis(99)));
        figures.put("floorCpuMsPerRequest", Math.round(used.total() / recorder.count() * 1000) / 1000.0);
        figures.put("floorRequests", recorder.count());
        figures.put("floorFailures", recorder.failures.get());
        return figures;
    }

    private static void run(Api api, int clients, long deadline, int requests, Recorder recorder)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            pool.submit(() -> {
                while (System.nanoTime() < deadline && recorder.count() + recorder.failures.get() < requests) {
                    long sent = System.nanoTime();
                    HttpResponse<String> answer = api.get("/api/me");
                    if (answer.statusCode() == 200) {
                        recorder.latency((System.nanoTime() - sent) / 1000);
                    } else {
                        recorder.failures.incrementAndGet();
                    }
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(30, TimeUnit.MINUTES)) {
            throw new IllegalStateException("floor requests still running after 30 minutes");
        }
    }
}
