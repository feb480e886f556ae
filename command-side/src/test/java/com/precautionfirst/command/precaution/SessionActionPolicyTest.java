package com.precautionfirst.command.precaution;

import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.api.vocabulary.BodyArea;
import com.precautionfirst.api.vocabulary.PrecautionRule;
import com.precautionfirst.api.vocabulary.Restrictions;
import com.precautionfirst.api.vocabulary.RuleViolation;
import com.precautionfirst.api.vocabulary.Technique;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionActionPolicyTest {

    private final Restrictions restrictions = new Restrictions(Set.of(BodyArea.LOWER_LEG),
            Map.of(BodyArea.LOWER_BACK, 2, BodyArea.LOWER_LEG, 1), Set.of(Technique.DEEP_VIBRATION));

    private static List<PrecautionRule> rules(List<RuleViolation> violations) {
        return violations.stream().map(RuleViolation::rule).toList();
    }

    @Test
    void pressureWithinTheLimitBreaksNothing() {
        assertThat(SessionActionPolicy.adjustPressure(true, restrictions, BodyArea.LOWER_BACK, 2)).isEmpty();
    }

    @Test
    void pressureReportsEveryBrokenRule() {
        assertThat(rules(SessionActionPolicy.adjustPressure(true, restrictions, BodyArea.LOWER_BACK, 3)))
                .containsExactly(PrecautionRule.PRESSURE_ABOVE_LIMIT);
        assertThat(rules(SessionActionPolicy.adjustPressure(false, restrictions, BodyArea.LOWER_LEG, 2)))
                .containsExactly(PrecautionRule.SESSION_CLOSED, PrecautionRule.AREA_EXCLUDED,
                        PrecautionRule.PRESSURE_ABOVE_LIMIT);
    }

    @Test
    void techniquesReportEveryBrokenRule() {
        assertThat(SessionActionPolicy.applyTechnique(true, restrictions, BodyArea.BUTTOCKS, Technique.KNEADING))
                .isEmpty();
        assertThat(rules(SessionActionPolicy.applyTechnique(true, restrictions, BodyArea.LOWER_LEG,
                Technique.DEEP_VIBRATION)))
                .containsExactly(PrecautionRule.AREA_EXCLUDED, PrecautionRule.TECHNIQUE_PROHIBITED);
    }

    @Test
    void aClosedSessionTakesNothing() {
        assertThat(SessionActionPolicy.requireOpen(true)).isEmpty();
        assertThat(rules(SessionActionPolicy.requireOpen(false))).containsExactly(PrecautionRule.SESSION_CLOSED);
    }
}
