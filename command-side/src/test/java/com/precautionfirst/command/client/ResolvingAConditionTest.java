package com.precautionfirst.command.client;

import static com.precautionfirst.command.TestClients.CLIENT;
import static com.precautionfirst.command.TestClients.SCIATICA;
import static com.precautionfirst.command.TestClients.asAdmin;
import static com.precautionfirst.command.TestClients.asTherapist;
import static com.precautionfirst.command.TestClients.maria;

import com.precautionfirst.api.commands.ResolveCondition;
import com.precautionfirst.api.events.ConditionResolved;
import com.precautionfirst.command.domain.InvalidCommandException;
import com.precautionfirst.command.domain.NotPermittedException;
import org.junit.jupiter.api.Test;

class ResolvingAConditionTest {

    private final ClientRecordFixture given = new ClientRecordFixture();

    @Test
    void theAdminResolvesAnOpenCondition() {
        given.fixture.given(maria().withSciatica().events())
                .when(new ResolveCondition(CLIENT, SCIATICA, "symptom-free for 6 months"), asAdmin())
                .expectEvents(new ConditionResolved(CLIENT, SCIATICA, "symptom-free for 6 months"));
    }

    @Test
    void aTherapistMayNotLiftAClearanceRequirement() {
        given.fixture.given(maria().withSciatica().events())
                .when(new ResolveCondition(CLIENT, SCIATICA, "feels better"), asTherapist())
                .expectException(NotPermittedException.class)
                .expectNoEvents();
    }

    @Test
    void anUnknownConditionIsBadInput() {
        given.fixture.given(maria().withSciatica().events())
                .when(new ResolveCondition(CLIENT, "unknown", "note"), asAdmin())
                .expectException(InvalidCommandException.class)
                .expectNoEvents();
    }

    @Test
    void aResolvedConditionCannotBeResolvedAgain() {
        given.fixture.given(maria().withSciatica().events())
                .andGiven(new ConditionResolved(CLIENT, SCIATICA, "healed"))
                .when(new ResolveCondition(CLIENT, SCIATICA, "again"), asAdmin())
                .expectException(InvalidCommandException.class)
                .expectNoEvents();
    }
}
