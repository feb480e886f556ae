package com.precautionfirst.query.dashboard;

import static com.precautionfirst.api.vocabulary.BodyArea.LOWER_BACK;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.precautionfirst.query.ClientStory;
import com.precautionfirst.query.QuerySideIntegrationTest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Each page enforces the API's checks (decision 0063): the role (the 403 page, logged as the API's refusals are),
 * the record (therapist-b never sees therapist-a's client, not on a page, not in a list, not as a live stream), and
 * every view of a record is in the access log with the page's endpoint.
 */
class EveryPageChecksTheCallerTest extends QuerySideIntegrationTest {

    @LocalServerPort
    int pagePort;

    private String client;
    private String session;
    private ClientStory story;

    @BeforeEach
    void aClientOfTherapistA() {
        client = unique("maria");
        session = client + "-s1";
        story = story().realisticClient(client);
        story.session(client, session).pressure(LOWER_BACK, 1).ended();
        // projected (read waits at most 3 s for the projections; the first test of a fresh context may need longer)
        int status = 0;
        for (int i = 0; i < 10 && status != 200; i++) {
            status = read("admin", "/api/sessions/" + session).statusCode();
        }
        assertThat(status).isEqualTo(200);
    }

    @Test
    void theAssignedTherapistReadsTheClientAndTheSessionAndEachViewIsLogged() {
        Instant since = Instant.now();
        PageSession therapist = signedIn("therapist-a");
        HttpResponse<String> list = therapist.get("/?q=" + client);
        assertThat(list.body()).contains("data-client=\"" + client + "\"");
        HttpResponse<String> page = therapist.get("/clients/" + client);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("Maria Keller", "L5-S1 disc protrusion, left S1 root",
                "class=\"region excluded\" data-area=\"POSTERIOR_THIGH\"");
        assertThat(therapist.get("/sessions/" + session).statusCode()).isEqualTo(200);

        assertThat(logged(since, "therapist-a")).contains("GET /?q=" + client + " " + client + " ALLOWED",
                "GET /clients/" + client + " " + client + " ALLOWED",
                "GET /sessions/" + session + " " + client + " ALLOWED");
    }

    @Test
    void anotherTherapistGetsThe403PageAndNeverTheNameAndTheRefusalIsLogged() {
        Instant since = Instant.now();
        PageSession other = signedIn("therapist-b");
        assertThat(other.get("/?q=" + client).body()).doesNotContain("data-client=").contains("No clients");
        for (String path : List.of("/clients/" + client, "/clients/" + client + "?asOf=" + Instant.now(),
                "/sessions/" + session, "/sessions/" + session + "/live")) {
            HttpResponse<String> refused = other.get(path);
            assertThat(refused.statusCode()).as(path).isEqualTo(403);
            assertThat(refused.headers().firstValue("Content-Type").orElse("")).as(path).startsWith("text/html");
            assertThat(refused.body()).as(path).contains("403", "therapist-b (therapist)", "Sign out")
                    .doesNotContain("Maria Keller").doesNotContain("L5-S1");
        }
        assertThat(logged(since, "therapist-b")).contains("GET /clients/" + client + " " + client + " REFUSED",
                "GET /sessions/" + session + " " + client + " REFUSED",
                "GET /sessions/" + session + "/live " + client + " REFUSED");
    }

    @Test
    void eachPageIsForItsRolesAndARefusalByRoleIsLogged() {
        Instant since = Instant.now();
        PageSession therapist = signedIn("therapist-a");
        assertThat(therapist.get("/flagged").statusCode()).isEqualTo(403);
        assertThat(therapist.get("/clients/" + client + "/audit").statusCode()).isEqualTo(403);
        assertThat(therapist.get("/insurer").statusCode()).isEqualTo(403);

        PageSession insurer = signedIn("insurer-x");
        assertThat(PageSession.location(insurer.get("/"))).isEqualTo("/insurer");
        assertThat(insurer.get("/insurer").statusCode()).isEqualTo(200);
        HttpResponse<String> refused = insurer.get("/clients/" + client);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("403").doesNotContain("Maria Keller");
        assertThat(insurer.get("/sessions/" + session).statusCode()).isEqualTo(403);

        PageSession auditor = signedIn("auditor");
        assertThat(auditor.get("/flagged").statusCode()).isEqualTo(200);
        HttpResponse<String> trail = auditor.get("/clients/" + client + "/audit");
        assertThat(trail.statusCode()).isEqualTo(200);
        assertThat(trail.body()).contains("ClientRegistered");
        assertThat(auditor.get("/insurer").statusCode()).isEqualTo(403);

        assertThat(logged(since, "therapist-a")).contains("GET /clients/" + client + "/audit " + client + " REFUSED",
                "GET /flagged null REFUSED");
        assertThat(logged(since, "insurer-x")).contains("GET /clients/" + client + " " + client + " REFUSED",
                "GET /sessions/" + session + " " + client + " REFUSED");
    }

    @Test
    void badInputOnAPageNamesTheFieldAndAnUnknownClientIsNotFound() {
        PageSession therapist = signedIn("therapist-a");
        HttpResponse<String> future = therapist.get("/clients/" + client + "?asOf=2999-01-01T00:00");
        assertThat(future.statusCode()).isEqualTo(400);
        assertThat(future.body()).contains("asOf", "must not be in the future");
        HttpResponse<String> garbled = therapist.get("/clients/" + client + "?asOf=yesterday");
        assertThat(garbled.statusCode()).isEqualTo(400);
        assertThat(garbled.body()).contains("asOf");
        assertThat(therapist.get("/clients/" + unique("nobody")).statusCode()).isEqualTo(404);

        PageSession auditor = signedIn("auditor");
        HttpResponse<String> badDate = auditor.get("/flagged?from=someday");
        assertThat(badDate.statusCode()).isEqualTo(400);
        assertThat(badDate.body()).contains("from");
    }

    @Test
    void theAsOfFieldShowsTheRecordAsItStood() throws InterruptedException {
        Instant before = Instant.now();
        Thread.sleep(5); // the store keeps milliseconds: the revocation must not share the instant's
        story.revoked(client, ClientStory.CLEARANCE);
        assertThat(read("admin", "/api/clients/" + client + "/history").statusCode()).isEqualTo(200);
        PageSession therapist = signedIn("therapist-a");
        assertThat(therapist.get("/clients/" + client).body()).contains("id=\"warning-band\"", "revoked");
        String then = therapist.get("/clients/" + client + "?asOf=" + before).body();
        assertThat(then).contains("The record as it stood at").doesNotContain("id=\"warning-band\"");
    }

    private PageSession signedIn(String user) {
        PageSession browser = new PageSession(pagePort);
        assertThat(PageSession.location(browser.signIn(user))).isEqualTo("/");
        return browser;
    }

    /** The user's access-log entries since then, each as "endpoint clientId outcome". */
    private List<String> logged(Instant since, String user) {
        JsonNode entries = readJson("auditor", "/api/access-log?size=200&from=" + since).path("entries");
        List<String> found = new ArrayList<>();
        entries.forEach(entry -> {
            if (entry.path("userId").asText().equals(user)) {
                found.add(entry.path("endpoint").asText() + " " + entry.path("clientId").asText(null) + " "
                        + entry.path("outcome").asText());
            }
        });
        return found;
    }
}
