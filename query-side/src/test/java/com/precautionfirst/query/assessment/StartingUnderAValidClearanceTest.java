package com.precautionfirst.query.assessment;

import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.api.vocabulary.Restrictions;
import com.precautionfirst.query.ClientStory;
import com.precautionfirst.query.InMemoryRecord;
import com.precautionfirst.query.assessment.PrecautionAssessment.CheckName;
import com.precautionfirst.query.assessment.PrecautionAssessment.Status;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class StartingUnderAValidClearanceTest extends AssessmentFixture {

    @Test
    void theClearanceThatAllowedTheSessionIsNamedWithItsProfessional() {
        session().ended();

        var cleared = check(CheckName.CLEARED);
        assertThat(cleared.status()).isEqualTo(Status.MET);
        assertThat(cleared.evidence().get(0).streamId()).isEqualTo(CLIENT);
        assertThat(cleared.evidence().get(0).sequence()).isEqualTo(3);
        assertThat(cleared.evidence().get(0).detail())
                .contains(ClientStory.CLEARANCE, "Dr. Anna Berg", "PHYSIOTHERAPIST", "PT-4711", "L5-S1");
    }

    @Test
    void aSessionWithoutAnyConditionRequiringClearanceIsNotApplicable() {
        InMemoryRecord plain = new InMemoryRecord("tom");
        new ClientStory(plain).registered("tom")
                .session("tom", "tom-s1", null, Restrictions.NONE, Instant.now()).ended();

        assertThat(plain.session("tom-s1").assessment.check(CheckName.CLEARED).status())
                .isEqualTo(Status.NOT_APPLICABLE);
    }

    @Test
    void aClearanceRevokedBeforeTheStartFlagsTheCheck() {
        story.revoked(CLIENT, ClientStory.CLEARANCE);
        session().ended();

        var cleared = check(CheckName.CLEARED);
        assertThat(cleared.status()).isEqualTo(Status.FLAGGED);
        assertThat(cleared.evidence().get(0).detail()).contains("revoked");
        assertThat(assessment().overall()).isEqualTo(PrecautionAssessment.Overall.FLAGGED);
    }

    @Test
    void aClearanceExpiredOnTheSessionDateFlagsTheCheck() {
        story.clearance(CLIENT, "clr-old", LocalDate.of(2020, 1, 1), LocalDate.of(2020, 12, 31));
        story.session(CLIENT, SESSION, "clr-old", ClientStory.RESTRICTIONS, Instant.parse("2026-11-25T10:00:00Z"))
                .ended();

        assertThat(check(CheckName.CLEARED).status()).isEqualTo(Status.FLAGGED);
        assertThat(check(CheckName.CLEARED).evidence().get(0).detail()).contains("expired");
    }

    @Test
    void aClearanceThatIsNotOnTheRecordFlagsTheCheck() {
        story.session(CLIENT, SESSION, "clr-unknown", ClientStory.RESTRICTIONS, Instant.now()).ended();

        assertThat(check(CheckName.CLEARED).status()).isEqualTo(Status.FLAGGED);
    }
}
