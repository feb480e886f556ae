package com.precautionfirst.query.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.query.QuerySideIntegrationTest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The dashboard's own security chain (decision 0063): a form with a CSRF token signs in and out with a session
 * cookie; a page without it sends the browser to the form; the JSON API never answers to the cookie.
 */
class SigningInToTheDashboardTest extends QuerySideIntegrationTest {

    @LocalServerPort
    int pagePort;

    @Test
    void aPageWithoutSignInSendsTheBrowserToTheForm() {
        PageSession browser = new PageSession(pagePort);
        HttpResponse<String> start = browser.get("/");
        assertThat(start.statusCode()).isEqualTo(302);
        assertThat(PageSession.location(start)).isEqualTo("/login");
        assertThat(PageSession.location(browser.get("/clients/anyone"))).isEqualTo("/login");
        HttpResponse<String> form = browser.get("/login");
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("<label for=\"username\">", "<label for=\"password\">", "name=\"_csrf\"");
    }

    @Test
    void signingInNeedsTheFormsCsrfToken() {
        PageSession browser = new PageSession(pagePort);
        browser.get("/login");
        HttpResponse<String> forged = browser.post("/login", "username=therapist-a&password=demo", false);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(PageSession.location(browser.get("/"))).as("still signed out").isEqualTo("/login");

        HttpResponse<String> signedIn = browser.post("/login", "username=therapist-a&password=demo", true);
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(PageSession.location(signedIn)).isEqualTo("/");
        HttpResponse<String> start = browser.get("/");
        assertThat(start.statusCode()).isEqualTo(200);
        assertThat(start.body()).contains("My clients", "therapist-a");
    }

    @Test
    void aWrongPasswordIsRefusedOnTheForm() {
        PageSession browser = new PageSession(pagePort);
        browser.get("/login");
        HttpResponse<String> refused = browser.post("/login", "username=therapist-a&password=wrong", true);
        assertThat(PageSession.location(refused)).isEqualTo("/login?error");
        assertThat(browser.get("/login?error").body()).contains("Sign-in failed");
        assertThat(PageSession.location(browser.get("/"))).isEqualTo("/login");
    }

    @Test
    void signingOutEndsTheSessionAndNeedsTheToken() {
        PageSession browser = new PageSession(pagePort);
        assertThat(PageSession.location(browser.signIn("auditor"))).isEqualTo("/");
        browser.get("/");
        assertThat(browser.post("/logout", "", false).statusCode()).as("no token, no sign-out").isEqualTo(403);
        assertThat(browser.get("/").statusCode()).isEqualTo(200);
        HttpResponse<String> out = browser.post("/logout", "", true);
        assertThat(PageSession.location(out)).isEqualTo("/login?signedOut");
        assertThat(PageSession.location(browser.get("/"))).isEqualTo("/login");
    }

    @Test
    void theJsonApiNeverAnswersToTheSessionCookie() {
        PageSession browser = new PageSession(pagePort);
        browser.signIn("admin");
        assertThat(browser.get("/").statusCode()).isEqualTo(200);
        HttpResponse<String> api = browser.get("/api/precautions");
        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(api.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }
}
