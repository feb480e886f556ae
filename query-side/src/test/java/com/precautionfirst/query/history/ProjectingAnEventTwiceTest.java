package com.precautionfirst.query.history;

import static com.precautionfirst.api.vocabulary.BodyArea.LOWER_BACK;
import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.query.QuerySideIntegrationTest;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

class ProjectingAnEventTwiceTest extends QuerySideIntegrationTest {

    /** The live projection, not its rebuild's (decision 0056). */
    @Autowired
    @Qualifier("clientHistoryProjection")
    ClientHistoryProjection projection;

    @Test
    void aRedeliveredEventChangesNeitherTheRecordNorTheSession() {
        String client = unique("maria");
        String session = client + "-s1";
        story().realisticClient(client).session(client, session).pressure(LOWER_BACK, 1).ended();
        String history = read("admin", "/api/clients/" + client + "/history").body();
        String sessionAnswer = read("admin", "/api/sessions/" + session).body();

        redeliver(client, 1);
        redeliver(session, 1);

        assertThat(read("admin", "/api/clients/" + client + "/history").body()).isEqualTo(history);
        assertThat(read("admin", "/api/sessions/" + session).body()).isEqualTo(sessionAnswer);
    }

    /**
     * Hands the processor's handler an event it has already processed, as after a crash before the token moved, in a
     * unit of work of its own as the processor would (the projection writes when it commits).
     */
    private void redeliver(String stream, long sequence) {
        DomainEventMessage<?> event = eventStore.readEvents(stream).asStream()
                .filter(e -> e.getSequenceNumber() == sequence).findFirst().orElseThrow();
        long position = jdbc.queryForObject("SELECT global_index FROM domain_event_entry WHERE event_identifier = ?",
                Long.class, event.getIdentifier());
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(event);
        unitOfWork.attachTransaction(transactionManager);
        unitOfWork.execute(() -> projection.on(event.getPayload(), event,
                new GlobalSequenceTrackingToken(position)));
    }
}
