package com.precautionfirst.query.history;

import com.precautionfirst.api.events.ClearanceRecorded;
import com.precautionfirst.api.events.ClearanceRevoked;
import com.precautionfirst.api.events.ClientRegistered;
import com.precautionfirst.api.events.ConditionDeclared;
import com.precautionfirst.api.events.ConditionResolved;
import com.precautionfirst.api.events.InsuranceRecorded;
import com.precautionfirst.api.events.PrecautionBlocked;
import com.precautionfirst.api.events.TherapistAssigned;
import com.precautionfirst.query.projection.Documents;
import com.precautionfirst.query.recorded.Clearance;
import com.precautionfirst.query.recorded.RecordedEntry;
import com.precautionfirst.query.recorded.RecordedEvent;
import com.precautionfirst.query.recorded.TimelineEntry;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A client's record without its sessions (table {@code client_history}), and the fold of the client's own stream
 * that builds it. Sessions are documents of their own ({@code session_view}): an event of a session never reads or
 * writes this document, so what one event costs does not grow with the number of sessions the client had.
 */
public class ClientRecord {

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

    public ClientRecord() {
        // for Jackson
    }

    public ClientRecord(String clientId) {
        this.clientId = clientId;
    }

    public boolean isAssigned(String therapistId) {
        return therapists.stream().anyMatch(t -> t.therapistId.equals(therapistId));
    }

    /** Folds one event of the client's own stream; an event it does not show (SessionStartApproved) changes nothing. */
    void apply(RecordedEvent event) {
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
            findClearance(revoked.clearanceId())
                    .ifPresent(c -> c.revocation = new Clearance.Revocation(event, revoked.reason()));
        } else if (payload instanceof TherapistAssigned assigned) {
            if (!isAssigned(assigned.therapistId())) {
                therapists.add(new TherapistAssignment(event, assigned.therapistId()));
            }
        } else if (payload instanceof InsuranceRecorded recorded) {
            insurance.add(new Insurance(event, recorded));
        } else if (payload instanceof PrecautionBlocked) {
            refusals.add(TimelineEntry.of(event));
        }
    }

    /** A copy of the clearance as it stands now, which later events of this record never change; null if unknown. */
    Clearance clearanceAtStart(String clearanceId) {
        return findClearance(clearanceId).map(c -> Documents.copy(c, Clearance.class)).orElse(null);
    }

    private Optional<Clearance> findClearance(String clearanceId) {
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
