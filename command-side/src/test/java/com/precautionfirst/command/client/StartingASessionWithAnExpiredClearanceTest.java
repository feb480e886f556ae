package com.precautionfirst.command.client;

import static com.precautionfirst.command.TestClients.CLIENT;
import static com.precautionfirst.command.TestClients.PLANNED;
import static com.precautionfirst.command.TestClients.RESTRICTIONS;
import static com.precautionfirst.command.TestClients.SCIATICA;
import static com.precautionfirst.command.TestClients.SESSION;
import static com.precautionfirst.command.TestClients.SESSION_TIME;
import static com.precautionfirst.command.TestClients.THERAPIST;
import static com.precautionfirst.command.TestClients.TODAY;
import static com.precautionfirst.command.TestClients.asTherapist;
import static com.precautionfirst.command.TestClients.maria;
import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.api.commands.StartSession;
import com.precautionfirst.api.vocabulary.PrecautionRule;
import com.precautionfirst.command.Refusals;
import com.precautionfirst.command.domain.CommandOutcome;
import org.junit.jupiter.api.Test;

class StartingASessionWithAnExpiredClearanceTest {

    private final ClientRecordFixture given = new ClientRecordFixture();

    @Test
    void isRefusedAsExpired() {
        given.fixture.given(maria().withSciatica()
                        .withClearance("old", TODAY.minusYears(1), TODAY.minusDays(1), RESTRICTIONS, SCIATICA).events())
                .when(new StartSession(CLIENT, SESSION, THERAPIST, PLANNED, SESSION_TIME), asTherapist())
                .expectResultMessagePayloadMatching(Refusals.refusal(PrecautionRule.CLEARANCE_EXPIRED))
                .expectEventsMatching(Refusals.onlyBlocked(PrecautionRule.CLEARANCE_EXPIRED));
        assertThat(given.sessionEvents(SESSION)).isEmpty();
    }

    @Test
    void isAllowedOnTheLastDayOfValidity() {
        given.fixture.given(maria().withSciatica()
                        .withClearance("ends-today", TODAY.minusYears(1), TODAY, RESTRICTIONS, SCIATICA).events())
                .when(new StartSession(CLIENT, SESSION, THERAPIST, PLANNED, SESSION_TIME), asTherapist())
                .expectResultMessagePayload(CommandOutcome.accepted(new SessionStartResult(SESSION, "ends-today")));
    }

    @Test
    void aClearanceNotYetValidCountsAsMissing() {
        given.fixture.given(maria().withSciatica()
                        .withClearance("future", TODAY.plusDays(1), TODAY.plusYears(1), RESTRICTIONS, SCIATICA).events())
                .when(new StartSession(CLIENT, SESSION, THERAPIST, PLANNED, SESSION_TIME), asTherapist())
                .expectEventsMatching(Refusals.onlyBlocked(PrecautionRule.CLEARANCE_MISSING));
    }

    @Test
    void aNewerValidClearanceAllowsTheSession() {
        given.fixture.given(maria().withSciatica()
                        .withClearance("old", TODAY.minusYears(1), TODAY.minusDays(1), RESTRICTIONS, SCIATICA)
                        .withClearance("renewed", TODAY.minusDays(1), TODAY.plusYears(1), RESTRICTIONS, SCIATICA).events())
                .when(new StartSession(CLIENT, SESSION, THERAPIST, PLANNED, SESSION_TIME), asTherapist())
                .expectResultMessagePayload(CommandOutcome.accepted(new SessionStartResult(SESSION, "renewed")));
    }
}
