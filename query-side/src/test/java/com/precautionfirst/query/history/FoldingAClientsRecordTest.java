package com.precautionfirst.query.history;

import static com.precautionfirst.api.vocabulary.BodyArea.LOWER_BACK;
import static com.precautionfirst.api.vocabulary.BodyArea.PIRIFORMIS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.precautionfirst.api.vocabulary.SessionStatus;
import com.precautionfirst.query.ClientStory;
import com.precautionfirst.query.InMemoryRecord;
import com.precautionfirst.query.projection.Documents;
import com.precautionfirst.query.recorded.Clearance;
import com.precautionfirst.query.session.SessionView;
import org.junit.jupiter.api.Test;

class FoldingAClientsRecordTest {

    private final InMemoryRecord record = new InMemoryRecord("maria");
    private final ClientStory story = new ClientStory(record).realisticClient("maria");

    @Test
    void theRecordHoldsConditionsClearanceTherapistsInsuranceAndRefusals() {
        story.insured("maria").sessionRefused("maria").revoked("maria", ClientStory.CLEARANCE);

        ClientRecord view = record.view();
        assertThat(view.conditions).extracting(c -> c.icd10Code).containsExactly("M54.16", "G57.01");
        assertThat(view.conditions).allMatch(c -> c.requiresClearance);
        Clearance clearance = view.clearances.get(0);
        assertThat(clearance.professional).isEqualTo(ClientStory.PHYSIO);
        assertThat(clearance.damageLocation).isEqualTo("L5-S1 disc protrusion, left S1 root");
        assertThat(clearance.restrictions).isEqualTo(ClientStory.RESTRICTIONS);
        assertThat(clearance.revocation.reason).isEqualTo("new MRI findings");
        assertThat(clearance.revocation.sequence).isEqualTo(7);
        assertThat(view.therapists).extracting(t -> t.therapistId).containsExactly("therapist-a");
        assertThat(view.insurance.get(0).insurerId).isEqualTo("INS-X");
        assertThat(view.refusals).singleElement().satisfies(r -> {
            assertThat(r.attemptedCommand).isEqualTo("StartSession");
            assertThat(r.by).isEqualTo("therapist-a");
            assertThat(r.role).isEqualTo("THERAPIST");
        });
    }

    @Test
    void aSessionTimelineKeepsEveryEventInOrderWithAmendmentsBesideTheEntryTheyCorrect() {
        story.session("maria", "maria-s1").pressure(LOWER_BACK, 2).response(PIRIFORMIS, 3, false)
                .amend(1, "pressure was on the left side").ended();

        SessionView session = record.session("maria-s1");
        assertThat(session.timeline).extracting(e -> e.sequence).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(session.timeline).extracting(e -> e.type).containsExactly("SessionStarted", "PressureAdjusted",
                "ClientResponseRecorded", "EntryAmended", "SessionEnded");
        assertThat(session.timeline).allSatisfy(e -> {
            assertThat(e.at).isNotNull();
            assertThat(e.by).isEqualTo("therapist-a");
            assertThat(e.role).isEqualTo("THERAPIST");
        });
        assertThat(session.timeline.get(1).amendments).singleElement()
                .satisfies(a -> assertThat(a.correction).isEqualTo("pressure was on the left side"));
        assertThat(session.status).isEqualTo(SessionStatus.ENDED);
        assertThat(session.pressureByArea).containsExactly(entry(LOWER_BACK, 2));
        assertThat(session.restrictions).isEqualTo(ClientStory.RESTRICTIONS);
    }

    @Test
    void theStoredDocumentRoundTripsToTheSameBytes() {
        story.session("maria", "maria-s1").pressure(PIRIFORMIS, 1).pressure(LOWER_BACK, 2)
                .blockedPressure(LOWER_BACK, 5).amend(1, "left").ended();

        byte[] written = record.history();
        byte[] rewritten = Documents.write(Documents.read(written, ClientHistoryView.class));

        assertThat(new String(rewritten)).isEqualTo(new String(written));
    }
}
