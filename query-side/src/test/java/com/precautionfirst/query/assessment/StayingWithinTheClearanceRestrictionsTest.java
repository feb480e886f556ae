package com.precautionfirst.query.assessment;

import static com.precautionfirst.api.vocabulary.BodyArea.LOWER_BACK;
import static com.precautionfirst.api.vocabulary.BodyArea.POSTERIOR_THIGH;
import static com.precautionfirst.api.vocabulary.BodyArea.SACRUM_EDGE;
import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.api.vocabulary.Restrictions;
import com.precautionfirst.query.ClientStory;
import com.precautionfirst.api.vocabulary.Technique;
import com.precautionfirst.query.assessment.PrecautionAssessment.CheckName;
import com.precautionfirst.query.assessment.PrecautionAssessment.Evidence;
import com.precautionfirst.query.assessment.PrecautionAssessment.Overall;
import com.precautionfirst.query.assessment.PrecautionAssessment.Status;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StayingWithinTheClearanceRestrictionsTest extends AssessmentFixture {

    @Test
    void blockedAttemptsAreCountedAndListedWithoutFlaggingTheSession() {
        session().pressure(LOWER_BACK, 2).blockedPressure(LOWER_BACK, 4).blockedPressure(SACRUM_EDGE, 5)
                .technique(LOWER_BACK, Technique.KNEADING).ended();

        var within = check(CheckName.WITHIN_RESTRICTIONS);
        assertThat(within.status()).isEqualTo(Status.MET);
        assertThat(within.blockedAttempts()).isEqualTo(2);
        assertThat(within.evidence()).extracting(Evidence::sequence).containsExactly(2L, 3L);
        assertThat(within.evidence().get(0).detail()).contains("AdjustPressure", "PRESSURE_ABOVE_LIMIT");
        assertThat(assessment().overall()).isEqualTo(Overall.PRECAUTIONS_MET);
    }

    @Test
    void anAcceptedPressureAboveTheSessionsLimitFlagsTheCheck() {
        session().pressure(SACRUM_EDGE, 2).pressure(SACRUM_EDGE, 3).ended();

        var within = check(CheckName.WITHIN_RESTRICTIONS);
        assertThat(within.status()).isEqualTo(Status.FLAGGED);
        assertThat(within.evidence()).containsExactly(new Evidence(SESSION, 2,
                "pressure 3 on SACRUM_EDGE above the limit 2"));
        assertThat(within.blockedAttempts()).isZero();
    }

    @Test
    void aProhibitedTechniqueOrAnExcludedAreaFlagsTheCheck() {
        session().technique(LOWER_BACK, Technique.DEEP_VIBRATION).pressure(POSTERIOR_THIGH, 1).ended();

        var within = check(CheckName.WITHIN_RESTRICTIONS);
        assertThat(within.status()).isEqualTo(Status.FLAGGED);
        assertThat(within.evidence()).extracting(Evidence::sequence).containsExactly(1L, 2L);
    }

    @Test
    void theRestrictionsJudgedAreThoseTheSessionStartedWith() {
        story.session(CLIENT, SESSION, ClientStory.CLEARANCE, Restrictions.NONE, Instant.now())
                .technique(LOWER_BACK, Technique.DEEP_VIBRATION).ended();

        assertThat(check(CheckName.WITHIN_RESTRICTIONS).status()).isEqualTo(Status.NOT_APPLICABLE);
    }

}
