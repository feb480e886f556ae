package com.precautionfirst.command.client;

import static com.precautionfirst.command.TestClients.CLEARANCE;
import static com.precautionfirst.command.TestClients.CLIENT;
import static com.precautionfirst.command.TestClients.PIRIFORMIS;
import static com.precautionfirst.command.TestClients.PLANNED;
import static com.precautionfirst.command.TestClients.RESTRICTIONS;
import static com.precautionfirst.command.TestClients.SESSION;
import static com.precautionfirst.command.TestClients.SESSION_TIME;
import static com.precautionfirst.command.TestClients.THERAPIST;
import static com.precautionfirst.command.TestClients.TODAY;
import static com.precautionfirst.command.TestClients.asAdmin;
import static com.precautionfirst.command.TestClients.asOtherTherapist;
import static com.precautionfirst.command.TestClients.asTherapist;
import static com.precautionfirst.command.TestClients.maria;
import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.api.commands.StartSession;
import com.precautionfirst.api.events.SessionStartApproved;
import com.precautionfirst.api.events.SessionStarted;
import com.precautionfirst.api.vocabulary.BodyArea;
import com.precautionfirst.api.vocabulary.Restrictions;
import com.precautionfirst.api.vocabulary.Technique;
import com.precautionfirst.command.domain.CommandOutcome;
import com.precautionfirst.command.domain.InvalidCommandException;
import com.precautionfirst.command.domain.NotPermittedException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StartingAClearedSessionTest {

    private final ClientRecordFixture given = new ClientRecordFixture();

    @Test
    void createsTheSessionWithTheClearanceAndItsRestrictions() {
        given.fixture.given(maria().withSciatica().cleared().events())
                .when(new StartSession(CLIENT, SESSION, THERAPIST, PLANNED, SESSION_TIME), asTherapist())
                .expectResultMessagePayload(CommandOutcome.accepted(new SessionStartResult(SESSION, CLEARANCE)))
                .expectEvents(new SessionStartApproved(CLIENT, SESSION, THERAPIST, SESSION_TIME, CLEARANCE,
                        List.of(CLEARANCE)));
        assertThat(given.sessionEvents(SESSION)).containsExactly(new SessionStarted(SESSION, CLIENT, THERAPIST,
                PLANNED, SESSION_TIME, CLEARANCE, List.of(CLEARANCE), RESTRICTIONS));
    }

    @Test
    void combinesTheRestrictionsOfEveryClearanceUsedStrictestFirst() {
        Restrictions piriformisOnly = new Restrictions(Set.of(BodyArea.POSTERIOR_THIGH),
                Map.of(BodyArea.PIRIFORMIS, 2, BodyArea.LOWER_BACK, 3), Set.of(Technique.TRIGGER_POINT));
        given.fixture.given(maria().withSciatica().withPiriformisSyndrome().cleared()
                        .withClearance("piri", TODAY.minusDays(3), TODAY.plusDays(30), piriformisOnly, PIRIFORMIS)
                        .events())
                .when(new StartSession(CLIENT, SESSION, THERAPIST, PLANNED, SESSION_TIME), asTherapist())
                .expectResultMessagePayload(CommandOutcome.accepted(new SessionStartResult(SESSION, CLEARANCE)));
        SessionStarted started = (SessionStarted) given.sessionEvents(SESSION).get(0);
        assertThat(started.coveringClearanceIds()).containsExactly(CLEARANCE, "piri");
        assertThat(started.restrictions()).isEqualTo(new Restrictions(
                Set.of(BodyArea.LOWER_LEG, BodyArea.POSTERIOR_THIGH),
                Map.of(BodyArea.LOWER_BACK, 2, BodyArea.PIRIFORMIS, 2),
                Set.of(Technique.DEEP_VIBRATION, Technique.TRIGGER_POINT)));
    }

    @Test
    void aResolvedConditionNeedsNoClearance() {
        given.fixture.given(maria().withSciatica().events())
                .andGiven(new com.precautionfirst.api.events.ConditionResolved(CLIENT,
                        com.precautionfirst.command.TestClients.SCIATICA, "healed"))
                .when(new StartSession(CLIENT, SESSION, THERAPIST, PLANNED, SESSION_TIME), asTherapist())
                .expectResultMessagePayload(CommandOutcome.accepted(new SessionStartResult(SESSION, null)));
    }

    @Test
    void aTherapistNotAssignedToTheClientMayNotStartOne() {
        given.fixture.given(maria().withSciatica().cleared().events())
                .when(new StartSession(CLIENT, SESSION, "therapist-b", PLANNED, SESSION_TIME), asOtherTherapist())
                .expectException(NotPermittedException.class)
                .expectNoEvents();
        assertThat(given.sessionEvents(SESSION)).isEmpty();
    }

    @Test
    void theAdminMayNotStartOne() {
        given.fixture.given(maria().withSciatica().cleared().events())
                .when(new StartSession(CLIENT, SESSION, THERAPIST, PLANNED, SESSION_TIME), asAdmin())
                .expectException(NotPermittedException.class)
                .expectNoEvents();
    }

    @Test
    void aTherapistMayNotStartOneInAnotherTherapistsName() {
        given.fixture.given(maria().withSciatica().cleared().events())
                .andGiven(new com.precautionfirst.api.events.TherapistAssigned(CLIENT, "therapist-b"))
                .when(new StartSession(CLIENT, SESSION, THERAPIST, PLANNED, SESSION_TIME), asOtherTherapist())
                .expectException(NotPermittedException.class)
                .expectNoEvents();
    }

    @Test
    void withoutAStartTimeTheSessionStartsNow() {
        given.fixture.given(maria().withSciatica().cleared().events())
                .when(new StartSession(CLIENT, SESSION, THERAPIST, PLANNED, null), asTherapist())
                .expectSuccessfulHandlerExecution();
        assertThat(((SessionStarted) given.sessionEvents(SESSION).get(0)).startedAt())
                .isEqualTo(ClientRecordFixture.CLOCK.instant());
    }

    @ParameterizedTest(name = "started at {0}")
    @ValueSource(strings = {"2026-11-24T22:29:59Z", "2026-11-25T10:35:01Z", "2026-10-01T10:00:00Z"})
    void aStartTimeMoreThan12HoursAgoOrInTheFutureIsRefusedAsBadInput(String startedAt) {
        given.fixture.given(maria().withSciatica().cleared().events())
                .when(new StartSession(CLIENT, SESSION, THERAPIST, PLANNED, Instant.parse(startedAt)), asTherapist())
                .expectException(InvalidCommandException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.startsWith("startedAt "))
                .expectNoEvents();
        assertThat(given.sessionEvents(SESSION)).isEmpty();
    }
}
