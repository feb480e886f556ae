package com.precautionfirst.command.session;

import static com.precautionfirst.command.TestClients.CLIENT;
import static com.precautionfirst.command.TestClients.SESSION;
import static com.precautionfirst.command.TestClients.asTherapist;
import static com.precautionfirst.command.TestClients.sessionStarted;

import com.precautionfirst.api.commands.AdjustPressure;
import com.precautionfirst.api.events.PressureAdjusted;
import com.precautionfirst.api.vocabulary.BodyArea;
import com.precautionfirst.api.vocabulary.PrecautionRule;
import com.precautionfirst.api.vocabulary.PressureReason;
import com.precautionfirst.command.Refusals;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

/** The clearance allows at most 2 on the lower back and 3 on the piriformis. */
class PressureAboveTheClearedLimitTest {

    private final AggregateTestFixture<TreatmentSession> fixture = SessionFixture.create();

    @Test
    void isRefusedAndRecorded() {
        fixture.given(sessionStarted())
                .when(new AdjustPressure(SESSION, BodyArea.LOWER_BACK, 3, PressureReason.THERAPIST_JUDGEMENT),
                        asTherapist())
                .expectResultMessagePayloadMatching(Refusals.refusal(PrecautionRule.PRESSURE_ABOVE_LIMIT))
                .expectEventsMatching(Refusals.onlyBlocked(PrecautionRule.PRESSURE_ABOVE_LIMIT));
    }

    @Test
    void pressureAtTheLimitIsAllowed() {
        fixture.given(sessionStarted())
                .when(new AdjustPressure(SESSION, BodyArea.PIRIFORMIS, 3, PressureReason.THERAPIST_JUDGEMENT),
                        asTherapist())
                .expectEvents(new PressureAdjusted(SESSION, CLIENT, BodyArea.PIRIFORMIS, 3,
                        PressureReason.THERAPIST_JUDGEMENT));
    }

    @Test
    void anAreaWithoutALimitTakesAnyLevel() {
        fixture.given(sessionStarted())
                .when(new AdjustPressure(SESSION, BodyArea.BUTTOCKS, 5, PressureReason.CLIENT_REQUEST), asTherapist())
                .expectEvents(new PressureAdjusted(SESSION, CLIENT, BodyArea.BUTTOCKS, 5, PressureReason.CLIENT_REQUEST));
    }
}
