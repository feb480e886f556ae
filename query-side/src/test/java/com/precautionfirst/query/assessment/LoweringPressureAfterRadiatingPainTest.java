package com.precautionfirst.query.assessment;

import static com.precautionfirst.api.vocabulary.BodyArea.LOWER_BACK;
import static com.precautionfirst.api.vocabulary.BodyArea.PIRIFORMIS;
import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.api.vocabulary.PressureReason;
import com.precautionfirst.query.assessment.PrecautionAssessment.CheckName;
import com.precautionfirst.query.assessment.PrecautionAssessment.Evidence;
import com.precautionfirst.query.assessment.PrecautionAssessment.Overall;
import com.precautionfirst.query.assessment.PrecautionAssessment.Status;
import org.junit.jupiter.api.Test;

class LoweringPressureAfterRadiatingPainTest extends AssessmentFixture {

    @Test
    void lowerPressureOnTheAreaAfterRadiatingPainMeetsTheCheck() {
        session().pressure(PIRIFORMIS, 2).pressure(PIRIFORMIS, 3).response(PIRIFORMIS, 4, true)
                .pressure(PIRIFORMIS, 1, PressureReason.CLIENT_SENSITIVITY).ended();

        assertThat(check(CheckName.RESPONSIVE).status()).isEqualTo(Status.MET);
        assertThat(assessment().overall()).isEqualTo(Overall.PRECAUTIONS_MET);
    }

    @Test
    void aResponseFollowedByPressureThatWasNotLowerFlagsBothEvents() {
        session().pressure(PIRIFORMIS, 2).response(PIRIFORMIS, 7, false).pressure(PIRIFORMIS, 2).ended();

        var responsive = check(CheckName.RESPONSIVE);
        assertThat(responsive.status()).isEqualTo(Status.FLAGGED);
        assertThat(responsive.evidence()).extracting(Evidence::sequence).containsExactly(2L, 3L);
        assertThat(assessment().overall()).isEqualTo(Overall.FLAGGED);
    }

    @Test
    void pressureElsewhereDoesNotAnswerAResponseOnTheArea() {
        session().pressure(PIRIFORMIS, 2).response(PIRIFORMIS, 8, true).pressure(LOWER_BACK, 1)
                .pressure(PIRIFORMIS, 2).ended();

        assertThat(check(CheckName.RESPONSIVE).status()).isEqualTo(Status.FLAGGED);
    }

    @Test
    void stoppingAfterTheResponseWithoutFurtherPressureThereMeetsTheCheck() {
        session().pressure(PIRIFORMIS, 2).response(PIRIFORMIS, 9, true).stoppedEarly();

        assertThat(check(CheckName.RESPONSIVE).status()).isEqualTo(Status.MET);
    }

    @Test
    void mildSensitivityWithoutRadiatingPainIsNotApplicable() {
        session().pressure(PIRIFORMIS, 2).response(PIRIFORMIS, 5, false).pressure(PIRIFORMIS, 3).ended();

        assertThat(check(CheckName.RESPONSIVE).status()).isEqualTo(Status.NOT_APPLICABLE);
    }

    @Test
    void anOpenSessionAwaitingTheNextPressureIsInProgressNotFlagged() {
        session().pressure(PIRIFORMIS, 2).response(PIRIFORMIS, 7, true);

        assertThat(check(CheckName.RESPONSIVE).status()).isEqualTo(Status.MET);
        assertThat(assessment().overall()).isEqualTo(Overall.IN_PROGRESS);
    }
}
