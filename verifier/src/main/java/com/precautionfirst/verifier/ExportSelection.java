package com.precautionfirst.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The selection rule of an insurer export (decision 0061): which of one client's events an export for the range
 * {@code [from, to)} holds. The service selects with it and the verifier checks with it, so both apply one rule. It
 * reads the client's chain ({@link ClientEntry}: type, time, tags) and the payloads of a few selected events only: the
 * {@code SessionStarted} of each session in range (for its clearances) and the {@code ClearanceRecorded} those name
 * (for their conditions). In chain order it selects:
 * <ol>
 *   <li>every entry whose session tag is that of a session started in range: a {@value ClientEntry#SESSION_STARTED}
 *       entry whose {@code at} (the payload's {@code startedAt}) is an instant in {@code [from, to)}; so the session's
 *       timeline, responses, refusals, end or early stop, amendments and the client stream's
 *       {@code SessionStartApproved};</li>
 *   <li>the {@value #CLEARANCE_RECORDED} and {@value #CLEARANCE_REVOKED} entries whose clearance tag is that of the
 *       {@code clearanceId} or one of the {@code coveringClearanceIds} of those sessions' {@code SessionStarted};</li>
 *   <li>the {@value #CONDITION_DECLARED} and {@value #CONDITION_RESOLVED} entries whose condition tag is that of one of
 *       the {@code conditionIds} of those {@code ClearanceRecorded};</li>
 *   <li>the {@value #PRECAUTION_BLOCKED} entries without a session tag whose {@code at} is in {@code [from, to)}:
 *       refused attempts outside any session, such as a refused start;</li>
 *   <li>the client's last {@value InsuranceConsent#INSURANCE_RECORDED} entry: the consent the export relies on.</li>
 * </ol>
 * Nothing else. An {@code at} that is no instant is in no range. A payload that is not at hand (an event the export
 * left out) adds nothing: what it would have added cannot be known, and its own entry is reported left out.
 */
public final class ExportSelection {

    private static final String EVENTS = "com.precautionfirst.api.events.";
    public static final String CLEARANCE_RECORDED = EVENTS + "ClearanceRecorded";
    public static final String CLEARANCE_REVOKED = EVENTS + "ClearanceRevoked";
    public static final String CONDITION_DECLARED = EVENTS + "ConditionDeclared";
    public static final String CONDITION_RESOLVED = EVENTS + "ConditionResolved";
    public static final String PRECAUTION_BLOCKED = EVENTS + "PrecautionBlocked";

    private ExportSelection() {
    }

    /** Where the rule reads the few payloads it needs. */
    @FunctionalInterface
    public interface Events {
        /** The events of these entries that are at hand, by leaf index; one not at hand is absent. */
        Map<Long, LogEvent> of(List<ClientEntry> entries);
    }

    /**
     * What the rule selects of one client's chain.
     *
     * @param entries    the selected entries, in chain order
     * @param sessionIds the ids of the sessions started in range whose {@code SessionStarted} was at hand, in chain
     *                   order
     */
    public record Selection(List<ClientEntry> entries, List<String> sessionIds) {

        public Selection {
            entries = List.copyOf(entries);
            sessionIds = List.copyOf(sessionIds);
        }

        /** Whether the session of this tag (lowercase hex) is one the rule selects. */
        public boolean selectsSession(String sessionTag) {
            return entries.stream().anyMatch(e -> e.payloadType().equals(ClientEntry.SESSION_STARTED)
                    && e.sessionTag() != null && Hex.encode(e.sessionTag()).equals(sessionTag));
        }
    }

    /**
     * Applies the rule to one client's whole chain (its entries up to the export's checkpoint, in order) for the range
     * {@code [from, to)}.
     */
    public static Selection select(List<ClientEntry> chain, Instant from, Instant to, Events events) {
        boolean[] selected = new boolean[chain.size()];
        if (chain.isEmpty()) {
            return new Selection(List.of(), List.of());
        }
        String clientId = chain.get(0).clientId();
        Predicate<ClientEntry> inRange = e -> {
            Instant at = instant(e.at());
            return at != null && !at.isBefore(from) && at.isBefore(to);
        };

        List<ClientEntry> started = matching(chain, e -> e.payloadType().equals(ClientEntry.SESSION_STARTED)
                && e.sessionTag() != null && inRange.test(e));
        Set<String> sessions = tags(started, ClientEntry::sessionTag);
        mark(chain, selected, e -> e.sessionTag() != null && sessions.contains(Hex.encode(e.sessionTag())));

        List<String> sessionIds = new ArrayList<>();
        Set<String> clearances = new HashSet<>();
        forEachPayload(started, events, payload -> {
            String sessionId = ClientEntry.text(payload, "sessionId");
            if (sessionId != null) {
                sessionIds.add(sessionId);
            }
            addTag(clearances, "clearance", clientId, ClientEntry.text(payload, "clearanceId"));
            strings(payload.get("coveringClearanceIds")).forEach(id -> addTag(clearances, "clearance", clientId, id));
        });
        mark(chain, selected, e -> (e.payloadType().equals(CLEARANCE_RECORDED)
                || e.payloadType().equals(CLEARANCE_REVOKED)) && hasTag(e.clearanceTag(), clearances));

        List<ClientEntry> recorded = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            if (selected[i] && chain.get(i).payloadType().equals(CLEARANCE_RECORDED)) {
                recorded.add(chain.get(i));
            }
        }
        Set<String> conditions = new HashSet<>();
        forEachPayload(recorded, events, payload -> strings(payload.get("conditionIds"))
                .forEach(id -> addTag(conditions, "condition", clientId, id)));
        mark(chain, selected, e -> (e.payloadType().equals(CONDITION_DECLARED)
                || e.payloadType().equals(CONDITION_RESOLVED)) && hasTag(e.conditionTag(), conditions));

        mark(chain, selected, e -> e.payloadType().equals(PRECAUTION_BLOCKED) && e.sessionTag() == null
                && inRange.test(e));

        for (int i = chain.size() - 1; i >= 0; i--) {
            if (chain.get(i).payloadType().equals(InsuranceConsent.INSURANCE_RECORDED)) {
                selected[i] = true;
                break;
            }
        }

        List<ClientEntry> entries = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            if (selected[i]) {
                entries.add(chain.get(i));
            }
        }
        return new Selection(entries, sessionIds);
    }

    /** The text as an instant (ISO-8601), or null when it is none. */
    public static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static List<ClientEntry> matching(List<ClientEntry> chain, Predicate<ClientEntry> rule) {
        return chain.stream().filter(rule).toList();
    }

    private static void mark(List<ClientEntry> chain, boolean[] selected, Predicate<ClientEntry> rule) {
        for (int i = 0; i < chain.size(); i++) {
            selected[i] |= rule.test(chain.get(i));
        }
    }

    private static Set<String> tags(List<ClientEntry> entries, Function<ClientEntry, byte[]> tag) {
        Set<String> tags = new HashSet<>();
        entries.forEach(e -> tags.add(Hex.encode(tag.apply(e))));
        return tags;
    }

    private static void addTag(Set<String> tags, String kind, String clientId, String id) {
        if (id != null) {
            tags.add(Hex.encode(ClientEntry.tag(kind, clientId, id)));
        }
    }

    private static boolean hasTag(byte[] tag, Set<String> tags) {
        return tag != null && tags.contains(Hex.encode(tag));
    }

    /** Runs {@code action} on the payload of each entry's event that is at hand and strictly a JSON object. */
    private static void forEachPayload(List<ClientEntry> entries, Events events, Consumer<JsonNode> action) {
        if (entries.isEmpty()) {
            return;
        }
        Map<Long, LogEvent> found = events.of(entries);
        for (ClientEntry entry : entries) {
            LogEvent event = found.get(entry.leafIndex());
            JsonNode payload = event == null ? null : ClientEntry.jsonObject(event.payload());
            if (payload != null) {
                action.accept(payload);
            }
        }
    }

    /** The string elements of a JSON array (others skipped); none for anything else. */
    static List<String> strings(JsonNode array) {
        List<String> strings = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(element -> {
                if (element.isTextual()) {
                    strings.add(element.textValue());
                }
            });
        }
        return strings;
    }
}
