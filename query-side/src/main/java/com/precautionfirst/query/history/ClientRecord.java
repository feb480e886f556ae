package com.precautionfirst.query.history;

import com.precautionfirst.api.events.ClearanceRecorded;
import com.precautionfirst.api.events.ClearanceRevoked;
import com.precautionfirst.api.events.ClientRegistered;
import com.precautionfirst.api.events.ConditionDeclared;
import com.precautionfirst.api.events.ConditionResolved;
import com.precautionfirst.api.events.InsuranceRecorded;
import com.precautionfirst.api.events.PrecautionBlocked;
import com.precautionfirst.api.events.SessionStarted;
import com.precautionfirst.api.events.TherapistAssigned;
import com.precautionfirst.api.vocabulary.Professional;
import com.precautionfirst.api.vocabulary.Restrictions;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A client's record as the history endpoint answers it, and the fold that builds it. The live projection and the
 * as-of reconstruction both fold events through {@link #apply} in global order, so the record as of T is by
 * construction what the live projection answered once it had seen the events up to T.
 */
public class ClientHistoryView {

    public String clientId;
    public String name;
    public LocalDate dateOfBirth;
    public Registration registration;
    public List<Condition> conditions = new ArrayList<>();
    public List<Clearance> clearances = new ArrayList<>();
    public List<TherapistAssignment> therapists = new ArrayList<>();
    public List<Insurance> insurance = new ArrayList<>();
    /** Commands on the client stream the system refused (e.g. a session start without clearance). */
    public List<TimelineEntry> refusals = new ArrayList<>();
    public List<SessionView> sessions = new ArrayList<>();

    public ClientHistoryView() {
        // for Jackson
    }

    public ClientHistoryView(String clientId) {
        this.clientId = clientId;
    }

    public boolean isAssigned(String therapistId) {
        return therapists.stream().anyMatch(t -> t.therapistId.equals(therapistId));
    }

    /**
     * Folds one event of the client's stream or of one of its session streams.
     *
     * @return the session the event changed, or null when it changed the client stream only
     */
    public SessionView apply(RecordedEvent event) {
        Object payload = event.payload();
        if (payload instanceof ClientRegistered registered) {
            name = registered.name();
            dateOfBirth = registered.dateOfBirth();
            registration = new Registration(event);
        } else if (payload instanceof ConditionDeclared declared) {
            conditions.add(new Condition(event, declared));
        } else if (payload instanceof ConditionResolved resolved) {
            conditions.stream().filter(c -> c.conditionId.equals(resolved.conditionId())).findFirst()
                    .ifPresent(c -> c.resolution = new Resolution(event, resolved.note()));
        } else if (payload instanceof ClearanceRecorded recorded) {
            clearances.add(new Clearance(event, recorded));
        } else if (payload instanceof ClearanceRevoked revoked) {
            findClearance(revoked.clearanceId()).ifPresent(c -> c.revocation = new Revocation(event, revoked.reason()));
        } else if (payload instanceof TherapistAssigned assigned) {
            if (!isAssigned(assigned.therapistId())) {
                therapists.add(new TherapistAssignment(event, assigned.therapistId()));
            }
        } else if (payload instanceof InsuranceRecorded recorded) {
            insurance.add(new Insurance(event, recorded));
        } else if (payload instanceof PrecautionBlocked && event.streamId().equals(clientId)) {
            refusals.add(TimelineEntry.of(event));
        } else if (payload instanceof SessionStarted started) {
            SessionView session = new SessionView(event, started,
                    findClearance(started.clearanceId()).map(c -> Documents.copy(c, Clearance.class)).orElse(null));
            sessions.add(session);
            return session;
        } else {
            SessionView session = findSession(event.streamId());
            if (session != null && session.apply(event)) {
                return session;
            }
        }
        return null;
    }

    public SessionView findSession(String sessionId) {
        return sessions.stream().filter(s -> s.sessionId.equals(sessionId)).findFirst().orElse(null);
    }

    private java.util.Optional<Clearance> findClearance(String clearanceId) {
        return clearances.stream().filter(c -> c.clearanceId.equals(clearanceId)).findFirst();
    }

    public static class Registration extends RecordedEntry {
        public Registration() {
        }

        Registration(RecordedEvent event) {
            stamp(event);
        }
    }

    public static class Condition extends RecordedEntry {
        public String conditionId;
        public String icd10Code;
        public String description;
        public boolean requiresClearanceDeclared;
        public boolean requiresClearance;
        @Schema(nullable = true) public String region;
        @Schema(nullable = true) public Resolution resolution;

        public Condition() {
        }

        Condition(RecordedEvent event, ConditionDeclared declared) {
            stamp(event);
            conditionId = declared.conditionId();
            icd10Code = declared.icd10Code();
            description = declared.description();
            requiresClearanceDeclared = declared.requiresClearanceDeclared();
            requiresClearance = declared.requiresClearance();
            region = declared.region();
        }
    }

    public static class Resolution extends RecordedEntry {
        public String note;

        public Resolution() {
        }

        Resolution(RecordedEvent event, String note) {
            stamp(event);
            this.note = note;
        }
    }

    public static class Clearance extends RecordedEntry {
        public String clearanceId;
        public List<String> conditionIds;
        public Professional professional;
        public LocalDate issuedOn;
        public LocalDate validUntil;
        public String damageLocation;
        public Restrictions restrictions;
        @Schema(nullable = true) public String documentSha256;
        @Schema(nullable = true) public Revocation revocation;

        public Clearance() {
        }

        Clearance(RecordedEvent event, ClearanceRecorded recorded) {
            stamp(event);
            clearanceId = recorded.clearanceId();
            conditionIds = recorded.conditionIds();
            professional = recorded.professional();
            issuedOn = recorded.issuedOn();
            validUntil = recorded.validUntil();
            damageLocation = recorded.damageLocation();
            restrictions = recorded.restrictions();
            documentSha256 = recorded.documentSha256();
        }
    }

    public static class Revocation extends RecordedEntry {
        public String reason;

        public Revocation() {
        }

        Revocation(RecordedEvent event, String reason) {
            stamp(event);
            this.reason = reason;
        }
    }

    public static class TherapistAssignment extends RecordedEntry {
        public String therapistId;

        public TherapistAssignment() {
        }

        TherapistAssignment(RecordedEvent event, String therapistId) {
            stamp(event);
            this.therapistId = therapistId;
        }
    }

    public static class Insurance extends RecordedEntry {
        public String insurerId;
        public String policyNumber;
        public boolean consentToShare;

        public Insurance() {
        }

        Insurance(RecordedEvent event, InsuranceRecorded recorded) {
            stamp(event);
            insurerId = recorded.insurerId();
            policyNumber = recorded.policyNumber();
            consentToShare = recorded.consentToShare();
        }
    }
}
