package com.precautionfirst.command.client;

import static com.precautionfirst.command.TestClients.CLIENT;
import static com.precautionfirst.command.TestClients.SCIATICA;
import static com.precautionfirst.command.TestClients.asAdmin;
import static com.precautionfirst.command.TestClients.asOtherTherapist;
import static com.precautionfirst.command.TestClients.asTherapist;
import static com.precautionfirst.command.TestClients.maria;

import com.precautionfirst.api.commands.DeclareCondition;
import com.precautionfirst.api.events.ConditionDeclared;
import com.precautionfirst.command.domain.CommandOutcome;
import com.precautionfirst.command.domain.InvalidCommandException;
import com.precautionfirst.command.domain.NotPermittedException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.junit.jupiter.api.Test;

class DeclaringAConditionTest {

    private final ClientRecordFixture given = new ClientRecordFixture();
    private final DeclareCondition tightMuscle =
            new DeclareCondition(CLIENT, "neck", "M62.83", "muscle spasm of the neck", true, "neck");

    @Test
    void theAdminDeclaresOne() {
        given.fixture.given(maria().events())
                .when(tightMuscle, asAdmin())
                .expectResultMessagePayload(CommandOutcome.accepted())
                .expectEvents(new ConditionDeclared(CLIENT, "neck", "M62.83", "muscle spasm of the neck", true, true,
                        "neck"));
    }

    @Test
    void anAssignedTherapistDeclaresOne() {
        given.fixture.given(maria().events())
                .when(tightMuscle, asTherapist())
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ConditionDeclared(CLIENT, "neck", "M62.83", "muscle spasm of the neck", true, true,
                        "neck"));
    }

    @Test
    void aTherapistNotAssignedToTheClientMayNot() {
        given.fixture.given(maria().events())
                .when(tightMuscle, asOtherTherapist())
                .expectException(NotPermittedException.class)
                .expectNoEvents();
    }

    @Test
    void aConditionIdIsUsedOnce() {
        given.fixture.given(maria().withSciatica().events())
                .when(new DeclareCondition(CLIENT, SCIATICA, "M54.5", "low back pain", false, null), asAdmin())
                .expectException(InvalidCommandException.class)
                .expectNoEvents();
    }

    @Test
    void anUnknownClientIsNotFound() {
        given.fixture.givenNoPriorActivity()
                .when(tightMuscle, asAdmin())
                .expectException(AggregateNotFoundException.class);
    }
}
