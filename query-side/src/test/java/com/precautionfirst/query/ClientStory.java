package com.precautionfirst.query;

import com.precautionfirst.api.events.ClearanceRecorded;
import com.precautionfirst.api.events.ClearanceRevoked;
import com.precautionfirst.api.events.ClientRegistered;
import com.precautionfirst.api.events.ClientResponseRecorded;
import com.precautionfirst.api.events.ConditionDeclared;
import com.precautionfirst.api.events.EntryAmended;
import com.precautionfirst.api.events.InsuranceRecorded;
import com.precautionfirst.api.events.PrecautionBlocked;
import com.precautionfirst.api.events.PressureAdjusted;
import com.precautionfirst.api.events.SessionEnded;
import com.precautionfirst.api.events.SessionStarted;
import com.precautionfirst.api.events.SessionStoppedEarly;
import com.precautionfirst.api.events.TechniqueApplied;
import com.precautionfirst.api.events.TherapistAssigned;
import com.precautionfirst.api.vocabulary.BodyArea;
import com.precautionfirst.api.vocabulary.PrecautionRule;
import com.precautionfirst.api.vocabulary.PressureReason;
import com.precautionfirst.api.vocabulary.Profession;
import com.precautionfirst.api.vocabulary.Professional;
import com.precautionfirst.api.vocabulary.Restrictions;
import com.precautionfirst.api.vocabulary.Role;
import com.precautionfirst.api.vocabulary.RuleViolation;
import com.precautionfirst.api.vocabulary.SessionOutcome;
import com.precautionfirst.api.vocabulary.StopCause;
import com.precautionfirst.api.vocabulary.Technique;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a client's story as the command side would store it: client-stream events under the client id, session
 * events under the session id (SessionStarted is sequence 0), each with who and role. Where the events go (the
 * event store, or a fold in memory) is the {@link Sink}'s business.
 */
public final class ClientStory {

    public static final String SCIATICA = "cond-sciatica";
    public static final String PIRIFORMIS = "cond-piriformis";
    public static final String CLEARANCE = "clr-physio";
    /** What the physiotherapist allowed: nothing on the posterior thigh, gentle on the back, no deep vibration. */
    public static final Restrictions RESTRICTIONS = new Restrictions(Set.of(BodyArea.POSTERIOR_THIGH),
            Map.of(BodyArea.LOWER_BACK, 2, BodyArea.PIRIFORMIS, 3, BodyArea.SACRUM_EDGE, 2),
            Set.of(Technique.DEEP_VIBRATION));
    public static final Professional PHYSIO = new Professional("Dr. Anna Berg", Profession.PHYSIOTHERAPIST, "PT-4711");

    /** Receives one event of a stream, numbered in that stream. */
    public interface Sink {
        void append(String aggregateType, String streamId, long sequence, Object payload, String by, String role);
    }

    private final Sink sink;
    private final Map<String, Long> nextSequence = new HashMap<>();

    public ClientStory(Sink sink) {
        this.sink = sink;
    }

    /** A registered client with sciatica (M54.16) and piriformis syndrome (G57.01), cleared by a physiotherapist with restrictions, therapist-a assigned. */
    public ClientStory realisticClient(String clientId) {
        registered(clientId);
        client(clientId, new ConditionDeclared(clientId, SCIATICA, "M54.16",
                "Sciatica, lumbar region, L5-S1 disc protrusion", true, true, "lower back"));
        client(clientId, new ConditionDeclared(clientId, PIRIFORMIS, "G57.01",
                "Piriformis syndrome, right leg", false, true, "buttocks"));
        clearance(clientId, CLEARANCE, LocalDate.of(2020, 1, 1), LocalDate.of(2099, 12, 31));
        client(clientId, new TherapistAssigned(clientId, "therapist-a"));
        return this;
    }

    public ClientStory registered(String clientId) {
        return client(clientId, new ClientRegistered(clientId, "Maria Keller", LocalDate.of(1978, 4, 12)));
    }

    public ClientStory clearance(String clientId, String clearanceId, LocalDate issuedOn, LocalDate validUntil) {
        return client(clientId, new ClearanceRecorded(clientId, clearanceId, List.of(SCIATICA, PIRIFORMIS), PHYSIO,
                issuedOn, validUntil, "L5-S1 disc protrusion, left S1 root", RESTRICTIONS, null));
    }

