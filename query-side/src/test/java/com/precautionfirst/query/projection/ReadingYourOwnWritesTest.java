package com.precautionfirst.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.api.events.TherapistAssigned;
import com.precautionfirst.query.ClientStory;
import com.precautionfirst.query.QuerySideIntegrationTest;
import com.precautionfirst.query.history.ClientHistoryProjection;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class ReadingYourOwnWritesTest extends QuerySideIntegrationTest {

    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void aReadCarryingThePositionOfAWriteWaitsUntilTheProjectionHasIt() throws Exception {
        String client = unique("maria");
        ClientStory story = story().registered(client);
        read("admin", "/api/clients/" + client + "/history");
        TrackingEventProcessor history = stoppedHistory();
        HttpResponse<String> answer;
        try {
            story.client(client, new TherapistAssigned(client, "therapist-b"));
            CompletableFuture<HttpResponse<String>> pending = CompletableFuture.supplyAsync(() -> get("admin",
                    "/api/clients/" + client + "/history", "X-Event-Position", Long.toString(head())));
            Thread.sleep(500);
            assertThat(pending).isNotDone();
            assertThat(lag(ClientHistoryProjection.PROCESSOR)).isGreaterThanOrEqualTo(1);
            history.start();
            answer = pending.get(10, TimeUnit.SECONDS);
        } finally {
            history.start();
        }

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("therapist-b");
        assertThat(answer.headers().firstValue("X-Projection-Stale")).isEmpty();
        assertThat(lag(ClientHistoryProjection.PROCESSOR)).isZero();
    }

    @Test
    void aPositionNotReachedInTimeIsAnsweredAnywayAndMarkedStale() {
        String client = unique("maria");
        ClientStory story = story().registered(client);
        read("admin", "/api/clients/" + client + "/history");
        TrackingEventProcessor history = stoppedHistory();
        HttpResponse<String> answer;
        try {
            story.client(client, new TherapistAssigned(client, "therapist-b"));
            answer = get("admin", "/api/clients/" + client + "/history", "X-Event-Position", Long.toString(head()));
        } finally {
            history.start();
        }

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("X-Projection-Stale")).contains("true");
        assertThat(answer.body()).doesNotContain("therapist-b");
    }

    private TrackingEventProcessor stoppedHistory() {
        TrackingEventProcessor history = processing.eventProcessor(ClientHistoryProjection.PROCESSOR,
                TrackingEventProcessor.class).orElseThrow();
        history.shutDown();
        return history;
    }

    private double lag(String processor) {
        return json(get("admin", "/actuator/metrics/treatment.projection.lag?tag=processor:" + processor).body())
                .path("measurements").get(0).path("value").asDouble();
    }
}
