package com.precautionfirst.command.session;

import static com.precautionfirst.command.TestClients.CLIENT;
import static com.precautionfirst.command.TestClients.SESSION;
import static com.precautionfirst.command.TestClients.asOtherTherapist;
import static com.precautionfirst.command.TestClients.asTherapist;
import static com.precautionfirst.command.TestClients.sessionStarted;

import com.precautionfirst.api.commands.AmendEntry;
import com.precautionfirst.api.events.EntryAmended;
import com.precautionfirst.api.events.PressureAdjusted;
import com.precautionfirst.api.events.SessionEnded;
import com.precautionfirst.api.vocabulary.BodyArea;
import com.precautionfirst.api.vocabulary.PressureReason;
import com.precautionfirst.api.vocabulary.SessionOutcome;
import com.precautionfirst.command.domain.InvalidCommandException;
import com.precautionfirst.command.domain.NotPermittedException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

/** Entries are named by their sequence number in the session stream: 0 is SessionStarted. */
class AmendingAnEntryTest {

    private final AggregateTestFixture<TreatmentSession> fixture = SessionFixture.create();
    private final PressureAdjusted pressure =
            new PressureAdjusted(SESSION, CLIENT, BodyArea.BUTTOCKS, 2, PressureReason.THERAPIST_JUDGEMENT);

    @Test
    void appendsACorrectionAndLeavesTheOriginal() {
        fixture.given(sessionStarted(), pressure)
                .when(new AmendEntry(SESSION, 1, "the area was PIRIFORMIS", "wrong area picked"), asTherapist())
                .expectEvents(new EntryAmended(SESSION, CLIENT, 1, "the area was PIRIFORMIS", "wrong area picked"));
    }

    @Test
    void isAcceptedAfterTheSessionEnded() {
        fixture.given(sessionStarted(), pressure, new SessionEnded(SESSION, CLIENT, SessionOutcome.COMPLETED, null))
                .when(new AmendEntry(SESSION, 2, "ended MODIFIED", "outcome mistyped"), asTherapist())
                .expectEvents(new EntryAmended(SESSION, CLIENT, 2, "ended MODIFIED", "outcome mistyped"));
    }

    @Test
    void aSequenceBeyondTheStreamIsBadInput() {
        fixture.given(sessionStarted(), pressure)
                .when(new AmendEntry(SESSION, 2, "x", "y"), asTherapist())
                .expectException(InvalidCommandException.class)
                .expectNoEvents();
    }

    @Test
    void aNegativeSequenceIsBadInput() {
        fixture.given(sessionStarted())
                .when(new AmendEntry(SESSION, -1, "x", "y"), asTherapist())
                .expectException(InvalidCommandException.class)
                .expectNoEvents();
    }

    @Test
    void anotherTherapistMayNotAmend() {
        fixture.given(sessionStarted(), pressure)
                .when(new AmendEntry(SESSION, 1, "x", "y"), asOtherTherapist())
                .expectException(NotPermittedException.class)
                .expectNoEvents();
    }
}
