package com.precautionfirst.command.session;

import static com.precautionfirst.command.TestClients.CLIENT;
import static com.precautionfirst.command.TestClients.SESSION;
import static com.precautionfirst.command.TestClients.SESSION_TIME;
import static com.precautionfirst.command.TestClients.THERAPIST;
import static com.precautionfirst.command.TestClients.asTherapist;
import static com.precautionfirst.command.TestClients.sessionStarted;

import com.precautionfirst.api.commands.AdjustPressure;
import com.precautionfirst.api.commands.ApplyTechnique;
import com.precautionfirst.api.events.SessionEnded;
import com.precautionfirst.api.events.SessionStarted;
import com.precautionfirst.api.vocabulary.BodyArea;
import com.precautionfirst.api.vocabulary.PrecautionRule;
import com.precautionfirst.api.vocabulary.PressureReason;
import com.precautionfirst.api.vocabulary.Restrictions;
import com.precautionfirst.api.vocabulary.SessionOutcome;
import com.precautionfirst.api.vocabulary.Technique;
import com.precautionfirst.command.Refusals;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

class BreakingSeveralRulesAtOnceTest {

    private final AggregateTestFixture<TreatmentSession> fixture = SessionFixture.create();
    /** A clearance that both excludes the lower back and limits its pressure (two professionals' restrictions). */
    private final SessionStarted strict = new SessionStarted(SESSION, CLIENT, THERAPIST, List.of(BodyArea.BUTTOCKS),
            SESSION_TIME, "c1", List.of("c1", "c2"), new Restrictions(Set.of(BodyArea.LOWER_BACK),
            Map.of(BodyArea.LOWER_BACK, 1), Set.of(Technique.DEEP_VIBRATION)));

    @Test
    void pressureAboveTheLimitOnAnExcludedAreaNamesBothRulesInOneBlock() {
        fixture.given(strict)
                .when(new AdjustPressure(SESSION, BodyArea.LOWER_BACK, 4, PressureReason.THERAPIST_JUDGEMENT),
                        asTherapist())
                .expectResultMessagePayloadMatching(
                        Refusals.refusal(PrecautionRule.AREA_EXCLUDED, PrecautionRule.PRESSURE_ABOVE_LIMIT))
                .expectEventsMatching(
                        Refusals.onlyBlocked(PrecautionRule.AREA_EXCLUDED, PrecautionRule.PRESSURE_ABOVE_LIMIT));
    }

    @Test
    void aProhibitedTechniqueOnAnExcludedAreaAfterTheEndNamesAllThree() {
        fixture.given(strict, new SessionEnded(SESSION, CLIENT, SessionOutcome.COMPLETED, null))
                .when(new ApplyTechnique(SESSION, BodyArea.LOWER_BACK, Technique.DEEP_VIBRATION), asTherapist())
                .expectEventsMatching(Refusals.onlyBlocked(PrecautionRule.SESSION_CLOSED,
                        PrecautionRule.AREA_EXCLUDED, PrecautionRule.TECHNIQUE_PROHIBITED));
    }

    @Test
    void pressureAboveTheLimitAfterTheEndNamesBoth() {
        fixture.given(sessionStarted(), new SessionEnded(SESSION, CLIENT, SessionOutcome.COMPLETED, null))
                .when(new AdjustPressure(SESSION, BodyArea.LOWER_BACK, 5, PressureReason.THERAPIST_JUDGEMENT),
                        asTherapist())
                .expectEventsMatching(Refusals.onlyBlocked(PrecautionRule.SESSION_CLOSED,
                        PrecautionRule.PRESSURE_ABOVE_LIMIT));
    }
}
