package com.precautionfirst.query.audit;

import static com.precautionfirst.api.vocabulary.BodyArea.LOWER_BACK;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.precautionfirst.query.ClientStory;
import com.precautionfirst.query.QuerySideIntegrationTest;
import java.util.List;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The audit chain is recorded per processor batch (one read of the stored rows, one insert): each client's events
 * must still be chained in commit order after that client's own last hash, also when a batch holds several
 * clients' events interleaved and continues chains recorded by earlier batches, and a batch delivered again must
 * leave the recorded chain as it was.
 */
class ChainingABatchOfEventsTest extends QuerySideIntegrationTest {

    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    AuditChainProjection projection;

    @Test
    void interleavedClientsInOneBatchEachContinueTheirOwnChain() {
        List<String> clients = List.of(unique("maria"), unique("jonas"), unique("lena"));
        ClientStory story = story();
        clients.forEach(story::realisticClient);
        clients.forEach(client -> read("auditor", "/api/clients/" + client + "/audit-trail"));
        TrackingEventProcessor audit = processing.eventProcessor(AuditChainProjection.PROCESSOR,
                TrackingEventProcessor.class).orElseThrow();
        audit.shutDown();
        try {
            for (int round = 0; round < 3; round++) {
                for (String client : clients) {
                    story.session(client, client + "-s" + round).pressure(LOWER_BACK, 1);
                }
            }
        } finally {
            audit.start();
        }

        for (String client : clients) {
            JsonNode verification = readJson("auditor", "/api/clients/" + client + "/audit-trail/verification");
            assertThat(verification.path("valid").asBoolean()).as(client).isTrue();
            assertThat(verification.path("checkedEvents").asInt()).as(client).isEqualTo(5 + 3 * 2);
        }
    }

    @Test
    void aBatchDeliveredAgainChangesNoRecordedHash() {
        String client = unique("maria");
        story().realisticClient(client).session(client, client + "-s1").pressure(LOWER_BACK, 1).ended();
        String trail = read("auditor", "/api/clients/" + client + "/audit-trail").body();
        List<? extends DomainEventMessage<?>> events = eventStore.readEvents(client + "-s1").asStream().toList();

        DefaultUnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(events.get(0));
        batch.attachTransaction(transactionManager);
        batch.execute(() -> events.forEach(e -> projection.on(e.getPayload(), e)));

        assertThat(read("auditor", "/api/clients/" + client + "/audit-trail").body()).isEqualTo(trail);
    }
}
