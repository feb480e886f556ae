package com.precautionfirst.command.client;

import static com.precautionfirst.command.TestClients.CLIENT;
import static com.precautionfirst.command.TestClients.PLANNED;
import static com.precautionfirst.command.TestClients.SCIATICA;
import static com.precautionfirst.command.TestClients.SESSION;
import static com.precautionfirst.command.TestClients.SESSION_TIME;
import static com.precautionfirst.command.TestClients.THERAPIST;
import static com.precautionfirst.command.TestClients.asTherapist;
import static com.precautionfirst.command.TestClients.maria;
import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.api.commands.StartSession;
import com.precautionfirst.api.events.PrecautionBlocked;
import com.precautionfirst.api.events.SessionStartApproved;
import com.precautionfirst.api.vocabulary.PrecautionRule;
import com.precautionfirst.api.vocabulary.Role;
import com.precautionfirst.command.Refusals;
import com.precautionfirst.command.domain.CommandOutcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartingASessionWithoutClearanceTest {

    private final ClientRecordFixture given = new ClientRecordFixture();

    @Test
    void isRefusedWithOnePrecautionBlockedAndNoSession() {
        given.fixture.given(maria().withSciatica().events())
                .when(new StartSession(CLIENT, SESSION, THERAPIST, PLANNED, SESSION_TIME), asTherapist())
                .expectResultMessagePayloadMatching(Refusals.refusal(PrecautionRule.CLEARANCE_MISSING))
                .expectEventsMatching(Refusals.onlyBlocked(PrecautionRule.CLEARANCE_MISSING));
        assertThat(given.sessionEvents(SESSION)).isEmpty();
    }

    @Test
    void recordsWhoTriedWhatAndWhichConditionWasUncleared() {
        given.fixture.given(maria().withSciatica().events())
                .when(new StartSession(CLIENT, SESSION, THERAPIST, PLANNED, SESSION_TIME), asTherapist())
                .expectEventsMatching(Refusals.onlyBlocked(PrecautionRule.CLEARANCE_MISSING));
        PrecautionBlocked blocked = (PrecautionBlocked) given.fixture.getEventStore().readEvents(CLIENT).asStream()
                .reduce((first, second) -> second).orElseThrow().getPayload();
        assertThat(blocked.sessionId()).isNull();
        assertThat(blocked.attemptedCommand()).isEqualTo("StartSession");
        assertThat(blocked.attemptedBy()).isEqualTo(THERAPIST);
        assertThat(blocked.role()).isEqualTo(Role.THERAPIST);
        assertThat(blocked.attemptedValues()).containsEntry("sessionId", SESSION)
                .containsEntry("plannedAreas", PLANNED.toString());
        assertThat(blocked.violations().get(0).message()).contains(SCIATICA).contains("M54.16");
    }

    @Test
    void namesEveryUnclearedCondition() {
        given.fixture.given(maria().withSciatica().withPiriformisSyndrome().events())
                .when(new StartSession(CLIENT, SESSION, THERAPIST, PLANNED, SESSION_TIME), asTherapist())
                .expectEventsMatching(Refusals.onlyBlocked(PrecautionRule.CLEARANCE_MISSING,
                        PrecautionRule.CLEARANCE_MISSING));
    }

    @Test
    void aConditionThatNeedsNoClearanceDoesNotBlock() {
        given.fixture.given(maria().withCondition("low-back-pain", "M54.5", false).events())
                .when(new StartSession(CLIENT, SESSION, THERAPIST, PLANNED, SESSION_TIME), asTherapist())
                .expectResultMessagePayload(CommandOutcome.accepted(new SessionStartResult(SESSION, null)))
                .expectEvents(new SessionStartApproved(CLIENT, SESSION, THERAPIST, SESSION_TIME, null, List.of()));
        assertThat(given.sessionEvents(SESSION)).hasSize(1);
    }
}
