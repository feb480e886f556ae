package com.precautionfirst.command.client;

import static com.precautionfirst.command.TestClients.CLEARANCE;
import static com.precautionfirst.command.TestClients.CLIENT;
import static com.precautionfirst.command.TestClients.PLANNED;
import static com.precautionfirst.command.TestClients.RESTRICTIONS;
import static com.precautionfirst.command.TestClients.SCIATICA;
import static com.precautionfirst.command.TestClients.SESSION;
import static com.precautionfirst.command.TestClients.SESSION_TIME;
import static com.precautionfirst.command.TestClients.THERAPIST;
import static com.precautionfirst.command.TestClients.TODAY;
import static com.precautionfirst.command.TestClients.asTherapist;
import static com.precautionfirst.command.TestClients.maria;
import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.api.commands.StartSession;
import com.precautionfirst.api.vocabulary.PrecautionRule;
import com.precautionfirst.command.Refusals;
import org.junit.jupiter.api.Test;

class StartingASessionWithARevokedClearanceTest {

    private final ClientRecordFixture given = new ClientRecordFixture();

    @Test
    void isRefusedAsRevoked() {
        given.fixture.given(maria().withSciatica().cleared().revoked(CLEARANCE).events())
                .when(new StartSession(CLIENT, SESSION, THERAPIST, PLANNED, SESSION_TIME), asTherapist())
                .expectResultMessagePayloadMatching(Refusals.refusal(PrecautionRule.CLEARANCE_REVOKED))
                .expectEventsMatching(Refusals.onlyBlocked(PrecautionRule.CLEARANCE_REVOKED));
        assertThat(given.sessionEvents(SESSION)).isEmpty();
    }

    @Test
    void theLatestClearanceGivesTheReasonWhenNoneIsValid() {
        given.fixture.given(maria().withSciatica()
                        .withClearance("old", TODAY.minusYears(2), TODAY.minusYears(1), RESTRICTIONS, SCIATICA)
                        .cleared().revoked(CLEARANCE).events())
                .when(new StartSession(CLIENT, SESSION, THERAPIST, PLANNED, SESSION_TIME), asTherapist())
                .expectEventsMatching(Refusals.onlyBlocked(PrecautionRule.CLEARANCE_REVOKED));
    }
}
