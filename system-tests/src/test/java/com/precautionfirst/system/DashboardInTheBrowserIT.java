package com.precautionfirst.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.precautionfirst.testsupport.Api;
import com.precautionfirst.testsupport.ServiceProcess;
import com.precautionfirst.testsupport.ServiceProcess.Service;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

/**
 * Issue 14: the dashboard in a real browser (Debian's headless Chromium), against the real services started from
 * their jars on one embedded H2 database, with the README's walk-through recorded over the command side's API:
 * Maria (therapist-a, sciatica, cleared with the lower leg excluded), Jonas (therapist-a, a condition without
 * clearance), Pia (therapist-a, 100 sessions, each flagged for a first pressure of 3) and Lea (therapist-b, one
 * flagged session). Every page is signed into as its role would, read as a person reads it, photographed into
 * target/screenshots, and must leave no error in the browser's console.
 */
class DashboardInTheBrowserIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PIAS_SESSIONS = 100;

    private static Path dataDir;
    private static ServiceProcess command;
    private static ServiceProcess query;
    private static Api admin;
    private static Api therapistA;
    private static Api therapistB;

    private Browser browser;

    @BeforeAll
    static void theServicesWithTheWalkThrough() throws Exception {
        dataDir = Files.createTempDirectory("dashboard-it");
        Map<String, String> env = Map.of("TREATMENT_DATA_DIR", dataDir.toString());
        command = ServiceProcess.start(Service.COMMAND_SIDE, "dashboard-command-side", env, List.of()).awaitHealthy();
        query = ServiceProcess.start(Service.QUERY_SIDE, "dashboard-query-side", env, List.of()).awaitHealthy();
        admin = new Api(command.baseUrl(), "admin", "demo");
        therapistA = new Api(command.baseUrl(), "therapist-a", "demo");
        therapistB = new Api(command.baseUrl(), "therapist-b", "demo");
        maria();
        jonas();
        pia();
        String last = lea();
        HttpResponse<String> caughtUp = new Api(query.baseUrl(), "admin", "demo")
                .get("/api/clients/lea/history", "X-Event-Position", last);
        assertThat(caughtUp.headers().firstValue("X-Projection-Stale")).isEmpty();
    }

    @AfterAll
    static void stop() {
        if (query != null) {
            query.close();
        }
        if (command != null) {
            command.close();
        }
    }

    @BeforeEach
    void aFreshBrowser() {
        browser = new Browser(query.baseUrl());
    }

    @AfterEach
    void closeTheBrowser() {
        browser.close();
    }

    @Test
    void therapistASeesMariasRestrictionsAndTheBodyMapMarksTheExcludedLowerLeg() {
        browser.signIn("therapist-a");
        assertThat(browser.path()).isEqualTo("/");
        assertThat(rowsOf("#client-list tbody tr", "data-client")).containsExactly("jonas", "maria", "pia");
        assertThat(browser.find("tr[data-client=maria]").getText()).contains("Maria Keller", "valid until 2030-01-05");
        assertThat(browser.find("tr[data-client=jonas]").getText()).contains("missing");
        browser.screenshot("01-my-clients");

        browser.follow("tr[data-client=maria] a");
        assertThat(browser.path()).isEqualTo("/clients/maria");
        WebElement lowerLeg = browser.find("#body-map g[data-area=LOWER_LEG]");
        assertThat(lowerLeg.getAttribute("class")).contains("excluded");
        assertThat(lowerLeg.getText()).contains("Lower leg", "excluded");
        assertThat(browser.find("#body-map g[data-area=LOWER_BACK]").getText()).contains("max pressure 2");
        assertThat(browser.find("#body-map g[data-area=PIRIFORMIS]").getText()).contains("max pressure 3");
        assertThat(browser.find("#body-map g[data-area=UPPER_BACK]").getAttribute("class")).contains("free");
        assertThat(browser.text("#prohibited")).contains("deep vibration");
        assertThat(browser.text(".clearance")).contains("L5-S1 disc protrusion, left S1 root", "Dr. Lena Berg",
                "physiotherapist", "PT-4711", "2030-01-05");
        assertThat(browser.all("#warning-band")).isEmpty();
        assertThat(browser.find("#sessions tr[data-session=s-1]").getText()).contains("precautions met");
        assertThat(browser.text("main")).contains("Refused attempts", "CLEARANCE_MISSING");
        browser.screenshot("02-client-maria");
        browser.width(768);
        browser.screenshot("03-client-maria-768px");
        assertThat((Boolean) browser.script("return document.documentElement.scrollWidth <= window.innerWidth"))
                .as("no horizontal scrolling at 768 px").isTrue();

        browser.open("/clients/jonas");
        assertThat(browser.text("#warning-band")).contains("No valid clearance", "M51.26", "missing");
        // uncleared, no area may be treated: the map must not read "no limit" anywhere
        for (WebElement area : browser.all("#body-map g[data-area]")) {
            assertThat(area.getText()).as(area.getAttribute("data-area")).contains("not until cleared")
                    .doesNotContain("no limit");
        }
        browser.screenshot("04-client-jonas-warning");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void theSessionChartShowsALinePerAreaTheLimitsAndTheResponseMarker() throws Exception {
        browser.signIn("therapist-a");
        browser.open("/sessions/s-1");
        JsonNode series = chartSeries();
        List<String> lines = new ArrayList<>();
        series.forEach(s -> {
            if (s.path("type").asText().equals("line")) {
                lines.add(s.path("name").asText());
            }
        });
        assertThat(lines).containsExactlyInAnyOrder("Lower back", "Buttocks", "Piriformis", "Sacrum edge");
        JsonNode lowerBack = named(series, "Lower back");
        assertThat(lowerBack.path("markLine").path("data").get(0).path("yAxis").asInt()).isEqualTo(2);
        assertThat(lowerBack.path("markLine").path("lineStyle").path("type").asText()).isEqualTo("dashed");
        assertThat(named(series, "Piriformis").path("markLine").path("data").get(0).path("yAxis").asInt()).isEqualTo(3);
        JsonNode radiating = named(series, "Radiating pain").path("data");
        assertThat(radiating).hasSize(1);
        assertThat(radiating.get(0).path("value").get(1).asInt()).as("on the piriformis line at 3").isEqualTo(3);
        assertThat(radiating.get(0).path("text").asText()).contains("Piriformis", "radiating pain");
        assertThat(named(series, "Refused attempts").path("data")).hasSize(1);
        assertThat((Long) browser.script("return document.querySelectorAll('#pressure-chart svg path').length"))
                .as("the chart is drawn").isGreaterThan(10L);

        assertThat(browser.find("#timeline li[data-sequence='3'] .amendments").getText())
                .contains("buttocks pressure was 1, not 2", "typing error");
        assertThat(browser.find("#timeline li.radiating").getText()).contains("radiating pain");
        assertThat(browser.find("#timeline li.refusal").getText()).contains("TECHNIQUE_PROHIBITED");
        assertThat(rowsOf(".check", "data-check"))
                .containsExactly("CLEARED", "STARTED_LIGHT", "RESPONSIVE", "WITHIN_RESTRICTIONS");
        assertThat(browser.find(".check[data-check=CLEARED]").getText()).containsIgnoringCase("met").contains("Dr. Lena Berg");
        browser.screenshot("05-session-s-1");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void aPressureChangeRecordedOverTheApiAppearsOnTheOpenSessionPageWithoutReload() throws Exception {
        assertThat(therapistA.post("/api/sessions", "{\"clientId\":\"maria\",\"sessionId\":\"s-live\","
                + "\"plannedAreas\":[\"LOWER_BACK\",\"BUTTOCKS\"]}").statusCode()).isEqualTo(201);
        browser.signIn("therapist-a");
        browser.waitUntil(Duration.ofSeconds(10), () -> {
            browser.open("/sessions/s-live");
            return browser.path().equals("/sessions/s-live") && !browser.all("#live").isEmpty();
        });
        browser.script("window.notReloaded = true");
        assertThat(browser.text("#overall")).isEqualTo("in progress");
        assertThat(lineNames(chartSeries())).isEmpty();

        long sent = System.nanoTime();
        assertThat(therapistA.post("/api/sessions/s-live/pressure",
                "{\"area\":\"LOWER_BACK\",\"level\":1,\"reason\":\"THERAPIST_JUDGEMENT\"}").statusCode()).isEqualTo(200);
        browser.waitUntil(Duration.ofSeconds(15), () -> {
            try {
                return lineNames(chartSeries()).contains("Lower back");
            } catch (Exception e) {
                return false;
            }
        });
        long shownAfterMillis = (System.nanoTime() - sent) / 1_000_000;
        System.out.println("[dashboard] a pressure change reached the open session page after " + shownAfterMillis
                + " ms (command answered, projected, pushed over SSE, drawn)");
        assertThat((Boolean) browser.script("return window.notReloaded === true")).as("no reload").isTrue();
        assertThat(browser.find("#timeline").getText()).contains("Pressure on Lower back to 1");

        assertThat(therapistA.post("/api/sessions/s-live/end", "{\"outcome\":\"COMPLETED\"}").statusCode())
                .isEqualTo(200);
        browser.waitUntil(Duration.ofSeconds(15), () -> browser.text("#overall").equals("precautions met"));
        assertThat((Boolean) browser.script("return window.notReloaded === true")).isTrue();
        browser.screenshot("06-session-live-after-update");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void therapistBGetsThe403PageForMariaAndDoesNotSeeHerInAnyList() throws Exception {
        Instant since = Instant.now();
        browser.signIn("therapist-b");
        assertThat(rowsOf("#client-list tbody tr", "data-client")).containsExactly("lea");
        assertThat(browser.text("main")).doesNotContain("Maria");
        browser.open("/?q=maria");
        assertThat(browser.text("main")).doesNotContain("Maria").contains("No clients");
        browser.screenshot("07-therapist-b-clients");

        browser.open("/clients/maria");
        assertThat(browser.text("h1")).contains("403");
        assertThat(browser.text("main")).doesNotContain("Maria Keller").doesNotContain("L5-S1");
        browser.screenshot("08-therapist-b-403");
        browser.open("/sessions/s-1");
        assertThat(browser.text("h1")).contains("403");
        browser.open("/flagged");
        assertThat(browser.text("h1")).contains("403");

        JsonNode refusals = JSON.readTree(new Api(query.baseUrl(), "auditor", "demo")
                .get("/api/access-log?size=200&from=" + since).body());
        List<String> refused = new ArrayList<>();
        refusals.path("entries").forEach(entry -> {
            if (entry.path("userId").asText().equals("therapist-b") && entry.path("outcome").asText().equals("REFUSED")) {
                refused.add(entry.path("endpoint").asText() + " " + entry.path("clientId").asText());
            }
        });
        assertThat(refused).contains("GET /clients/maria maria", "GET /sessions/s-1 maria");
        browser.signOut();
        browser.open("/clients/maria");
        assertThat(browser.path()).startsWith("/login");
        assertThat(browser.consoleErrors("status of 403")).isEmpty();
    }

    @Test
    void theAuditorsFlaggedListPagesAndFilters() {
        browser.signIn("auditor");
        browser.open("/flagged");
        assertThat(browser.text("#flagged-list caption")).startsWith((PIAS_SESSIONS + 1) + " session(s), page 1");
        List<String> firstPage = rowsOf("#flagged-list tbody tr", "data-session");
        assertThat(firstPage).hasSize(20);
        browser.screenshot("09-auditor-flagged");
        browser.follow("a[rel=next]");
        List<String> secondPage = rowsOf("#flagged-list tbody tr", "data-session");
        assertThat(secondPage).hasSize(20).doesNotContainAnyElementsOf(firstPage);
        assertThat(browser.text("#flagged-list caption")).contains("page 2");

        browser.find("#therapistId").clear();
        browser.find("#therapistId").sendKeys("therapist-b");
        browser.follow("form.filters button");
        assertThat(rowsOf("#flagged-list tbody tr", "data-session")).containsExactly("lea-1");
        new org.openqa.selenium.support.ui.Select(browser.find("#status")).selectByValue("PRECAUTIONS_MET");
        browser.follow("form.filters button");
        assertThat(browser.all("#flagged-list")).isEmpty();
        browser.find("#therapistId").clear();
        browser.follow("form.filters button");
        assertThat(rowsOf("#flagged-list tbody tr", "data-session")).contains("s-1").doesNotContain("lea-1");

        browser.follow("tr[data-session=s-1] a[href$='/audit']");
        assertThat(browser.path()).isEqualTo("/clients/maria/audit");
        assertThat(browser.text("#verification")).contains("Verified");
        assertThat(browser.all("#trail tbody tr").size()).isGreaterThan(15);
        browser.screenshot("10-auditor-audit-trail");
        browser.open("/sessions/s-1");
        assertThat(browser.text("h1")).contains("s-1");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void theInsurerSeesItsConsentingClientsAndDownloadsAnExport() {
        browser.signIn("insurer-x");
        assertThat(browser.path()).startsWith("/insurer");
        browser.waitUntil(Duration.ofSeconds(30), () -> {
            browser.open("/insurer");
            return rowsText("#consenting li").contains("maria");
        });
        assertThat(rowsOf("#downloads a", "data-format")).containsExactly("json", "csv", "fhir");
        assertThat(browser.find("#downloads a[data-format=json]").getAttribute("href"))
                .contains("/api/exports?insurerId=INS-X&from=", "&format=json");
        Object status = browser.driver().executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch(document.querySelector('#downloads a[data-format=json]').href)"
                + ".then(r => r.text().then(t => done(r.status + ' ' + (t.includes('\"maria\"') ? 'holds maria' : t.substring(0, 300)))))");
        assertThat(status.toString()).isEqualTo("200 holds maria");
        browser.screenshot("11-insurer");
        browser.open("/clients/maria");
        assertThat(browser.text("h1")).contains("403");
        assertThat(browser.consoleErrors("status of 403")).isEmpty();
    }

    @Test
    void theClientPageWithAHundredSessionsPaintsAndItsTimeIsMeasured() {
        browser.signIn("therapist-a");
        browser.open("/clients/pia");
        assertThat(browser.all("#sessions tbody tr")).hasSize(PIAS_SESSIONS);
        browser.open("/clients/pia");
        Number firstPaint = (Number) browser.script("const p = performance.getEntriesByType('paint')"
                + ".find(e => e.name === 'first-contentful-paint'); return p ? p.startTime : null");
        Number responseEnd = (Number) browser.script(
                "return performance.getEntriesByType('navigation')[0].responseEnd");
        assertThat(firstPaint).as("first contentful paint").isNotNull();
        System.out.printf("[dashboard] client page with %d sessions: response complete after %.0f ms, "
                + "first contentful paint after %.0f ms%n", PIAS_SESSIONS, responseEnd.doubleValue(),
                firstPaint.doubleValue());
        browser.screenshot("12-client-pia-100-sessions");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    private static void maria() {
        created(admin.post("/api/clients", "{\"clientId\":\"maria\",\"name\":\"Maria Keller\",\"dateOfBirth\":\"1978-04-12\"}"));
        ok(admin.post("/api/clients/maria/therapists", "{\"therapistId\":\"therapist-a\"}"));
        created(admin.post("/api/clients/maria/conditions", "{\"conditionId\":\"sciatica\",\"icd10Code\":\"M54.16\","
                + "\"description\":\"lumbar radiculopathy, pain down the left leg\",\"region\":\"lower back\"}"));
        created(admin.post("/api/clients/maria/conditions", "{\"conditionId\":\"disc\",\"icd10Code\":\"M51.26\","
                + "\"description\":\"L5-S1 disc protrusion\",\"requiresClearance\":false,\"region\":\"lumbar spine\"}"));
        String planned = "{\"clientId\":\"maria\",\"sessionId\":\"s-1\",\"plannedAreas\":[\"LOWER_BACK\",\"BUTTOCKS\","
                + "\"PIRIFORMIS\",\"SACRUM_EDGE\"]}";
        assertThat(therapistA.post("/api/sessions", planned).statusCode()).isEqualTo(422);
        created(admin.post("/api/clients/maria/clearances", "{\"clearanceId\":\"clearance-1\",\"conditionIds\":"
                + "[\"sciatica\",\"disc\"],\"professional\":{\"name\":\"Dr. Lena Berg\",\"profession\":\"PHYSIOTHERAPIST\","
                + "\"licenseNumber\":\"PT-4711\"},\"issuedOn\":\"2026-01-05\",\"validUntil\":\"2030-01-05\","
                + "\"damageLocation\":\"L5-S1 disc protrusion, left S1 root\",\"restrictions\":{\"excludedAreas\":"
                + "[\"LOWER_LEG\"],\"maxPressure\":{\"LOWER_BACK\":2,\"PIRIFORMIS\":3},\"prohibitedTechniques\":"
                + "[\"DEEP_VIBRATION\"]}}"));
        created(therapistA.post("/api/sessions", planned));
        pressure(therapistA, "s-1", "LOWER_BACK", 1);
        ok(therapistA.post("/api/sessions/s-1/techniques", "{\"area\":\"LOWER_BACK\",\"technique\":\"LIGHT_STROKING\"}"));
        pressure(therapistA, "s-1", "BUTTOCKS", 2);
        assertThat(therapistA.post("/api/sessions/s-1/techniques",
                "{\"area\":\"LOWER_BACK\",\"technique\":\"DEEP_VIBRATION\"}").statusCode()).isEqualTo(422);
        pressure(therapistA, "s-1", "PIRIFORMIS", 2);
        pressure(therapistA, "s-1", "PIRIFORMIS", 3);
        ok(therapistA.post("/api/sessions/s-1/responses", "{\"area\":\"PIRIFORMIS\",\"sensitivity\":7,"
                + "\"radiatingPain\":true,\"note\":\"pain radiating down the left leg\"}"));
        pressure(therapistA, "s-1", "PIRIFORMIS", 1);
        pressure(therapistA, "s-1", "SACRUM_EDGE", 1);
        ok(therapistA.post("/api/sessions/s-1/end", "{\"outcome\":\"MODIFIED\",\"notes\":\"piriformis lowered\"}"));
        ok(therapistA.post("/api/sessions/s-1/amendments", "{\"entrySequence\":3,"
                + "\"correction\":\"buttocks pressure was 1, not 2\",\"reason\":\"typing error\"}"));
        ok(admin.post("/api/clients/maria/insurance",
                "{\"insurerId\":\"INS-X\",\"policyNumber\":\"POL-2231\",\"consentToShare\":true}"));
    }

    private static void jonas() {
        created(admin.post("/api/clients", "{\"clientId\":\"jonas\",\"name\":\"Jonas Berg\",\"dateOfBirth\":\"1990-01-30\"}"));
        ok(admin.post("/api/clients/jonas/therapists", "{\"therapistId\":\"therapist-a\"}"));
        created(admin.post("/api/clients/jonas/conditions", "{\"conditionId\":\"disc\",\"icd10Code\":\"M51.26\","
                + "\"description\":\"disc protrusion\",\"region\":\"lumbar spine\"}"));
    }

    /** A client of therapist-a with 100 sessions, each flagged: its first pressure was 3. */
    private static void pia() {
        created(admin.post("/api/clients", "{\"clientId\":\"pia\",\"name\":\"Pia Lund\",\"dateOfBirth\":\"1982-09-09\"}"));
        ok(admin.post("/api/clients/pia/therapists", "{\"therapistId\":\"therapist-a\"}"));
        for (int i = 1; i <= PIAS_SESSIONS; i++) {
            String session = "pia-" + i;
            created(therapistA.post("/api/sessions", "{\"clientId\":\"pia\",\"sessionId\":\"" + session
                    + "\",\"plannedAreas\":[\"UPPER_BACK\"]}"));
            pressure(therapistA, session, "UPPER_BACK", 3);
            ok(therapistA.post("/api/sessions/" + session + "/end", "{\"outcome\":\"COMPLETED\"}"));
        }
    }

    /** therapist-b's client with one flagged session; answers the position of its last event. */
    private static String lea() {
        created(admin.post("/api/clients", "{\"clientId\":\"lea\",\"name\":\"Lea Horn\",\"dateOfBirth\":\"1970-03-03\"}"));
        ok(admin.post("/api/clients/lea/therapists", "{\"therapistId\":\"therapist-b\"}"));
        created(therapistB.post("/api/sessions", "{\"clientId\":\"lea\",\"sessionId\":\"lea-1\",\"plannedAreas\":[\"NECK_SHOULDERS\"]}"));
        pressure(therapistB, "lea-1", "NECK_SHOULDERS", 4);
        HttpResponse<String> end = therapistB.post("/api/sessions/lea-1/end", "{\"outcome\":\"COMPLETED\"}");
        ok(end);
        return end.headers().firstValue("X-Event-Position").orElseThrow();
    }

    private static void pressure(Api api, String session, String area, int level) {
        ok(api.post("/api/sessions/" + session + "/pressure", "{\"area\":\"" + area + "\",\"level\":" + level
                + ",\"reason\":\"THERAPIST_JUDGEMENT\"}"));
    }

    private static void created(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    }

    private static void ok(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    private List<String> rowsOf(String css, String attribute) {
        return browser.all(css).stream().map(e -> e.getAttribute(attribute)).toList();
    }

    private List<String> rowsText(String css) {
        return browser.all(css).stream().map(WebElement::getText).toList();
    }

    /** The series the chart was given, as ECharts holds them. */
    private JsonNode chartSeries() throws Exception {
        return JSON.readTree((String) browser.script("return JSON.stringify(echarts.getInstanceByDom("
                + "document.getElementById('pressure-chart')).getOption().series)"));
    }

    private static List<String> lineNames(JsonNode series) {
        List<String> names = new ArrayList<>();
        series.forEach(s -> {
            if (s.path("type").asText().equals("line")) {
                names.add(s.path("name").asText());
            }
        });
        return names;
    }

    private static JsonNode named(JsonNode series, String name) {
        for (JsonNode s : series) {
            if (s.path("name").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no series " + name + " in " + series);
    }
}
