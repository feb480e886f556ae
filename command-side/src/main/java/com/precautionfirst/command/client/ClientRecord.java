package com.precautionfirst.command.client;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.createNew;

import com.precautionfirst.api.MetadataKeys;
import com.precautionfirst.api.commands.AssignTherapist;
import com.precautionfirst.api.commands.DeclareCondition;
import com.precautionfirst.api.commands.RecordClearance;
import com.precautionfirst.api.commands.RecordInsurance;
import com.precautionfirst.api.commands.RegisterClient;
import com.precautionfirst.api.commands.ResolveCondition;
import com.precautionfirst.api.commands.RevokeClearance;
import com.precautionfirst.api.commands.StartSession;
import com.precautionfirst.api.events.ClearanceRecorded;
import com.precautionfirst.api.events.ClearanceRevoked;
import com.precautionfirst.api.events.ClientRegistered;
import com.precautionfirst.api.events.ConditionDeclared;
import com.precautionfirst.api.events.ConditionResolved;
import com.precautionfirst.api.events.InsuranceRecorded;
import com.precautionfirst.api.events.PrecautionBlocked;
import com.precautionfirst.api.events.SessionStartApproved;
import com.precautionfirst.api.events.TherapistAssigned;
import com.precautionfirst.api.vocabulary.Role;
import com.precautionfirst.command.precaution.AttemptedValues;
import com.precautionfirst.command.precaution.ClearanceOnFile;
import com.precautionfirst.command.precaution.ClearanceRequirement;
import com.precautionfirst.command.precaution.OpenCondition;
import com.precautionfirst.command.precaution.SessionStartDecision;
import com.precautionfirst.command.precaution.SessionStartPolicy;
import com.precautionfirst.command.domain.Actor;
import com.precautionfirst.command.domain.CommandOutcome;
import com.precautionfirst.command.domain.InvalidCommandException;
import com.precautionfirst.command.domain.NotPermittedException;
import com.precautionfirst.command.session.TreatmentSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One client's record: one event stream per client. It knows the conditions, clearances and assigned therapists,
 * so it decides who may write and whether a session may start.
 */
@Aggregate(repository = "clientRecordRepository")
public class ClientRecord {

    /** How far back a session may be recorded as started: not back to where an expired clearance still held. */
    static final Duration STARTED_AT_PAST = Duration.ofHours(12);
    /** How far ahead of this server's clock a client's clock may run. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    @AggregateIdentifier
    private String clientId;
    /** Open conditions only: a resolved condition no longer needs clearance. */
    private final Map<String, OpenCondition> openConditions = new LinkedHashMap<>();
    private final Set<String> resolvedConditions = new HashSet<>();
    /** In the order recorded: the policy takes the latest word on a condition as the most telling. */
    private final Map<String, ClearanceOnFile> clearances = new LinkedHashMap<>();
    private final Set<String> therapists = new HashSet<>();

    protected ClientRecord() {
        // for Axon
    }

    /** Create-if-missing so that a second registration reaches this handler and is refused by name. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public CommandOutcome handle(RegisterClient command) {
        if (clientId != null) {
            throw new ClientAlreadyRegisteredException(command.clientId());
        }
        apply(new ClientRegistered(command.clientId(), command.name(), command.dateOfBirth()));
        return CommandOutcome.accepted();
    }

    /** The admin, or a therapist assigned to the client (therapists learn of conditions at intake). */
    @CommandHandler
    public CommandOutcome handle(DeclareCondition command, @MetaDataValue(MetadataKeys.USER_ID) String userId,
                         @MetaDataValue(MetadataKeys.ROLE) String role) {
        Actor actor = Actor.of(userId, role);
        if (!actor.isAdmin() && !(actor.role() == Role.THERAPIST
                && therapists.contains(actor.userId()))) {
            throw new NotPermittedException("Only the clinic admin or a therapist assigned to this client may declare"
                    + " a condition.");
        }
        if (openConditions.containsKey(command.conditionId()) || resolvedConditions.contains(command.conditionId())) {
            throw new InvalidCommandException("conditionId", "is already used by a condition of this client");
        }
        boolean required = ClearanceRequirement.requiresClearance(command.icd10Code(), command.requiresClearance());
        apply(new ConditionDeclared(clientId, command.conditionId(), command.icd10Code(), command.description(),
                Boolean.TRUE.equals(command.requiresClearance()), required, command.region()));
        return CommandOutcome.accepted();
    }

