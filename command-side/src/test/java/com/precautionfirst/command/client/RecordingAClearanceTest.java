package com.precautionfirst.command.client;

import static com.precautionfirst.command.TestClients.CLEARANCE;
import static com.precautionfirst.command.TestClients.CLIENT;
import static com.precautionfirst.command.TestClients.PHYSIOTHERAPIST;
import static com.precautionfirst.command.TestClients.RESTRICTIONS;
import static com.precautionfirst.command.TestClients.SCIATICA;
import static com.precautionfirst.command.TestClients.TODAY;
import static com.precautionfirst.command.TestClients.asAdmin;
import static com.precautionfirst.command.TestClients.asTherapist;
import static com.precautionfirst.command.TestClients.maria;

import com.precautionfirst.api.commands.RecordClearance;
import com.precautionfirst.api.events.ClearanceRecorded;
import com.precautionfirst.api.events.ConditionResolved;
import com.precautionfirst.command.domain.CommandOutcome;
import com.precautionfirst.command.domain.InvalidCommandException;
import com.precautionfirst.command.domain.NotPermittedException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordingAClearanceTest {

    private final ClientRecordFixture given = new ClientRecordFixture();
    private final String sha = "a".repeat(64);

    private RecordClearance clearing(List<String> conditionIds) {
        return new RecordClearance(CLIENT, CLEARANCE, conditionIds, PHYSIOTHERAPIST, TODAY, TODAY.plusMonths(6),
                "L5-S1 disc protrusion, left S1 root", RESTRICTIONS, sha);
    }

    @Test
    void theAdminRecordsAProfessionalsClearanceForOpenConditions() {
        given.fixture.given(maria().withSciatica().events())
                .when(clearing(List.of(SCIATICA)), asAdmin())
                .expectResultMessagePayload(CommandOutcome.accepted())
                .expectEvents(new ClearanceRecorded(CLIENT, CLEARANCE, List.of(SCIATICA), PHYSIOTHERAPIST, TODAY,
                        TODAY.plusMonths(6), "L5-S1 disc protrusion, left S1 root", RESTRICTIONS, sha));
    }

    @Test
    void aConditionThatIsNotOpenCannotBeCleared() {
        given.fixture.given(maria().withSciatica().events())
                .andGiven(new ConditionResolved(CLIENT, SCIATICA, "healed"))
                .when(clearing(List.of(SCIATICA)), asAdmin())
                .expectException(InvalidCommandException.class)
                .expectNoEvents();
    }

    @Test
    void anUnknownConditionCannotBeCleared() {
        given.fixture.given(maria().withSciatica().events())
                .when(clearing(List.of(SCIATICA, "unknown")), asAdmin())
                .expectException(InvalidCommandException.class)
                .expectNoEvents();
    }

    @Test
    void aTherapistMayNotRecordAClearance() {
        given.fixture.given(maria().withSciatica().events())
                .when(clearing(List.of(SCIATICA)), asTherapist())
                .expectException(NotPermittedException.class)
                .expectNoEvents();
    }
}
