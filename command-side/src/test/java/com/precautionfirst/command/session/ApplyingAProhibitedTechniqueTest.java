package com.precautionfirst.command.session;

import static com.precautionfirst.command.TestClients.CLIENT;
import static com.precautionfirst.command.TestClients.SESSION;
import static com.precautionfirst.command.TestClients.THERAPIST;
import static com.precautionfirst.command.TestClients.asTherapist;
import static com.precautionfirst.command.TestClients.sessionStarted;

import com.precautionfirst.api.commands.ApplyTechnique;
import com.precautionfirst.api.events.PrecautionBlocked;
import com.precautionfirst.api.events.TechniqueApplied;
import com.precautionfirst.api.vocabulary.BodyArea;
import com.precautionfirst.api.vocabulary.PrecautionRule;
import com.precautionfirst.api.vocabulary.Role;
import com.precautionfirst.api.vocabulary.RuleViolation;
import com.precautionfirst.api.vocabulary.Technique;
import com.precautionfirst.command.Refusals;
import java.util.List;
import java.util.Map;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

/** The clearance prohibits deep vibration. */
class ApplyingAProhibitedTechniqueTest {

    private final AggregateTestFixture<TreatmentSession> fixture = SessionFixture.create();

    @Test
    void deepVibrationOnTheLowerBackIsRefusedAndRecordedWithWhoAndWhat() {
        fixture.given(sessionStarted())
                .when(new ApplyTechnique(SESSION, BodyArea.LOWER_BACK, Technique.DEEP_VIBRATION), asTherapist())
                .expectResultMessagePayloadMatching(Refusals.refusal(PrecautionRule.TECHNIQUE_PROHIBITED))
                .expectEvents(new PrecautionBlocked(CLIENT, SESSION, "ApplyTechnique",
                        Map.of("area", "LOWER_BACK", "technique", "DEEP_VIBRATION"),
                        List.of(new RuleViolation(PrecautionRule.TECHNIQUE_PROHIBITED,
                                "The clearance prohibits DEEP_VIBRATION.")),
                        THERAPIST, Role.THERAPIST));
    }

    @Test
    void anAllowedTechniqueIsApplied() {
        fixture.given(sessionStarted())
                .when(new ApplyTechnique(SESSION, BodyArea.PIRIFORMIS, Technique.KNEADING), asTherapist())
                .expectEvents(new TechniqueApplied(SESSION, CLIENT, BodyArea.PIRIFORMIS, Technique.KNEADING));
    }
}
