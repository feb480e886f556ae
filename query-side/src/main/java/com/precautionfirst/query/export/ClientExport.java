package com.precautionfirst.query.export;

import com.precautionfirst.query.assessment.PrecautionAssessment;
import com.precautionfirst.verifier.ClientEntry;
import com.precautionfirst.verifier.ClientMapProof;
import com.precautionfirst.verifier.LogEvent;
import java.util.List;

/**
 * What an export holds of one client, whatever its format (decision 0061): the map proof of the client's head in the
 * checkpoint, every entry of its chain up to the checkpoint (content-free), the events the selection rule selects
 * with their leaf index and inclusion proof, in chain order, and the assessment of each selected session. One client
 * at a time is held in memory; a writer ({@link ExportWriter}) turns it into its format.
 */
public record ClientExport(String clientId, ClientMapProof mapProof, List<ClientEntry> entries,
                           List<Event> events, List<Session> sessions) {

    public ClientExport {
        entries = List.copyOf(entries);
        events = List.copyOf(events);
        sessions = List.copyOf(sessions);
    }

    /** A selected event: the stored event (whose leaf bytes the proof covers) as leaf {@code leafIndex}. */
    public record Event(long leafIndex, LogEvent event, List<byte[]> proof) {

        public Event {
            proof = List.copyOf(proof);
        }
    }

    /**
     * A selected session's precaution assessment as the query side derives it: not covered by the proofs. Null when
     * the query side has not projected the session yet.
     */
    public record Session(String sessionId, PrecautionAssessment assessment) {
    }
}
