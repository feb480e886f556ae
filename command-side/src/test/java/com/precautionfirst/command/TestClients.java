package com.precautionfirst.command;

import com.precautionfirst.api.MetadataKeys;
import com.precautionfirst.api.events.ClearanceRecorded;
import com.precautionfirst.api.events.ClearanceRevoked;
import com.precautionfirst.api.events.ClientRegistered;
import com.precautionfirst.api.events.ConditionDeclared;
import com.precautionfirst.api.events.SessionStarted;
import com.precautionfirst.api.events.TherapistAssigned;
import com.precautionfirst.api.vocabulary.BodyArea;
import com.precautionfirst.api.vocabulary.Profession;
import com.precautionfirst.api.vocabulary.Professional;
import com.precautionfirst.api.vocabulary.Restrictions;
import com.precautionfirst.api.vocabulary.Technique;
import com.precautionfirst.command.precaution.ClearanceRequirement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.messaging.MetaData;

/**
 * Builds the history of a client in one line, e.g. {@code TestClients.maria().withSciatica().cleared().events()}:
 * Maria, assigned to therapist-a, with sciatica (M54.16) and a physiotherapist's clearance with the walk-through's
 * restrictions.
 */
public final class TestClients {

    public static final String CLIENT = "maria";
    public static final String THERAPIST = "therapist-a";
    public static final String OTHER_THERAPIST = "therapist-b";
    public static final String SCIATICA = "sciatica";
    public static final String PIRIFORMIS = "piriformis";
    public static final String CLEARANCE = "clearance-1";
    public static final String SESSION = "session-1";
    public static final LocalDate TODAY = LocalDate.of(2026, 11, 25);
    public static final Instant SESSION_TIME = Instant.parse("2026-11-25T10:00:00Z");
    public static final Professional PHYSIOTHERAPIST =
            new Professional("Dr. Lena Berg", Profession.PHYSIOTHERAPIST, "PT-4711");
    /** No lower leg, at most 2 on the lower back and 3 on the piriformis, no deep vibration. */
    public static final Restrictions RESTRICTIONS = new Restrictions(Set.of(BodyArea.LOWER_LEG),
            Map.of(BodyArea.LOWER_BACK, 2, BodyArea.PIRIFORMIS, 3), Set.of(Technique.DEEP_VIBRATION));
    public static final List<BodyArea> PLANNED =
            List.of(BodyArea.LOWER_BACK, BodyArea.BUTTOCKS, BodyArea.PIRIFORMIS, BodyArea.SACRUM_EDGE);

    private final List<Object> events = new ArrayList<>();

    private TestClients() {
    }

    /** Registered and assigned to therapist-a. */
    public static TestClients maria() {
        TestClients client = new TestClients();
        client.events.add(new ClientRegistered(CLIENT, "Maria Keller", LocalDate.of(1978, 4, 12)));
        client.events.add(new TherapistAssigned(CLIENT, THERAPIST));
        return client;
    }

    public TestClients withCondition(String conditionId, String icd10Code, boolean declaredRequiresClearance) {
        events.add(new ConditionDeclared(CLIENT, conditionId, icd10Code, conditionId, declaredRequiresClearance,
                ClearanceRequirement.requiresClearance(icd10Code, declaredRequiresClearance), null));
        return this;
    }

    public TestClients withSciatica() {
        return withCondition(SCIATICA, "M54.16", true);
    }

    public TestClients withPiriformisSyndrome() {
        return withCondition(PIRIFORMIS, "G57.01", true);
    }

    public TestClients withClearance(String clearanceId, LocalDate issuedOn, LocalDate validUntil,
                                     Restrictions restrictions, String... conditionIds) {
        events.add(new ClearanceRecorded(CLIENT, clearanceId, List.of(conditionIds), PHYSIOTHERAPIST, issuedOn,
                validUntil, "L5-S1 disc protrusion, left S1 root", restrictions, null));
        return this;
    }

    /** Clearance {@link #CLEARANCE} for sciatica, valid a month either side of {@link #TODAY}. */
    public TestClients cleared() {
        return withClearance(CLEARANCE, TODAY.minusMonths(1), TODAY.plusMonths(1), RESTRICTIONS, SCIATICA);
    }

    public TestClients revoked(String clearanceId) {
        events.add(new ClearanceRevoked(CLIENT, clearanceId, "new MRI findings"));
        return this;
    }

    public List<Object> events() {
        return List.copyOf(events);
    }

    /** The first event of a session that therapist-a started under {@link #CLEARANCE} with {@link #RESTRICTIONS}. */
    public static SessionStarted sessionStarted() {
        return new SessionStarted(SESSION, CLIENT, THERAPIST, PLANNED, SESSION_TIME, CLEARANCE, List.of(CLEARANCE),
                RESTRICTIONS);
    }

    public static MetaData as(String userId, String role) {
        return MetaData.with(MetadataKeys.USER_ID, userId).and(MetadataKeys.ROLE, role);
    }

    public static MetaData asAdmin() {
        return as("admin", "CLINIC_ADMIN");
    }

    public static MetaData asTherapist() {
        return as(THERAPIST, "THERAPIST");
    }

    public static MetaData asOtherTherapist() {
        return as(OTHER_THERAPIST, "THERAPIST");
    }
}
