package com.precautionfirst.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.precautionfirst.query.deadletter.ProjectionFault;
import com.precautionfirst.query.export.ExportGate;
import com.precautionfirst.query.projection.RebuildBrake;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.UUID;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The query side on a random port over an H2 database in a temporary directory. Events are written to the event
 * store directly, as the command side stores them; every test uses its own client ids, so one context serves all.
 * A projection can be made to fail for one client ({@link ProjectionFault}), a rebuild held in the middle
 * ({@link RebuildBrake}) and an export held at one client ({@link ExportGate}); all are inert until a test arms them.
 */
@Import({ProjectionFault.class, RebuildBrake.class, ExportGate.class})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"treatment.projection.read-your-writes-timeout=3s",
                // one JVM: no AUTO_SERVER, and H2 must not close on JVM exit under the processors still stopping
                "spring.datasource.url=jdbc:h2:file:${treatment.data-dir}/treatment;MODE=PostgreSQL;"
                        + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE"})
public abstract class QuerySideIntegrationTest {

    private static final Path DATA_DIR = temporaryDataDir();
    protected static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("treatment.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;
    @Autowired
    protected EventStore eventStore;
    @Autowired
    protected TransactionManager transactionManager;
    @Autowired
    protected JdbcTemplate jdbc;

    @Autowired
    PasswordEncoder passwords;

    private final HttpClient http = HttpClient.newHttpClient();

    /** The demo users with password {@code demo}, as the command side seeds them (the query side never seeds). */
    @BeforeEach
    void theDirectoryHasTheDemoUsers() {
        if (jdbc.queryForObject("SELECT COUNT(*) FROM app_user", Integer.class) > 0) {
            return;
        }
        String hash = passwords.encode("demo");
        for (String[] user : new String[][] {{"admin", "CLINIC_ADMIN", null}, {"therapist-a", "THERAPIST", null},
                {"therapist-b", "THERAPIST", null}, {"auditor", "AUDITOR", null}, {"insurer-x", "INSURER", "INS-X"}}) {
            jdbc.update("INSERT INTO app_user (user_id, role, insurer_id, active, password_hash) VALUES (?, ?, ?, TRUE, ?)",
                    user[0], user[1], user[2], hash);
        }
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A story whose events are appended to the event store, each in its own transaction. */
    protected ClientStory story() {
        return new ClientStory(this::publish);
    }

    protected void publish(String aggregateType, String streamId, long sequence, Object payload, String by,
                           String role) {
        MetaData metaData = MetaData.with("userId", by).and("role", role)
                .and("correlationId", "corr-" + streamId + "-" + sequence);
        if (sequence == 1) {
            metaData = metaData.and("idempotencyKey", "key-" + streamId);
        }
        GenericDomainEventMessage<Object> event = new GenericDomainEventMessage<>(aggregateType, streamId, sequence,
                payload, metaData);
        transactionManager.executeInTransaction(() -> eventStore.publish(event));
    }

    protected long head() {
        Long head = jdbc.queryForObject("SELECT MAX(global_index) FROM domain_event_entry", Long.class);
        return head == null ? -1 : head;
    }

    /** A GET as the user that waits until the projections have seen every event written so far. */
    protected HttpResponse<String> read(String user, String path) {
        return get(user, path, "X-Event-Position", Long.toString(head()));
    }

    protected JsonNode readJson(String user, String path) {
        HttpResponse<String> response = read(user, path);
        if (response.statusCode() != 200) {
            throw new AssertionError(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return json(response.body());
    }

    protected HttpResponse<String> get(String user, String path, String... headers) {
        return send(user, HttpRequest.newBuilder(uri(path)).GET(), headers);
    }

    /** A POST without a body, declared as JSON as every state-changing request must be. */
    protected HttpResponse<String> post(String user, String path) {
        return post(user, path, "");
    }

    /** A POST with the given content type ({@code null}: none) and body. */
    protected HttpResponse<String> post(String user, String path, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
        return contentType == null ? send(user, request) : send(user, request, "Content-Type", contentType);
    }

    protected HttpResponse<String> post(String user, String path, String jsonBody) {
        return send(user, HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(jsonBody)),
                "Content-Type", "application/json");
    }

    /** Waits (at most about a minute) until a rebuild of the projections has replayed up to its target position. */
    protected void awaitRebuild(String targetPosition) {
        for (int i = 0; i < 20; i++) {
            if (get("admin", "/api/users", "X-Event-Position", targetPosition).headers()
                    .firstValue("X-Projection-Stale").isEmpty()) {
                return;
            }
        }
        throw new AssertionError("the projections did not reach position " + targetPosition + " after a rebuild");
    }

    /**
     * Waits (at most about a minute) until no rebuild of the projections runs, e.g. one another test class started
     * in a context of its own on the same database.
     */
    protected void awaitNoRebuildRunning() throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            if (jdbc.queryForObject("SELECT COUNT(*) FROM projection_generation WHERE rebuilding IS NOT NULL",
                    Integer.class) == 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("a rebuild of the projections is still running");
    }

    protected static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> send(String user, HttpRequest.Builder request, String... headers) {
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8)));
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(http, request.build());
    }

    /** Sends and reads the answer as text; a failure to send is unchecked (the test fails). */
    public static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static Path temporaryDataDir() {
        try {
            Path dir = Files.createTempDirectory("query-side-test");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
