package com.precautionfirst.command.session;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.precautionfirst.api.MetadataKeys;
import com.precautionfirst.api.commands.AdjustPressure;
import com.precautionfirst.api.commands.AmendEntry;
import com.precautionfirst.api.commands.ApplyTechnique;
import com.precautionfirst.api.commands.EndSession;
import com.precautionfirst.api.commands.RecordClientResponse;
import com.precautionfirst.api.commands.StopSessionEarly;
import com.precautionfirst.api.commands.StopSessionForRevokedClearance;
import com.precautionfirst.api.events.ClientResponseRecorded;
import com.precautionfirst.api.events.EntryAmended;
import com.precautionfirst.api.events.PrecautionBlocked;
import com.precautionfirst.api.events.PressureAdjusted;
import com.precautionfirst.api.events.SessionEnded;
import com.precautionfirst.api.events.SessionStarted;
import com.precautionfirst.api.events.SessionStoppedEarly;
import com.precautionfirst.api.events.TechniqueApplied;
import com.precautionfirst.api.vocabulary.BodyArea;
import com.precautionfirst.api.vocabulary.Restrictions;
import com.precautionfirst.api.vocabulary.RuleViolation;
import com.precautionfirst.api.vocabulary.StopCause;
import com.precautionfirst.command.precaution.AttemptedValues;
import com.precautionfirst.command.precaution.SessionActionPolicy;
import com.precautionfirst.command.precaution.SessionStartDecision;
import com.precautionfirst.command.domain.Actor;
import com.precautionfirst.command.domain.CommandOutcome;
import com.precautionfirst.command.domain.InvalidCommandException;
import com.precautionfirst.command.domain.NotPermittedException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One treatment session: one event stream per session, created by the client record when it accepts
 * {@code StartSession}. It carries the effective restrictions of the clearances it relies on and is run only by the
 * therapist who started it.
 */
@Aggregate(repository = "treatmentSessionRepository")
public class TreatmentSession {

    @AggregateIdentifier
    private String sessionId;
    private String clientId;
    private String therapistId;
    private Restrictions restrictions;
    private boolean open;

    protected TreatmentSession() {
        // for Axon
    }

    /** Called by {@code ClientRecord} through {@code AggregateLifecycle.createNew}, never by a command. */
    public TreatmentSession(String sessionId, String clientId, String therapistId, List<BodyArea> plannedAreas,
                            Instant startedAt, SessionStartDecision decision) {
        apply(new SessionStarted(sessionId, clientId, therapistId, List.copyOf(plannedAreas), startedAt,
                decision.clearanceId(), decision.coveringClearanceIds(), decision.restrictions()));
    }

    @CommandHandler
    public CommandOutcome handle(AdjustPressure command, @MetaDataValue(MetadataKeys.USER_ID) String userId,
                         @MetaDataValue(MetadataKeys.ROLE) String role) {
        Actor actor = requireOwnTherapist(userId, role);
        List<RuleViolation> violations =
                SessionActionPolicy.adjustPressure(open, restrictions, command.area(), command.level());
        if (!violations.isEmpty()) {
            return refuse(actor, "AdjustPressure", violations, AttemptedValues.of(
                    "area", command.area(), "level", command.level(), "reason", command.reason()));
        }
        apply(new PressureAdjusted(sessionId, clientId, command.area(), command.level(), command.reason()));
        return CommandOutcome.accepted();
    }

    @CommandHandler
    public CommandOutcome handle(ApplyTechnique command, @MetaDataValue(MetadataKeys.USER_ID) String userId,
                         @MetaDataValue(MetadataKeys.ROLE) String role) {
        Actor actor = requireOwnTherapist(userId, role);
        List<RuleViolation> violations =
                SessionActionPolicy.applyTechnique(open, restrictions, command.area(), command.technique());
        if (!violations.isEmpty()) {
            return refuse(actor, "ApplyTechnique", violations, AttemptedValues.of(
                    "area", command.area(), "technique", command.technique()));
        }
        apply(new TechniqueApplied(sessionId, clientId, command.area(), command.technique()));
        return CommandOutcome.accepted();
    }

