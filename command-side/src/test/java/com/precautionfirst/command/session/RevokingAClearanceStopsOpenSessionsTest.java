package com.precautionfirst.command.session;

import static com.precautionfirst.command.TestClients.CLEARANCE;
import static com.precautionfirst.command.TestClients.CLIENT;
import static com.precautionfirst.command.TestClients.SESSION;
import static com.precautionfirst.command.TestClients.asAdmin;
import static com.precautionfirst.command.TestClients.sessionStarted;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.precautionfirst.api.commands.StopSessionForRevokedClearance;
import com.precautionfirst.api.events.ClearanceRevoked;
import com.precautionfirst.api.events.SessionEnded;
import com.precautionfirst.api.events.SessionStoppedEarly;
import com.precautionfirst.api.vocabulary.SessionOutcome;
import com.precautionfirst.api.vocabulary.StopCause;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

class RevokingAClearanceStopsOpenSessionsTest {

    private final AggregateTestFixture<TreatmentSession> fixture = SessionFixture.create();

    @Test
    void anOpenSessionStopsWithTheCauseClearanceRevoked() {
        fixture.given(sessionStarted())
                .when(new StopSessionForRevokedClearance(SESSION, CLIENT, CLEARANCE, "new MRI findings"), asAdmin())
                .expectEvents(new SessionStoppedEarly(SESSION, CLIENT, StopCause.CLEARANCE_REVOKED, "new MRI findings",
                        CLEARANCE));
    }

    @Test
    void aSessionThatAlreadyEndedHasNothingToStop() {
        fixture.given(sessionStarted(), new SessionEnded(SESSION, CLIENT, SessionOutcome.COMPLETED, null))
                .when(new StopSessionForRevokedClearance(SESSION, CLIENT, CLEARANCE, "new MRI findings"), asAdmin())
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aClearanceOfAnotherClientNeverStopsThisSession() {
        fixture.given(sessionStarted())
                .when(new StopSessionForRevokedClearance(SESSION, "another-client", CLEARANCE, "new MRI findings"),
                        asAdmin())
                .expectException(IllegalStateException.class)
                .expectNoEvents();
    }

    @Test
    void theRevocationSendsAStopForEveryOpenSessionRelyingOnTheClearanceWithTheRevokersMetadata() {
        JdbcTemplate jdbc = mock(JdbcTemplate.class);
        CommandGateway commands = mock(CommandGateway.class);
        when(jdbc.queryForList(any(String.class), eq(String.class), eq(CLIENT), eq(CLEARANCE)))
                .thenReturn(List.of("session-1", "session-2"));
        MetaData revoker = asAdmin();

        new RevocationStopsSessions(jdbc, commands)
                .on(new ClearanceRevoked(CLIENT, CLEARANCE, "new MRI findings"), revoker);

        verify(commands).sendAndWait(
                new StopSessionForRevokedClearance("session-1", CLIENT, CLEARANCE, "new MRI findings"), revoker);
        verify(commands).sendAndWait(
                new StopSessionForRevokedClearance("session-2", CLIENT, CLEARANCE, "new MRI findings"), revoker);
    }
}
