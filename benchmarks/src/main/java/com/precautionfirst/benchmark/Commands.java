package com.precautionfirst.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.precautionfirst.testsupport.Api;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends one command, times it, and now and then checks how long until the query side shows its effect: the
 * client's history read with {@code X-Event-Position} (the query side waits until it has processed that
 * position; without the header, until the history exists at all, which is right for a registration).
 */
final class Commands {

    static final ObjectMapper JSON = new ObjectMapper();

    private final Users command;
    private final Api queryReader;
    private final Recorder recorder;
    private final ExecutorService lagProbes;
    private final int lagSampleEvery;
    private final AtomicLong sent = new AtomicLong();
    /** 0: as fast as answers come; otherwise each thread sends at most one command per interval (steady load). */
    private final long intervalNanos;
    private final ThreadLocal<long[]> nextSlot = ThreadLocal.withInitial(() -> new long[]{System.nanoTime()});

    Commands(Users command, Api queryReader, Recorder recorder, ExecutorService lagProbes, int lagSampleEvery,
             long intervalNanos) {
        this.intervalNanos = intervalNanos;
        this.command = command;
        this.queryReader = queryReader;
        this.recorder = recorder;
        this.lagProbes = lagProbes;
        this.lagSampleEvery = lagSampleEvery;
    }

    JsonNode asAdmin(String clientId, String path, String body) {
        return send(command.admin(), clientId, path, body);
    }

    JsonNode asTherapist(String clientId, String path, String body) {
        return send(command.therapist(), clientId, path, body);
    }

    private JsonNode send(Api as, String clientId, String path, String body) {
        pace();
        long start = System.nanoTime();
        HttpResponse<String> response = as.post(path, body);
        long answered = System.nanoTime();
        if (response.statusCode() / 100 != 2) {
            recorder.failures.incrementAndGet();
            throw new IllegalStateException("POST " + path + " -> " + response.statusCode() + " " + response.body());
        }
        recorder.latency((answered - start) / 1000);
        if (sent.incrementAndGet() % lagSampleEvery == 0) {
            Optional<String> position = response.headers().firstValue("X-Event-Position");
            lagProbes.submit(() -> probeLag(clientId, position, answered));
        }
        try {
            return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void pace() {
        if (intervalNanos == 0) {
            return;
        }
        long[] slot = nextSlot.get();
        long wait = slot[0] - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        slot[0] = Math.max(slot[0] + intervalNanos, System.nanoTime() - intervalNanos);
    }

    private void probeLag(String clientId, Optional<String> position, long answered) {
        String path = "/api/clients/" + clientId + "/history";
        long deadline = answered + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> read = position.isPresent()
                    ? queryReader.get(path, "X-Event-Position", position.get()) : queryReader.get(path);
            if (read.statusCode() == 200 && read.headers().firstValue("X-Projection-Stale").isEmpty()) {
                recorder.lag((System.nanoTime() - answered) / 1000);
                return;
            }
            if (read.statusCode() == 200) {
                recorder.staleReads.incrementAndGet();
            }
            try {
                // without the header each poll is a full read: keep the probes from loading the query side
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        recorder.staleReads.incrementAndGet();
    }

    /** The command side's users. */
    record Users(Api admin, Api therapist) {
    }
}
