package com.precautionfirst.command.client;

import static com.precautionfirst.command.TestClients.CLIENT;
import static com.precautionfirst.command.TestClients.THERAPIST;
import static com.precautionfirst.command.TestClients.asAdmin;
import static com.precautionfirst.command.TestClients.asTherapist;
import static com.precautionfirst.command.TestClients.maria;

import com.precautionfirst.api.commands.AssignTherapist;
import com.precautionfirst.api.commands.RecordInsurance;
import com.precautionfirst.api.events.InsuranceRecorded;
import com.precautionfirst.api.events.TherapistAssigned;
import com.precautionfirst.command.domain.InvalidCommandException;
import com.precautionfirst.command.domain.NotPermittedException;
import org.junit.jupiter.api.Test;

class AssigningATherapistAndRecordingInsuranceTest {

    private final ClientRecordFixture given = new ClientRecordFixture();

    @Test
    void theAdminAssignsATherapist() {
        given.fixture.given(maria().events())
                .when(new AssignTherapist(CLIENT, "therapist-b"), asAdmin())
                .expectEvents(new TherapistAssigned(CLIENT, "therapist-b"));
    }

    @Test
    void assigningAnAssignedTherapistAgainChangesNothing() {
        given.fixture.given(maria().events())
                .when(new AssignTherapist(CLIENT, THERAPIST), asAdmin())
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void onlyATherapistOfTheClinicCanBeAssigned() {
        given.fixture.given(maria().events())
                .when(new AssignTherapist(CLIENT, "auditor"), asAdmin())
                .expectException(InvalidCommandException.class)
                .expectExceptionMessage("therapistId is not a therapist of this clinic")
                .expectNoEvents();
    }

    @Test
    void aTherapistMayNotAssignTherapists() {
        given.fixture.given(maria().events())
                .when(new AssignTherapist(CLIENT, "therapist-b"), asTherapist())
                .expectException(NotPermittedException.class)
                .expectNoEvents();
    }

    @Test
    void theAdminRecordsInsuranceAndConsent() {
        given.fixture.given(maria().events())
                .when(new RecordInsurance(CLIENT, "INS-X", "POL-123", true), asAdmin())
                .expectEvents(new InsuranceRecorded(CLIENT, "INS-X", "POL-123", true));
    }

    @Test
    void aTherapistMayNotRecordInsurance() {
        given.fixture.given(maria().events())
                .when(new RecordInsurance(CLIENT, "INS-X", "POL-123", true), asTherapist())
                .expectException(NotPermittedException.class)
                .expectNoEvents();
    }
}
