package com.precautionfirst.query.dashboard;

import com.precautionfirst.api.vocabulary.Restrictions;
import com.precautionfirst.query.history.ClientRecord;
import com.precautionfirst.query.recorded.Clearance;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What holds for a client on a day, as the dashboard shows it before a session: the open conditions that need a
 * clearance, whether each has one in force (covers it, issued, not expired, not revoked) and, if not, why; the
 * clearances in force and their restrictions combined (the strictest of them, as a session start combines them).
 * A reading of the record for people, not a decision: the command side alone decides whether a session may start.
 *
 * @param status     the client's clearance status: NOT_NEEDED, VALID (until {@code validUntil}), or why not
 * @param validUntil the first day a clearance in force runs out, when VALID
 * @param uncovered  the conditions needing a clearance that have none in force, with why
 */
public record Precautions(Status status, LocalDate validUntil, List<ClientRecord.Condition> needingClearance,
                          List<Uncovered> uncovered, List<Clearance> inForce, Restrictions restrictions) {

    /** A client's clearance status; the order is the order of concern when several conditions lack one. */
    public enum Status { NOT_NEEDED, VALID, EXPIRED, MISSING, REVOKED }

    /** A condition that needs a clearance and has none in force on the day. */
    public record Uncovered(ClientRecord.Condition condition, Status why) {
    }

    public static Precautions of(ClientRecord record, LocalDate day) {
        List<ClientRecord.Condition> needing = record.conditions.stream()
                .filter(c -> c.requiresClearance && c.resolution == null).toList();
        List<Uncovered> uncovered = new ArrayList<>();
        List<Clearance> inForce = new ArrayList<>();
        for (ClientRecord.Condition condition : needing) {
            List<Clearance> covering = record.clearances.stream()
                    .filter(c -> c.conditionIds.contains(condition.conditionId)).toList();
            Optional<Clearance> valid = covering.stream().filter(c -> inForce(c, day))
                    .max(Comparator.comparing(c -> c.validUntil));
            if (valid.isPresent()) {
                if (!inForce.contains(valid.get())) {
                    inForce.add(valid.get());
                }
            } else {
                uncovered.add(new Uncovered(condition, why(covering, day)));
            }
        }
        Restrictions restrictions = inForce.stream().map(c -> c.restrictions == null ? Restrictions.NONE : c.restrictions)
                .reduce(Restrictions.NONE, Restrictions::combine);
        Status status = needing.isEmpty() ? Status.NOT_NEEDED
                : uncovered.stream().map(Uncovered::why).max(Comparator.naturalOrder()).orElse(Status.VALID);
        LocalDate validUntil = status == Status.VALID
                ? inForce.stream().map(c -> c.validUntil).min(Comparator.naturalOrder()).orElse(null) : null;
        return new Precautions(status, validUntil, needing, uncovered, inForce, restrictions);
    }

    /** Whether a warning band belongs above the record: a condition needing a clearance has none in force. */
    public boolean warning() {
        return !uncovered.isEmpty();
    }

    private static boolean inForce(Clearance clearance, LocalDate day) {
        return clearance.revocation == null && !day.isBefore(clearance.issuedOn) && !day.isAfter(clearance.validUntil);
    }

    private static Status why(List<Clearance> covering, LocalDate day) {
        if (covering.stream().anyMatch(c -> c.revocation != null)) {
            return Status.REVOKED;
        }
        if (covering.stream().anyMatch(c -> day.isAfter(c.validUntil))) {
            return Status.EXPIRED;
        }
        return Status.MISSING;
    }
}
