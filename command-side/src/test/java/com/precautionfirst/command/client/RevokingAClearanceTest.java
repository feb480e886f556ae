package com.precautionfirst.command.client;

import static com.precautionfirst.command.TestClients.CLEARANCE;
import static com.precautionfirst.command.TestClients.CLIENT;
import static com.precautionfirst.command.TestClients.asAdmin;
import static com.precautionfirst.command.TestClients.asTherapist;
import static com.precautionfirst.command.TestClients.maria;

import com.precautionfirst.api.commands.RevokeClearance;
import com.precautionfirst.api.events.ClearanceRevoked;
import com.precautionfirst.command.domain.InvalidCommandException;
import com.precautionfirst.command.domain.NotPermittedException;
import org.junit.jupiter.api.Test;

class RevokingAClearanceTest {

    private final ClientRecordFixture given = new ClientRecordFixture();

    @Test
    void theAdminRevokesIt() {
        given.fixture.given(maria().withSciatica().cleared().events())
                .when(new RevokeClearance(CLIENT, CLEARANCE, "new MRI findings"), asAdmin())
                .expectEvents(new ClearanceRevoked(CLIENT, CLEARANCE, "new MRI findings"));
    }

    @Test
    void anUnknownClearanceIsBadInput() {
        given.fixture.given(maria().withSciatica().cleared().events())
                .when(new RevokeClearance(CLIENT, "unknown", "why"), asAdmin())
                .expectException(InvalidCommandException.class)
                .expectNoEvents();
    }

    @Test
    void aRevokedClearanceCannotBeRevokedAgain() {
        given.fixture.given(maria().withSciatica().cleared().revoked(CLEARANCE).events())
                .when(new RevokeClearance(CLIENT, CLEARANCE, "again"), asAdmin())
                .expectException(InvalidCommandException.class)
                .expectNoEvents();
    }

    @Test
    void aTherapistMayNotRevoke() {
        given.fixture.given(maria().withSciatica().cleared().events())
                .when(new RevokeClearance(CLIENT, CLEARANCE, "why"), asTherapist())
                .expectException(NotPermittedException.class)
                .expectNoEvents();
    }
}
