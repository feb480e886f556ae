package com.precautionfirst.query.dashboard;

import com.precautionfirst.query.QuerySideIntegrationTest;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser's view of the dashboard without a browser: a cookie jar, no redirects followed, and the CSRF token of
 * the last page read from its forms, so that a test can sign in, read pages and post forms as a browser would (or
 * leave the token out).
 */
final class PageSession {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final int port;
    private String csrf;

    PageSession(int port) {
        this.port = port;
    }

    /** Signs in with the form (the demo password) and answers the sign-in's answer (302 to / when it worked). */
    HttpResponse<String> signIn(String user) {
        get("/login");
        return post("/login", "username=" + user + "&password=demo", true);
    }

    HttpResponse<String> get(String path) {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(uri(path)).GET().build());
        Matcher token = CSRF.matcher(answer.body());
        if (token.find()) {
            csrf = token.group(1);
        }
        return answer;
    }

    /** A form post, with the CSRF token of the last page read or without it. */
    HttpResponse<String> post(String path, String form, boolean withToken) {
        String body = withToken ? form + (form.isEmpty() ? "" : "&") + "_csrf="
                + URLEncoder.encode(csrf, StandardCharsets.UTF_8) : form;
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static String location(HttpResponse<String> answer) {
        return answer.headers().firstValue("Location").map(l -> URI.create(l).getPath()
                + (URI.create(l).getQuery() == null ? "" : "?" + URI.create(l).getQuery())).orElse("");
    }

    private HttpResponse<String> send(HttpRequest request) {
        return QuerySideIntegrationTest.send(http, request);
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
