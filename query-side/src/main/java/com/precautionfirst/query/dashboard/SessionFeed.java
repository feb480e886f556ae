package com.precautionfirst.query.dashboard;

import com.precautionfirst.query.projection.ProjectionPositions;
import com.precautionfirst.query.session.SessionRepository;
import com.precautionfirst.support.lifecycle.LifecycleThread;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open session pages' live updates (server-sent events, decision 0063). While a page watches, one thread asks
 * every {@code treatment.dashboard.live-poll} whether the store has a newer event (one indexed MAX); once the
 * projections have processed it (ProjectionPositions, as read-your-writes waits), it reads the watched sessions'
 * documents and sends each page whose session changed its new state, rendered by the page. The projection on another
 * instance is followed alike: the positions and the documents are the shared tables'. Nothing is read while nobody
 * watches. A page that went away is dropped at the next send or heartbeat.
 */
@Component
public class SessionFeed extends LifecycleThread {

    private static final Logger log = LoggerFactory.getLogger(SessionFeed.class);
    /** A page is kept this long; the browser's EventSource then opens a new one (checked and logged anew). */
    private static final Duration WATCH = Duration.ofMinutes(30);
    private static final Duration HEARTBEAT = Duration.ofSeconds(20);

    private final ProjectionPositions positions;
    private final SessionRepository sessions;
    private final Duration poll;
    private final List<Watch> watches = new CopyOnWriteArrayList<>();
    private long seen = -1;
    private long pending = -1;
    private long lastHeartbeat = System.nanoTime();

    public SessionFeed(ProjectionPositions positions, SessionRepository sessions,
                       @Value("${treatment.dashboard.live-poll:200ms}") Duration poll) {
        super("dashboard-session-feed");
        this.positions = positions;
        this.sessions = sessions;
        this.poll = poll;
    }

    /** One open page: its session, the version of the document it shows, and how to render a newer one for it. */
    private static final class Watch {
        private final String sessionId;
        private final SseEmitter emitter;
        private final Function<byte[], String> render;
        private volatile String version;

        Watch(String sessionId, SseEmitter emitter, Function<byte[], String> render, String version) {
            this.sessionId = sessionId;
            this.emitter = emitter;
            this.render = render;
            this.version = version;
        }
    }

    /** The version of a session document a page shows: changes whenever the document does. */
    public static String version(byte[] document) {
        return Integer.toHexString(Arrays.hashCode(document)) + "-" + document.length;
    }

    /**
     * Starts sending a page its session's newer states, beginning with the one after {@code shownVersion} (the page's
     * own, so that nothing recorded between the page and this call is missed). The caller has checked and logged
     * the read.
     */
    public SseEmitter watch(String sessionId, String shownVersion, Function<byte[], String> render) {
        SseEmitter emitter = new SseEmitter(WATCH.toMillis());
        Watch watch = new Watch(sessionId, emitter, render, shownVersion == null ? "" : shownVersion);
        emitter.onCompletion(() -> watches.remove(watch));
        emitter.onTimeout(() -> watches.remove(watch));
        emitter.onError(e -> watches.remove(watch));
        watches.add(watch);
        synchronized (this) {
            pending = Math.max(pending, 0);
        }
        return emitter;
    }

    @Override
    protected void runUntilStopped() {
        while (isRunning()) {
            try {
                Thread.sleep(poll.toMillis());
                if (!watches.isEmpty()) {
                    tick();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("Live session updates failed; trying again", e);
            }
        }
    }

    /** One round: note a newer head, and once the projections have it, send what changed. */
    void tick() {
        long head = positions.head();
        long waitFor;
        synchronized (this) {
            if (head > seen) {
                pending = Math.max(pending, head);
            }
            waitFor = pending;
        }
        if (waitFor >= 0 && positions.reached(waitFor)) {
            synchronized (this) {
                seen = Math.max(seen, waitFor);
                if (pending == waitFor) {
                    pending = -1;
                }
            }
            send();
        }
        if (System.nanoTime() - lastHeartbeat > HEARTBEAT.toNanos()) {
            lastHeartbeat = System.nanoTime();
            watches.forEach(w -> deliver(w, SseEmitter.event().comment("still here")));
        }
    }

    private void send() {
        Map<String, List<Watch>> bySession = watches.stream().collect(Collectors.groupingBy(w -> w.sessionId));
        bySession.forEach((sessionId, open) -> {
            Optional<byte[]> document = sessions.document(sessionId);
            if (document.isEmpty()) {
                return;
            }
            String version = version(document.get());
            String rendered = null;
            for (Watch watch : open) {
                if (!version.equals(watch.version)) {
                    rendered = rendered != null ? rendered : watch.render.apply(document.get());
                    watch.version = version;
                    deliver(watch, SseEmitter.event().name("session").id(version).data(rendered, MediaType.TEXT_PLAIN));
                }
            }
        });
    }

    private void deliver(Watch watch, SseEmitter.SseEventBuilder event) {
        try {
            watch.emitter.send(event);
        } catch (IOException | IllegalStateException e) {
            watches.remove(watch);
            watch.emitter.completeWithError(e);
        }
    }
}
