package com.precautionfirst.command.session;

import static com.precautionfirst.command.TestClients.CLEARANCE;
import static com.precautionfirst.command.TestClients.CLIENT;
import static com.precautionfirst.command.TestClients.SESSION;
import static com.precautionfirst.command.TestClients.asTherapist;
import static com.precautionfirst.command.TestClients.sessionStarted;

import com.precautionfirst.api.commands.AdjustPressure;
import com.precautionfirst.api.commands.ApplyTechnique;
import com.precautionfirst.api.commands.EndSession;
import com.precautionfirst.api.commands.RecordClientResponse;
import com.precautionfirst.api.commands.StopSessionEarly;
import com.precautionfirst.api.events.SessionEnded;
import com.precautionfirst.api.events.SessionStoppedEarly;
import com.precautionfirst.api.vocabulary.BodyArea;
import com.precautionfirst.api.vocabulary.PrecautionRule;
import com.precautionfirst.api.vocabulary.PressureReason;
import com.precautionfirst.api.vocabulary.SessionOutcome;
import com.precautionfirst.api.vocabulary.StopCause;
import com.precautionfirst.api.vocabulary.Technique;
import com.precautionfirst.command.Refusals;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

class AdjustingPressureAfterTheSessionClosedTest {

    private final AggregateTestFixture<TreatmentSession> fixture = SessionFixture.create();
    private final SessionEnded ended = new SessionEnded(SESSION, CLIENT, SessionOutcome.COMPLETED, null);

    @Test
    void afterTheEndIsRefusedAsClosed() {
        fixture.given(sessionStarted(), ended)
                .when(new AdjustPressure(SESSION, BodyArea.BUTTOCKS, 1, PressureReason.CLIENT_REQUEST), asTherapist())
                .expectResultMessagePayloadMatching(Refusals.refusal(PrecautionRule.SESSION_CLOSED))
                .expectEventsMatching(Refusals.onlyBlocked(PrecautionRule.SESSION_CLOSED));
    }

    @Test
    void afterARevocationStoppedTheSessionIsRefusedAsClosed() {
        fixture.given(sessionStarted(), new SessionStoppedEarly(SESSION, CLIENT, StopCause.CLEARANCE_REVOKED,
                        "new MRI findings", CLEARANCE))
                .when(new AdjustPressure(SESSION, BodyArea.BUTTOCKS, 1, PressureReason.CLIENT_REQUEST), asTherapist())
                .expectEventsMatching(Refusals.onlyBlocked(PrecautionRule.SESSION_CLOSED));
    }

    @Test
    void aTechniqueAfterTheEndIsRefusedAsClosed() {
        fixture.given(sessionStarted(), ended)
                .when(new ApplyTechnique(SESSION, BodyArea.BUTTOCKS, Technique.KNEADING), asTherapist())
                .expectEventsMatching(Refusals.onlyBlocked(PrecautionRule.SESSION_CLOSED));
    }

    @Test
    void aClientResponseAfterTheEndIsRefusedAsClosed() {
        fixture.given(sessionStarted(), ended)
                .when(new RecordClientResponse(SESSION, BodyArea.BUTTOCKS, 3, false, null), asTherapist())
                .expectEventsMatching(Refusals.onlyBlocked(PrecautionRule.SESSION_CLOSED));
    }

    @Test
    void endingTwiceIsRefusedAsClosed() {
        fixture.given(sessionStarted(), ended)
                .when(new EndSession(SESSION, SessionOutcome.MODIFIED, null), asTherapist())
                .expectEventsMatching(Refusals.onlyBlocked(PrecautionRule.SESSION_CLOSED));
    }

    @Test
    void stoppingAnEndedSessionIsRefusedAsClosed() {
        fixture.given(sessionStarted(), ended)
                .when(new StopSessionEarly(SESSION, "pain"), asTherapist())
                .expectEventsMatching(Refusals.onlyBlocked(PrecautionRule.SESSION_CLOSED));
    }
}
