package com.precautionfirst.command.session;

import static com.precautionfirst.command.TestClients.CLIENT;
import static com.precautionfirst.command.TestClients.SESSION;
import static com.precautionfirst.command.TestClients.asAdmin;
import static com.precautionfirst.command.TestClients.asOtherTherapist;
import static com.precautionfirst.command.TestClients.asTherapist;
import static com.precautionfirst.command.TestClients.sessionStarted;

import com.precautionfirst.api.commands.AdjustPressure;
import com.precautionfirst.api.commands.EndSession;
import com.precautionfirst.api.commands.RecordClientResponse;
import com.precautionfirst.api.commands.StopSessionEarly;
import com.precautionfirst.api.events.ClientResponseRecorded;
import com.precautionfirst.api.events.SessionEnded;
import com.precautionfirst.api.events.SessionStoppedEarly;
import com.precautionfirst.api.vocabulary.BodyArea;
import com.precautionfirst.api.vocabulary.PressureReason;
import com.precautionfirst.api.vocabulary.SessionOutcome;
import com.precautionfirst.api.vocabulary.StopCause;
import com.precautionfirst.command.domain.NotPermittedException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

/** Responses, ending and stopping, and who may run a session. */
class RunningASessionTest {

    private final AggregateTestFixture<TreatmentSession> fixture = SessionFixture.create();

    @Test
    void recordsRadiatingPain() {
        fixture.given(sessionStarted())
                .when(new RecordClientResponse(SESSION, BodyArea.PIRIFORMIS, 7, true, "pain down the left leg"),
                        asTherapist())
                .expectEvents(new ClientResponseRecorded(SESSION, CLIENT, BodyArea.PIRIFORMIS, 7, true,
                        "pain down the left leg"));
    }

    @Test
    void endsWithAModifiedPlan() {
        fixture.given(sessionStarted())
                .when(new EndSession(SESSION, SessionOutcome.MODIFIED, "lowered pressure"), asTherapist())
                .expectEvents(new SessionEnded(SESSION, CLIENT, SessionOutcome.MODIFIED, "lowered pressure"));
    }

    @Test
    void stopsEarlyByTheTherapistsDecision() {
        fixture.given(sessionStarted())
                .when(new StopSessionEarly(SESSION, "pain radiating below the knee"), asTherapist())
                .expectEvents(new SessionStoppedEarly(SESSION, CLIENT, StopCause.THERAPIST_DECISION,
                        "pain radiating below the knee", null));
    }

    @Test
    void anotherTherapistMayNotRunIt() {
        fixture.given(sessionStarted())
                .when(new AdjustPressure(SESSION, BodyArea.BUTTOCKS, 1, PressureReason.CLIENT_REQUEST),
                        asOtherTherapist())
                .expectException(NotPermittedException.class)
                .expectNoEvents();
    }

    @Test
    void theAdminMayNotRunIt() {
        fixture.given(sessionStarted())
                .when(new EndSession(SESSION, SessionOutcome.COMPLETED, null), asAdmin())
                .expectException(NotPermittedException.class)
                .expectNoEvents();
    }

    @Test
    void anUnknownSessionIsNotFound() {
        fixture.givenNoPriorActivity()
                .when(new EndSession(SESSION, SessionOutcome.COMPLETED, null), asTherapist())
                .expectException(AggregateNotFoundException.class);
    }
}