    /** After the session closed a response can no longer be observed, so it is refused like any session action. */
    @CommandHandler
    public CommandOutcome handle(RecordClientResponse command, @MetaDataValue(MetadataKeys.USER_ID) String userId,
                         @MetaDataValue(MetadataKeys.ROLE) String role) {
        Actor actor = requireOwnTherapist(userId, role);
        List<RuleViolation> violations = SessionActionPolicy.requireOpen(open);
        if (!violations.isEmpty()) {
            return refuse(actor, "RecordClientResponse", violations, AttemptedValues.of("area", command.area(),
                    "sensitivity", command.sensitivity(), "radiatingPain", command.radiatingPain(),
                    "note", command.note()));
        }
        apply(new ClientResponseRecorded(sessionId, clientId, command.area(), command.sensitivity(),
                command.radiatingPain(), command.note()));
        return CommandOutcome.accepted();
    }

    @CommandHandler
    public CommandOutcome handle(EndSession command, @MetaDataValue(MetadataKeys.USER_ID) String userId,
                         @MetaDataValue(MetadataKeys.ROLE) String role) {
        Actor actor = requireOwnTherapist(userId, role);
        List<RuleViolation> violations = SessionActionPolicy.requireOpen(open);
        if (!violations.isEmpty()) {
            return refuse(actor, "EndSession", violations,
                    AttemptedValues.of("outcome", command.outcome(), "notes", command.notes()));
        }
        apply(new SessionEnded(sessionId, clientId, command.outcome(), command.notes()));
        return CommandOutcome.accepted();
    }

    @CommandHandler
    public CommandOutcome handle(StopSessionEarly command, @MetaDataValue(MetadataKeys.USER_ID) String userId,
                         @MetaDataValue(MetadataKeys.ROLE) String role) {
        Actor actor = requireOwnTherapist(userId, role);
        List<RuleViolation> violations = SessionActionPolicy.requireOpen(open);
        if (!violations.isEmpty()) {
            return refuse(actor, "StopSessionEarly", violations, AttemptedValues.of("reason", command.reason()));
        }
        apply(new SessionStoppedEarly(sessionId, clientId, StopCause.THERAPIST_DECISION, command.reason(), null));
        return CommandOutcome.accepted();
    }

    /**
     * Sent by the system, in the revoking unit of work; the metadata is the revoker's. A session that closed in
     * the meantime has nothing left to stop.
     */
    @CommandHandler
    public void handle(StopSessionForRevokedClearance command) {
        if (!clientId.equals(command.clientId())) {
            // a revocation reaches only its own client's sessions; anything else is a defect, so roll it all back
            throw new IllegalStateException("Clearance " + command.clearanceId() + " of client " + command.clientId()
                    + " cannot stop session " + sessionId + " of another client");
        }
        if (open) {
            apply(new SessionStoppedEarly(sessionId, clientId, StopCause.CLEARANCE_REVOKED, command.reason(),
                    command.clearanceId()));
        }
    }

    /**
     * A correction is a new event naming the entry it corrects by its sequence number in this stream; accepted
     * after the session closed, because records are often completed afterwards.
     */
    @CommandHandler
    public CommandOutcome handle(AmendEntry command, @MetaDataValue(MetadataKeys.USER_ID) String userId,
                       @MetaDataValue(MetadataKeys.ROLE) String role) {
        requireOwnTherapist(userId, role);
        Long lastSequence = AggregateLifecycle.getVersion();
        if (command.entrySequence() < 0 || lastSequence == null || command.entrySequence() > lastSequence) {
            throw new InvalidCommandException("entrySequence", "is not an entry of this session (0.." + lastSequence + ")");
        }
        apply(new EntryAmended(sessionId, clientId, command.entrySequence(), command.correction(), command.reason()));
        return CommandOutcome.accepted();
    }

    private Actor requireOwnTherapist(String userId, String role) {
        Actor actor = Actor.of(userId, role);
        if (!actor.isTherapist(therapistId)) {
            throw new NotPermittedException("Only the therapist who started this session may act on it.");
        }
        return actor;
    }

    private CommandOutcome refuse(Actor actor, String command, List<RuleViolation> violations,
                                     Map<String, String> values) {
        apply(new PrecautionBlocked(clientId, sessionId, command, values, violations, actor.userId(), actor.role()));
        return new CommandOutcome.Refused(violations);
    }

    @EventSourcingHandler
    void on(SessionStarted event) {
        this.sessionId = event.sessionId();
        this.clientId = event.clientId();
        this.therapistId = event.therapistId();
        this.restrictions = event.restrictions() == null ? Restrictions.NONE : event.restrictions();
        this.open = true;
    }

    @EventSourcingHandler
    void on(SessionEnded event) {
        this.open = false;
    }

    @EventSourcingHandler
    void on(SessionStoppedEarly event) {
        this.open = false;
    }
}
