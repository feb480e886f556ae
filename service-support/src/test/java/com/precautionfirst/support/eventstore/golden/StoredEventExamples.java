package com.precautionfirst.support.eventstore.golden;

import static com.precautionfirst.api.vocabulary.BodyArea.BUTTOCKS;
import static com.precautionfirst.api.vocabulary.BodyArea.LOWER_BACK;
import static com.precautionfirst.api.vocabulary.BodyArea.LOWER_LEG;
import static com.precautionfirst.api.vocabulary.BodyArea.PIRIFORMIS;
import static com.precautionfirst.api.vocabulary.BodyArea.SACRUM_EDGE;

import com.precautionfirst.api.MetadataKeys;
import com.precautionfirst.api.events.ClearanceRecorded;
import com.precautionfirst.api.events.ClearanceRevoked;
import com.precautionfirst.api.events.ClientRegistered;
import com.precautionfirst.api.events.ClientResponseRecorded;
import com.precautionfirst.api.events.ConditionDeclared;
import com.precautionfirst.api.events.ConditionResolved;
import com.precautionfirst.api.events.EntryAmended;
import com.precautionfirst.api.events.InsuranceRecorded;
import com.precautionfirst.api.events.PrecautionBlocked;
import com.precautionfirst.api.events.PressureAdjusted;
import com.precautionfirst.api.events.SessionEnded;
import com.precautionfirst.api.events.SessionStartApproved;
import com.precautionfirst.api.events.SessionStarted;
import com.precautionfirst.api.events.SessionStoppedEarly;
import com.precautionfirst.api.events.TechniqueApplied;
import com.precautionfirst.api.events.TherapistAssigned;
import com.precautionfirst.api.events.UserAccountCreated;
import com.precautionfirst.api.events.UserAccountDeactivated;
import com.precautionfirst.api.events.UserPasswordChanged;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.messaging.MetaData;

/**
 * What each golden stored payload must read as. Every field of every example is set to a value that is not its
 * type's default (no null, zero, false or empty collection), so that a field renamed, removed or retyped in an
 * event class reads back as something else and fails the comparison instead of matching a default by chance.
 */
final class StoredEventExamples {

    private static final Instant STARTED_AT = Instant.parse("2026-01-12T09:30:00.123456Z");
    private static final Restrictions RESTRICTIONS = new Restrictions(Set.of(LOWER_LEG),
            Map.of(LOWER_BACK, 2, PIRIFORMIS, 3), Set.of(Technique.DEEP_VIBRATION));

    /**
     * One event of every class at its current revision: its golden payload is written from it, and reads back as
     * it. Add the example of a new event class here, then write its golden payload.
     */
    static final List<Object> CURRENT = List.of(
            new ClientRegistered("maria", "Maria Keller", LocalDate.of(1978, 4, 12)),
            new TherapistAssigned("maria", "therapist-a"),
            new ConditionDeclared("maria", "sciatica", "M54.16", "lumbar radiculopathy, pain down the left leg",
                    true, true, "lower back"),
            new ConditionResolved("maria", "piriformis", "no pain for six weeks"),
            new ClearanceRecorded("maria", "clearance-1", List.of("sciatica", "disc"),
                    new Professional("Dr. Lena Berg", Profession.PHYSIOTHERAPIST, "PT-4711"),
                    LocalDate.of(2026, 1, 5), LocalDate.of(2030, 1, 5), "L5-S1 disc protrusion, left S1 root",
                    RESTRICTIONS, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
            new ClearanceRevoked("maria", "clearance-1", "the physiotherapist withdrew it"),
            new InsuranceRecorded("maria", "INS-X", "POL-2231", true),
            new SessionStartApproved("maria", "s-1", "therapist-a", STARTED_AT, "clearance-1",
                    List.of("clearance-1", "clearance-2")),
            new SessionStarted("s-1", "maria", "therapist-a", List.of(LOWER_BACK, BUTTOCKS, PIRIFORMIS, SACRUM_EDGE),
                    STARTED_AT, "clearance-1", List.of("clearance-1", "clearance-2"), RESTRICTIONS),
            new PressureAdjusted("s-1", "maria", PIRIFORMIS, 3, PressureReason.TECHNIQUE_CHANGE),
            new TechniqueApplied("s-1", "maria", PIRIFORMIS, Technique.KNEADING),
            new ClientResponseRecorded("s-1", "maria", PIRIFORMIS, 7, true, "pain radiating down the left leg"),
            new EntryAmended("s-1", "maria", 3, "buttocks pressure was 1, not 2", "typing error"),
            new SessionEnded("s-1", "maria", SessionOutcome.MODIFIED, "piriformis pressure lowered"),
            new SessionStoppedEarly("s-1", "maria", StopCause.CLEARANCE_REVOKED, "clearance revoked",
                    "clearance-1"),
            new PrecautionBlocked("maria", "s-1", "ApplyTechnique",
                    Map.of("area", "LOWER_BACK", "technique", "DEEP_VIBRATION"),
                    List.of(new RuleViolation(PrecautionRule.TECHNIQUE_PROHIBITED,
                            "DEEP_VIBRATION is prohibited by clearance clearance-1")),
                    "therapist-a", Role.THERAPIST),
            new UserAccountCreated("insurer-y", Role.INSURER, "INS-Y"),
            new UserAccountDeactivated("therapist-b", "left the clinic"),
            new UserPasswordChanged("therapist-a"));

    /**
     * What the golden payload of an older revision reads as once the upcasters have run, by its file
     * ({@code <payload type>/<revision>.json}). Empty while every event is at its first revision; see
     * docs/decisions/0053 for how an entry gets here when a revision changes.
     */
    static final Map<String, Object> UPCAST = Map.of();

    /** The metadata the command side puts on every event, and which the query side reads back. */
    static final MetaData METADATA = MetaData.with(MetadataKeys.USER_ID, "therapist-a")
            .and(MetadataKeys.ROLE, Role.THERAPIST.name())
            .and(MetadataKeys.CORRELATION_ID, "3f2b8c1e-9d4a-4e55-8a0b-6c1d2e3f4a5b")
            .and(MetadataKeys.IDEMPOTENCY_KEY, "insurance-maria-1");

    private StoredEventExamples() {
    }
}
