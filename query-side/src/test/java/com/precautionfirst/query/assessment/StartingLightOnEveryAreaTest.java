package com.precautionfirst.query.assessment;

import static com.precautionfirst.api.vocabulary.BodyArea.BUTTOCKS;
import static com.precautionfirst.api.vocabulary.BodyArea.LOWER_BACK;
import static com.precautionfirst.api.vocabulary.BodyArea.PIRIFORMIS;
import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.query.assessment.PrecautionAssessment.CheckName;
import com.precautionfirst.query.assessment.PrecautionAssessment.Evidence;
import com.precautionfirst.query.assessment.PrecautionAssessment.Status;
import org.junit.jupiter.api.Test;

class StartingLightOnEveryAreaTest extends AssessmentFixture {

    @Test
    void lightFirstPressureOnEachAreaMeetsTheCheckEvenWhenItIsRaisedLater() {
        session().pressure(LOWER_BACK, 1).pressure(BUTTOCKS, 2).pressure(BUTTOCKS, 4).ended();

        assertThat(check(CheckName.STARTED_LIGHT).status()).isEqualTo(Status.MET);
        assertThat(check(CheckName.STARTED_LIGHT).evidence()).extracting(Evidence::sequence).containsExactly(1L, 2L);
    }

    @Test
    void aFirmFirstPressureOnOneAreaFlagsTheCheckNamingThatEvent() {
        session().pressure(LOWER_BACK, 1).pressure(PIRIFORMIS, 3).ended();

        var startedLight = check(CheckName.STARTED_LIGHT);
        assertThat(startedLight.status()).isEqualTo(Status.FLAGGED);
        assertThat(startedLight.evidence()).containsExactly(new Evidence(SESSION, 2,
                "first pressure on PIRIFORMIS was 3, above light (2)"));
        assertThat(assessment().overall()).isEqualTo(PrecautionAssessment.Overall.FLAGGED);
    }

    @Test
    void aSessionWithoutPressureIsNotApplicable() {
        session().stoppedEarly();

        assertThat(check(CheckName.STARTED_LIGHT).status()).isEqualTo(Status.NOT_APPLICABLE);
    }
}
