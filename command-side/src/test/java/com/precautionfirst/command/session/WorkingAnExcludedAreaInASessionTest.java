package com.precautionfirst.command.session;

import static com.precautionfirst.command.TestClients.SESSION;
import static com.precautionfirst.command.TestClients.asTherapist;
import static com.precautionfirst.command.TestClients.sessionStarted;

import com.precautionfirst.api.commands.AdjustPressure;
import com.precautionfirst.api.commands.ApplyTechnique;
import com.precautionfirst.api.vocabulary.BodyArea;
import com.precautionfirst.api.vocabulary.PrecautionRule;
import com.precautionfirst.api.vocabulary.PressureReason;
import com.precautionfirst.api.vocabulary.Technique;
import com.precautionfirst.command.Refusals;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

/** The clearance excludes the lower leg. */
class WorkingAnExcludedAreaInASessionTest {

    private final AggregateTestFixture<TreatmentSession> fixture = SessionFixture.create();

    @Test
    void pressureOnTheExcludedAreaIsRefused() {
        fixture.given(sessionStarted())
                .when(new AdjustPressure(SESSION, BodyArea.LOWER_LEG, 1, PressureReason.THERAPIST_JUDGEMENT),
                        asTherapist())
                .expectResultMessagePayloadMatching(Refusals.refusal(PrecautionRule.AREA_EXCLUDED))
                .expectEventsMatching(Refusals.onlyBlocked(PrecautionRule.AREA_EXCLUDED));
    }

    @Test
    void aTechniqueOnTheExcludedAreaIsRefused() {
        fixture.given(sessionStarted())
                .when(new ApplyTechnique(SESSION, BodyArea.LOWER_LEG, Technique.LIGHT_STROKING), asTherapist())
                .expectEventsMatching(Refusals.onlyBlocked(PrecautionRule.AREA_EXCLUDED));
    }
}
