package com.precautionfirst.query.history;

import static com.precautionfirst.api.vocabulary.BodyArea.LOWER_BACK;
import static com.precautionfirst.api.vocabulary.BodyArea.PIRIFORMIS;
import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.query.ClientStory;
import com.precautionfirst.query.QuerySideIntegrationTest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReadingTheRecordAsOfAnInstantTest extends QuerySideIntegrationTest {

    @Test
    void theRecordAsOfTIsWhatTheLiveProjectionAnsweredAtTAndLacksWhatCameLater() throws InterruptedException {
        String client = unique("maria");
        String session = client + "-s1";
        ClientStory story = story().realisticClient(client);
        ClientStory.Session timeline = story.session(client, session).pressure(LOWER_BACK, 1)
                .response(PIRIFORMIS, 7, true);
        HttpResponse<String> liveAtT = read("admin", "/api/clients/" + client + "/history");
        Thread.sleep(5);
        Instant t = Instant.now();
        Thread.sleep(5);
        timeline.pressure(PIRIFORMIS, 3).ended();
        story.revoked(client, ClientStory.CLEARANCE);
        String liveNow = read("admin", "/api/clients/" + client + "/history").body();

        HttpResponse<String> asOfT = read("admin", "/api/clients/" + client + "/history?asOf=" + t);

        assertThat(asOfT.statusCode()).isEqualTo(200);
        assertThat(asOfT.body()).isEqualTo(liveAtT.body());
        assertThat(asOfT.body()).doesNotContain("SessionEnded", "new MRI findings");
        assertThat(liveNow).contains("SessionEnded", "new MRI findings");
        assertThat(json(asOfT.body()).path("sessions").get(0).path("assessment").path("overall").asText())
                .isEqualTo("IN_PROGRESS");
        assertThat(json(liveNow).path("sessions").get(0).path("assessment").path("overall").asText())
                .isEqualTo("FLAGGED");
    }

    @Test
    void beforeTheClientWasRegisteredThereIsNoRecord() {
        Instant before = Instant.now().minusSeconds(1);
        String client = unique("maria");
        story().realisticClient(client);

        assertThat(read("admin", "/api/clients/" + client + "/history?asOf=" + before).statusCode()).isEqualTo(404);
    }
}