    /** Admin only: resolving a condition lifts its clearance requirement. */
    @CommandHandler
    public CommandOutcome handle(ResolveCondition command, @MetaDataValue(MetadataKeys.USER_ID) String userId,
                       @MetaDataValue(MetadataKeys.ROLE) String role) {
        Actor.of(userId, role).requireAdmin("resolve a condition");
        if (!openConditions.containsKey(command.conditionId())) {
            throw new InvalidCommandException("conditionId", resolvedConditions.contains(command.conditionId())
                    ? "is already resolved" : "is not a condition of this client");
        }
        apply(new ConditionResolved(clientId, command.conditionId(), command.note()));
        return CommandOutcome.accepted();
    }

    @CommandHandler
    public CommandOutcome handle(RecordClearance command, @MetaDataValue(MetadataKeys.USER_ID) String userId,
                         @MetaDataValue(MetadataKeys.ROLE) String role) {
        Actor.of(userId, role).requireAdmin("record a clearance");
        if (clearances.containsKey(command.clearanceId())) {
            throw new InvalidCommandException("clearanceId", "is already used by a clearance of this client");
        }
        List<String> notOpen = command.conditionIds().stream().filter(id -> !openConditions.containsKey(id)).toList();
        if (!notOpen.isEmpty()) {
            throw new InvalidCommandException("conditionIds", "not open conditions of this client: " + notOpen);
        }
        apply(new ClearanceRecorded(clientId, command.clearanceId(), List.copyOf(command.conditionIds()),
                command.professional(), command.issuedOn(), command.validUntil(), command.damageLocation(),
                command.restrictions(), command.documentSha256()));
        return CommandOutcome.accepted();
    }

    /**
     * Admin only. This client's open sessions relying on the clearance are stopped in the same transaction by
     * {@code RevocationStopsSessions}.
     */
    @CommandHandler
    public CommandOutcome handle(RevokeClearance command, @MetaDataValue(MetadataKeys.USER_ID) String userId,
                       @MetaDataValue(MetadataKeys.ROLE) String role) {
        Actor.of(userId, role).requireAdmin("revoke a clearance");
        ClearanceOnFile clearance = clearances.get(command.clearanceId());
        if (clearance == null) {
            throw new InvalidCommandException("clearanceId", "is not a clearance of this client");
        }
        if (clearance.revoked()) {
            throw new InvalidCommandException("clearanceId", "is already revoked");
        }
        apply(new ClearanceRevoked(clientId, command.clearanceId(), command.reason()));
        return CommandOutcome.accepted();
    }

    /** Only one of the clinic's therapists; assigning again is accepted and changes nothing. */
    @CommandHandler
    public CommandOutcome handle(AssignTherapist command, @MetaDataValue(MetadataKeys.USER_ID) String userId,
                                 @MetaDataValue(MetadataKeys.ROLE) String role, TherapistDirectory directory) {
        Actor.of(userId, role).requireAdmin("assign a therapist");
        if (!directory.isTherapist(command.therapistId())) {
            throw new InvalidCommandException("therapistId", "is not a therapist of this clinic");
        }
        if (!therapists.contains(command.therapistId())) {
            apply(new TherapistAssigned(clientId, command.therapistId()));
        }
        return CommandOutcome.accepted();
    }

    @CommandHandler
    public CommandOutcome handle(RecordInsurance command, @MetaDataValue(MetadataKeys.USER_ID) String userId,
                       @MetaDataValue(MetadataKeys.ROLE) String role) {
        Actor.of(userId, role).requireAdmin("record insurance");
        apply(new InsuranceRecorded(clientId, command.insurerId(), command.policyNumber(), command.consentToShare()));
        return CommandOutcome.accepted();
    }

