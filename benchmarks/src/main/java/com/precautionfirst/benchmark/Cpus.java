package com.precautionfirst.benchmark;

import com.precautionfirst.testsupport.Api;
import com.precautionfirst.testsupport.ServiceProcess;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU of the whole system over a live phase (issue 12): the command side's process CPU per command answered, and the
 * query side's process CPU per event the phase appended, counted until the query side has projected them all (a
 * read with {@code X-Event-Position} of the store's newest event, which waits for every processor). Both from the
 * processes' own counters ({@code /proc/<pid>/stat}, every thread: GC, JIT, pollers included). The query side's
 * figure includes the lag probes' reads the phase sends (one history read per 4 or 5 commands), given apart as its
 * request threads' share, and the JIT compilers', which fall as the process warms up.
 */
record Cpus(ServiceProcess command, ServiceProcess query, Store store, CommandCpu.Cpu commandBefore,
            CommandCpu.Cpu queryBefore, long headBefore) {

    static Cpus mark(ServiceProcess command, ServiceProcess query, Store store) throws Exception {
        return new Cpus(command, query, store, CommandCpu.Cpu.of(command.pid()), CommandCpu.Cpu.of(query.pid()),
                head(store));
    }

    Map<String, Object> figures(Api reader, long commands) throws Exception {
        CommandCpu.Cpu commandUsed = CommandCpu.Cpu.of(command.pid()).minus(commandBefore);
        long head = head(store);
        long start = System.nanoTime();
        while (true) {
            HttpResponse<String> read = reader.get("/api/me", "X-Event-Position", Long.toString(head));
            if (read.statusCode() == 200 && read.headers().firstValue("X-Projection-Stale").isEmpty()) {
                break;
            }
            if (System.nanoTime() - start > Benchmark.CATCH_UP_LIMIT_SECONDS * 1_000_000_000L) {
                throw new IllegalStateException("query side did not reach " + head + ": " + read.statusCode());
            }
        }
        double catchUp = (System.nanoTime() - start) / 1e9;
        CommandCpu.Cpu queryUsed = CommandCpu.Cpu.of(query.pid()).minus(queryBefore);
        long events = head - headBefore;
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("commandCpuMsPerCommand", Math.round(commandUsed.total() / commands * 1000) / 1000.0);
        figures.put("queryCpuMsPerEvent", Math.round(queryUsed.total() / events * 1000) / 1000.0);
        figures.put("queryRequestThreadsMsPerEvent", Math.round(queryUsed.requests() / events * 1000) / 1000.0);
        figures.put("queryGcMsPerEvent", Math.round(queryUsed.gc() / events * 1000) / 1000.0);
        figures.put("queryJitMsPerEvent", Math.round(queryUsed.jit() / events * 1000) / 1000.0);
        figures.put("eventsAppended", events);
        figures.put("querySecondsToProjectAfterPhase", Benchmark.round(catchUp));
        return figures;
    }

    private static long head(Store store) throws Exception {
        return store.queryLong("SELECT COALESCE(MAX(global_index), 0) FROM domain_event_entry");
    }
}