    public ClientStory revoked(String clientId, String clearanceId) {
        return client(clientId, new ClearanceRevoked(clientId, clearanceId, "new MRI findings"));
    }

    public ClientStory insured(String clientId) {
        return client(clientId, new InsuranceRecorded(clientId, "INS-X", "POL-1", true));
    }

    /** The client record refused to start a session (e.g. no clearance): recorded on the client stream. */
    public ClientStory sessionRefused(String clientId) {
        append("ClientRecord", clientId, new PrecautionBlocked(clientId, null, "StartSession",
                Map.of("plannedAreas", "LOWER_BACK"), List.of(new RuleViolation(PrecautionRule.CLEARANCE_MISSING,
                "no valid clearance covers M54.16")), "therapist-a", Role.THERAPIST), "therapist-a", "THERAPIST");
        return this;
    }

    public ClientStory client(String clientId, Object event) {
        append("ClientRecord", clientId, event, "admin", "CLINIC_ADMIN");
        return this;
    }

    /** A session by therapist-a under the physiotherapist's clearance and restrictions, started now. */
    public Session session(String clientId, String sessionId) {
        return session(clientId, sessionId, CLEARANCE, RESTRICTIONS, Instant.now());
    }

    public Session session(String clientId, String sessionId, String clearanceId, Restrictions restrictions,
                           Instant startedAt) {
        Session session = new Session(clientId, sessionId);
        session.append(new SessionStarted(sessionId, clientId, "therapist-a",
                List.of(BodyArea.LOWER_BACK, BodyArea.BUTTOCKS, BodyArea.PIRIFORMIS, BodyArea.SACRUM_EDGE),
                startedAt, clearanceId, clearanceId == null ? List.of() : List.of(clearanceId), restrictions));
        return session;
    }

    private void append(String aggregateType, String streamId, Object payload, String by, String role) {
        long sequence = nextSequence.merge(streamId, 1L, Long::sum) - 1;
        sink.append(aggregateType, streamId, sequence, payload, by, role);
    }

    /** The timeline of one session, one line per event. */
    public final class Session {
        private final String clientId;
        public final String sessionId;

        Session(String clientId, String sessionId) {
            this.clientId = clientId;
            this.sessionId = sessionId;
        }

        public Session pressure(BodyArea area, int level) {
            return pressure(area, level, PressureReason.THERAPIST_JUDGEMENT);
        }

        public Session pressure(BodyArea area, int level, PressureReason reason) {
            return append(new PressureAdjusted(sessionId, clientId, area, level, reason));
        }

        public Session technique(BodyArea area, Technique technique) {
            return append(new TechniqueApplied(sessionId, clientId, area, technique));
        }

        public Session response(BodyArea area, int sensitivity, boolean radiatingPain) {
            return append(new ClientResponseRecorded(sessionId, clientId, area, sensitivity, radiatingPain,
                    radiatingPain ? "pain down the right leg" : "tender"));
        }

        /** The session aggregate refused a pressure above the clearance's limit. */
        public Session blockedPressure(BodyArea area, int level) {
            return append(new PrecautionBlocked(clientId, sessionId, "AdjustPressure",
                    Map.of("area", area.name(), "level", Integer.toString(level)),
                    List.of(new RuleViolation(PrecautionRule.PRESSURE_ABOVE_LIMIT,
                            "pressure " + level + " on " + area + " is above the clearance's limit")),
                    "therapist-a", Role.THERAPIST));
        }

        public Session amend(long entrySequence, String correction) {
            return append(new EntryAmended(sessionId, clientId, entrySequence, correction, "typo"));
        }

        public Session ended() {
            return append(new SessionEnded(sessionId, clientId, SessionOutcome.COMPLETED, "calm"));
        }

        public Session stoppedEarly() {
            return append(new SessionStoppedEarly(sessionId, clientId, StopCause.THERAPIST_DECISION,
                    "client asked to stop", null));
        }

        public ClientStory story() {
            return ClientStory.this;
        }

        private Session append(Object event) {
            ClientStory.this.append("TreatmentSession", sessionId, event, "therapist-a", "THERAPIST");
            return this;
        }
    }
}
