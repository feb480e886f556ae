package com.precautionfirst.support.processing;

import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.api.events.ClientRegistered;
import com.precautionfirst.api.events.PressureAdjusted;
import com.precautionfirst.api.events.SessionEnded;
import com.precautionfirst.api.events.UserPasswordChanged;
import com.precautionfirst.api.vocabulary.BodyArea;
import com.precautionfirst.api.vocabulary.PressureReason;
import com.precautionfirst.api.vocabulary.SessionOutcome;
import java.time.LocalDate;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.Test;

class AClientsEventsStayInOneSequenceTest {

    private final ClientSequencingPolicy policy = new ClientSequencingPolicy();

    @Test
    void theClientsRecordAndItsSessionsShareOneSequence() {
        Object registered = policy.getSequenceIdentifierFor(new GenericDomainEventMessage<>("ClientRecord", "maria", 0,
                new ClientRegistered("maria", "Maria Keller", LocalDate.of(1978, 4, 12))));
        Object pressure = policy.getSequenceIdentifierFor(new GenericDomainEventMessage<>("TreatmentSession", "s-1", 3,
                new PressureAdjusted("s-1", "maria", BodyArea.LOWER_BACK, 2, PressureReason.CLIENT_REQUEST)));
        Object ended = policy.getSequenceIdentifierFor(new GenericDomainEventMessage<>("TreatmentSession", "s-1", 4,
                new SessionEnded("s-1", "maria", SessionOutcome.COMPLETED, null)));

        assertThat(registered).isEqualTo("maria").isEqualTo(pressure).isEqualTo(ended);
    }

    @Test
    void twoClientsMayBeHandledInParallel() {
        Object maria = policy.getSequenceIdentifierFor(new GenericDomainEventMessage<>("TreatmentSession", "s-1", 0,
                new SessionEnded("s-1", "maria", SessionOutcome.COMPLETED, null)));
        Object jonas = policy.getSequenceIdentifierFor(new GenericDomainEventMessage<>("TreatmentSession", "s-2", 0,
                new SessionEnded("s-2", "jonas", SessionOutcome.COMPLETED, null)));

        assertThat(maria).isNotEqualTo(jonas);
    }

    @Test
    void anEventWithoutAClientFallsBackToItsAggregate() {
        assertThat(policy.getSequenceIdentifierFor(new GenericDomainEventMessage<>("Other", "agg-7", 0, "payload")))
                .isEqualTo("agg-7");
    }

    @Test
    void anEventOfAnotherKindOfStreamIsOrderedWithoutReadingItsPayload() {
        GenericDomainEventMessage<UserPasswordChanged> changed = new GenericDomainEventMessage<>("UserAccount",
                "user:carol", 1, new UserPasswordChanged("carol")) {
            @Override
            public UserPasswordChanged getPayload() {
                throw new AssertionError("the payload was deserialized only to be ordered");
            }
        };

        assertThat(policy.getSequenceIdentifierFor(changed)).isEqualTo("user:carol");
    }
}
