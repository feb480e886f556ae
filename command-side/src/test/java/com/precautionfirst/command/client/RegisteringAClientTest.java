package com.precautionfirst.command.client;

import static com.precautionfirst.command.TestClients.CLIENT;
import static com.precautionfirst.command.TestClients.asAdmin;

import com.precautionfirst.api.commands.RegisterClient;
import com.precautionfirst.api.events.ClientRegistered;
import com.precautionfirst.command.domain.CommandOutcome;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class RegisteringAClientTest {

    private final ClientRecordFixture given = new ClientRecordFixture();
    private final LocalDate born = LocalDate.of(1978, 4, 12);

    @Test
    void opensTheRecord() {
        given.fixture.givenNoPriorActivity()
                .when(new RegisterClient(CLIENT, "Maria Keller", born), asAdmin())
                .expectResultMessagePayload(CommandOutcome.accepted())
                .expectEvents(new ClientRegistered(CLIENT, "Maria Keller", born));
    }

    @Test
    void aSecondRegistrationOfTheSameIdIsRefused() {
        given.fixture.given(new ClientRegistered(CLIENT, "Maria Keller", born))
                .when(new RegisterClient(CLIENT, "Someone Else", born), asAdmin())
                .expectException(ClientAlreadyRegisteredException.class)
                .expectNoEvents();
    }
}