    /**
     * A therapist assigned to the client starts a session in their own name. Refused by the precautions: one
     * {@code PrecautionBlocked} on this stream and a refusal. Allowed: {@code SessionStartApproved} on this stream
     * and the session's own stream, created in the same unit of work, so both commit together or not at all. The
     * event on this stream is what orders a start against a revocation racing it on another instance: both append
     * here, so the store lets only one of them commit on the state both read, and the other is decided again.
     * <p>
     * {@code startedAt} may record a session started a little earlier, but not one dated where an expired
     * clearance was still valid: the clearance is checked on the session's date, so a free date would be a way
     * around the rule.
     */
    @CommandHandler
    public CommandOutcome handle(StartSession command, @MetaDataValue(MetadataKeys.USER_ID) String userId,
                                 @MetaDataValue(MetadataKeys.ROLE) String role, Clock clock) throws Exception {
        Actor actor = Actor.of(userId, role);
        if (!actor.isTherapist(command.therapistId()) || !therapists.contains(command.therapistId())) {
            throw new NotPermittedException("Only a therapist assigned to this client may start a session, in their"
                    + " own name.");
        }
        Instant now = clock.instant();
        Instant startedAt = command.startedAt() != null ? command.startedAt() : now;
        if (startedAt.isBefore(now.minus(STARTED_AT_PAST)) || startedAt.isAfter(now.plus(CLOCK_SKEW))) {
            throw new InvalidCommandException("startedAt", "must be within the last " + STARTED_AT_PAST.toHours()
                    + " hours and not in the future");
        }
        SessionStartDecision decision = SessionStartPolicy.decide(List.copyOf(openConditions.values()),
                List.copyOf(clearances.values()), startedAt.atOffset(ZoneOffset.UTC).toLocalDate(),
                command.plannedAreas());
        if (!decision.allowed()) {
            apply(new PrecautionBlocked(clientId, null, "StartSession", AttemptedValues.of(
                    "sessionId", command.sessionId(), "therapistId", command.therapistId(),
                    "plannedAreas", command.plannedAreas(), "startedAt", startedAt),
                    decision.violations(), actor.userId(), actor.role()));
            return new CommandOutcome.Refused(decision.violations());
        }
        apply(new SessionStartApproved(clientId, command.sessionId(), command.therapistId(), startedAt,
                decision.clearanceId(), decision.coveringClearanceIds()));
        createNew(TreatmentSession.class, () -> new TreatmentSession(command.sessionId(), clientId,
                command.therapistId(), command.plannedAreas(), startedAt, decision));
        return CommandOutcome.accepted(new SessionStartResult(command.sessionId(), decision.clearanceId()));
    }

    @EventSourcingHandler
    void on(ClientRegistered event) {
        this.clientId = event.clientId();
    }

    @EventSourcingHandler
    void on(ConditionDeclared event) {
        openConditions.put(event.conditionId(),
                new OpenCondition(event.conditionId(), event.icd10Code(), event.requiresClearance()));
    }

    @EventSourcingHandler
    void on(ConditionResolved event) {
        openConditions.remove(event.conditionId());
        resolvedConditions.add(event.conditionId());
    }

    @EventSourcingHandler
    void on(ClearanceRecorded event) {
        clearances.put(event.clearanceId(), new ClearanceOnFile(event.clearanceId(), Set.copyOf(event.conditionIds()),
                event.issuedOn(), event.validUntil(), event.restrictions(), false));
    }

    @EventSourcingHandler
    void on(ClearanceRevoked event) {
        clearances.computeIfPresent(event.clearanceId(), (id, clearance) -> clearance.revoke());
    }

    @EventSourcingHandler
    void on(TherapistAssigned event) {
        therapists.add(event.therapistId());
    }
}
