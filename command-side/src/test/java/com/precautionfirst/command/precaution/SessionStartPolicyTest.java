package com.precautionfirst.command.precaution;

import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.api.vocabulary.BodyArea;
import com.precautionfirst.api.vocabulary.PrecautionRule;
import com.precautionfirst.api.vocabulary.Restrictions;
import com.precautionfirst.api.vocabulary.RuleViolation;
import com.precautionfirst.api.vocabulary.Technique;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionStartPolicyTest {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 25);
    private final OpenCondition sciatica = new OpenCondition("sciatica", "M54.16", true);
    private final OpenCondition piriformis = new OpenCondition("piriformis", "G57.01", true);
    private final OpenCondition neck = new OpenCondition("neck", "M54.2", false);
    private final Restrictions noLowerLeg = new Restrictions(Set.of(BodyArea.LOWER_LEG), Map.of(), Set.of());

    private ClearanceOnFile clearance(String id, LocalDate from, LocalDate until, Restrictions r, String... covers) {
        return new ClearanceOnFile(id, Set.of(covers), from, until, r, false);
    }

    private List<PrecautionRule> rules(SessionStartDecision decision) {
        return decision.violations().stream().map(RuleViolation::rule).toList();
    }

    @Test
    void noConditionsNoClearanceNeeded() {
        SessionStartDecision decision = SessionStartPolicy.decide(List.of(), List.of(), DAY, List.of(BodyArea.LOWER_BACK));
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.clearanceId()).isNull();
        assertThat(decision.restrictions()).isEqualTo(Restrictions.NONE);
    }

    @Test
    void eachUnclearedConditionIsReportedAndEveryExcludedPlannedArea() {
        ClearanceOnFile forSciatica = clearance("c1", DAY, DAY, noLowerLeg, "sciatica");
        SessionStartDecision decision = SessionStartPolicy.decide(List.of(sciatica, piriformis, neck),
                List.of(forSciatica), DAY, List.of(BodyArea.LOWER_LEG, BodyArea.LOWER_BACK, BodyArea.LOWER_LEG));
        assertThat(rules(decision)).containsExactly(PrecautionRule.CLEARANCE_MISSING, PrecautionRule.AREA_EXCLUDED);
        assertThat(decision.violations().get(0).message()).contains("piriformis");
    }

    @Test
    void theMostRecentClearanceGivesTheReason() {
        ClearanceOnFile revoked = clearance("c1", DAY.minusDays(9), DAY.plusDays(9), Restrictions.NONE, "sciatica")
                .revoke();
        ClearanceOnFile expired = clearance("c2", DAY.minusDays(9), DAY.minusDays(1), Restrictions.NONE, "sciatica");
        assertThat(rules(SessionStartPolicy.decide(List.of(sciatica), List.of(revoked, expired), DAY, List.of())))
                .containsExactly(PrecautionRule.CLEARANCE_EXPIRED);
        assertThat(rules(SessionStartPolicy.decide(List.of(sciatica), List.of(expired, revoked), DAY, List.of())))
                .containsExactly(PrecautionRule.CLEARANCE_REVOKED);
    }

    @Test
    void restrictionsOfAClearanceForAConditionThatNeedsNoneStillApply() {
        ClearanceOnFile forNeck = clearance("c1", DAY, DAY, new Restrictions(Set.of(), Map.of(BodyArea.NECK_SHOULDERS, 1),
                Set.of(Technique.STRETCHING)), "neck");
        SessionStartDecision decision = SessionStartPolicy.decide(List.of(neck), List.of(forNeck), DAY, List.of());
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.clearanceId()).isNull();
        assertThat(decision.coveringClearanceIds()).containsExactly("c1");
        assertThat(decision.restrictions().prohibitedTechniques()).containsExactly(Technique.STRETCHING);
    }

    @Test
    void aRevokedOrExpiredClearanceNoLongerRestrictsNorCovers() {
        ClearanceOnFile revoked = clearance("c1", DAY, DAY, noLowerLeg, "neck").revoke();
        SessionStartDecision decision = SessionStartPolicy.decide(List.of(neck), List.of(revoked), DAY,
                List.of(BodyArea.LOWER_LEG));
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.coveringClearanceIds()).isEmpty();
    }
}
