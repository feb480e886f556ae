package com.precautionfirst.support.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Values longer than their column are cut to fit, visibly, so that an access can always be stored. */
class BoundingLongValuesTest {

    @Test
    void longValuesAreCutToTheirColumnAndMarked() {
        String endpoint = "GET /api/clients/maria/history?x=" + "a".repeat(2000);
        Access access = new Access("u".repeat(300), "THERAPIST", "c".repeat(300), "s".repeat(256), endpoint,
                Outcome.REFUSED);

        assertThat(access.endpoint()).hasSize(1024).startsWith("GET /api/clients/maria/history?x=aaa")
                .endsWith(Access.TRUNCATED);
        assertThat(access.clientId()).hasSize(255).endsWith(Access.TRUNCATED);
        assertThat(access.sessionId()).hasSize(255).endsWith(Access.TRUNCATED);
        assertThat(access.userId()).hasSize(255).endsWith(Access.TRUNCATED);
    }

    @Test
    void valuesThatFitAreKeptAsTheyAre() {
        String endpoint = "GET /api/sessions/s-1?" + "b".repeat(1024 - 22);
        Access access = new Access("auditor", "AUDITOR", "c".repeat(255), null, endpoint, Outcome.ALLOWED);

        assertThat(access.endpoint()).isEqualTo(endpoint).hasSize(1024);
        assertThat(access.clientId()).isEqualTo("c".repeat(255));
        assertThat(access.sessionId()).isNull();
    }

    @Test
    void aCutNeverSplitsACharacterInTwo() {
        String cutThroughAnEmoji = "x".repeat(255 - Access.TRUNCATED.length() - 1) + "\uD83D\uDE00" + "y".repeat(30);

        String bounded = new Access("u", "R", cutThroughAnEmoji, null, "GET /", Outcome.ALLOWED).clientId();

        assertThat(bounded).hasSizeLessThanOrEqualTo(255).endsWith("x" + Access.TRUNCATED);
    }
}
