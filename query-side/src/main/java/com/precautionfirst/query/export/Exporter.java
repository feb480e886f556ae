package com.precautionfirst.query.export;

import com.precautionfirst.query.log.CheckpointStore;
import com.precautionfirst.query.log.ClientChains;
import com.precautionfirst.query.log.LogStore;
import com.precautionfirst.query.projection.Documents;
import com.precautionfirst.query.session.SessionRepository;
import com.precautionfirst.query.session.SessionView;
import com.precautionfirst.support.web.Problems;
import com.precautionfirst.verifier.Checkpoint;
import com.precautionfirst.verifier.ClientEntry;
import com.precautionfirst.verifier.ClientMapProof;
import com.precautionfirst.verifier.ExportSelection;
import com.precautionfirst.verifier.LogEvent;
import com.precautionfirst.verifier.MerkleTree;
import com.precautionfirst.verifier.StreamedClientMap;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Makes an insurer's export (decision 0061) against the newest signed checkpoint: plans it (the checkpoint and the
 * consenting clients, {@link InsuredClients}), then writes it client by client: each client's chain and map proof
 * ({@link ClientChains}), the events the selection rule ({@link ExportSelection}, the verifier's own) selects with
 * their inclusion proofs ({@link LogStore}), and the assessments of the selected sessions as the session query answers
 * them ({@link SessionRepository#document}). Memory holds one client; a writer flushes each client before the next is
 * read.
 */
@Component
public class Exporter {

    /** Selected events read and proved per round trip. */
    private static final int CHUNK = 200;
    private static final Logger log = LoggerFactory.getLogger(Exporter.class);

    private final CheckpointStore checkpoints;
    private final InsuredClients insured;
    private final ClientChains chains;
    private final LogStore store;
    private final SessionRepository sessions;
    private final Clock clock;

    public Exporter(CheckpointStore checkpoints, InsuredClients insured, ClientChains chains, LogStore store,
                    SessionRepository sessions, Clock clock) {
        this.checkpoints = checkpoints;
        this.insured = insured;
        this.chains = chains;
        this.store = store;
        this.sessions = sessions;
        this.clock = clock;
    }

    /**
     * The export of the insurer's consenting clients for {@code [from, to)} against the newest signed checkpoint.
     *
     * @throws ErrorResponseException 503 when no checkpoint of format v2 has been signed yet
     */
    public ExportPlan plan(String insurerId, Instant from, Instant to) {
        Checkpoint checkpoint = checkpoints.latest().filter(Checkpoint::hasClientMap).orElseThrow(() ->
                new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE, Problems.of(HttpStatus.SERVICE_UNAVAILABLE,
                        "no-checkpoint-yet", "No checkpoint yet", "No checkpoint of format v2 has been signed yet, "
                                + "and an export is made against one; the service signs one within seconds of "
                                + "starting: retry shortly."), null));
        return new ExportPlan(checkpoint, insurerId, from, to, clock.instant().truncatedTo(ChronoUnit.MILLIS),
                insured.consenting(insurerId, checkpoint.treeSize()));
    }

    /** Writes the export: the header at once, then each client as it is read. */
    public void write(ExportPlan plan, ExportWriter writer) throws IOException {
        writer.begin(plan);
        if (!plan.clientIds().isEmpty()) {
            StreamedClientMap map = chains.mapAt(plan.checkpoint().treeSize(), plan.clientIds());
            for (String clientId : plan.clientIds()) {
                writer.client(client(plan, map, clientId));
            }
        }
        writer.end();
    }

    private ClientExport client(ExportPlan plan, StreamedClientMap map, String clientId) {
        long size = plan.checkpoint().treeSize();
        List<ClientEntry> chain = chains.entries(clientId, size);
        ClientMapProof proof = map.proof(clientId).orElseThrow(() -> new IllegalStateException("client "
                + clientId + " has an insurance record below tree size " + size + " but no head in its client map"));
        ExportSelection.Selection selection = ExportSelection.select(chain, plan.from(), plan.to(),
                wanted -> store.eventsAt(wanted.stream().map(ClientEntry::leafIndex).toList()));
        List<ClientExport.Event> events = new ArrayList<>();
        List<ClientEntry> selected = selection.entries();
        for (int from = 0; from < selected.size(); from += CHUNK) {
            List<Long> leaves = selected.subList(from, Math.min(selected.size(), from + CHUNK)).stream()
                    .map(ClientEntry::leafIndex).toList();
            Map<Long, LogEvent> stored = store.eventsAt(leaves);
            List<List<byte[]>> proofs = store.withNodes(source -> leaves.stream()
                    .map(leaf -> MerkleTree.inclusionProof(leaf, size, source)).toList());
            for (int i = 0; i < leaves.size(); i++) {
                LogEvent event = stored.get(leaves.get(i));
                if (event == null) {
                    // the verification of the export reports it left out; GET /api/log/verification names it too
                    log.error("Event of leaf {} of client {} is no longer in the store; exported without it",
                            leaves.get(i), clientId);
                } else {
                    events.add(new ClientExport.Event(leaves.get(i), event, proofs.get(i)));
                }
            }
        }
        List<ClientExport.Session> assessed = selection.sessionIds().stream()
                .map(sessionId -> new ClientExport.Session(sessionId, sessions.document(sessionId)
                        .map(document -> Documents.read(document, SessionView.class).assessment).orElse(null)))
                .toList();
        return new ClientExport(clientId, proof, chain, events, assessed);
    }
}
