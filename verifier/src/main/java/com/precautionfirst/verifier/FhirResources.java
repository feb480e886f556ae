package com.precautionfirst.verifier;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.UUID;
import java.util.function.Function;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Base64BinaryType;
import org.hl7.fhir.r4.model.Basic;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Signature;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

/**
 * The FHIR R4 resources an insurer export derives from one client's events (decision 0062, docs/export-format.md,
 * "FHIR"), in one place for both sides: the query side writes what {@link #derive} gives, and the verifier derives
 * again from the events it has proved and compares, so a clinical resource changed in an export with its leaves intact
 * is caught. Hence everything here is a function of the events and the checkpoint alone: no clock, no random ids
 * (full URLs are name-based UUIDs), the events taken in leaf order whatever order an export lists them in, and a
 * reference only to a resource that is derived too.
 *
 * <p>The mapping: a pseudonymised {@code Patient} (the client id and the policy number of the latest insurance record,
 * nothing else); a {@code Consent} per {@code InsuranceRecorded}; a {@code Condition} per condition; per clearance a
 * {@code Basic} (validity, damage location, restrictions, the conditions it covers, its revocation) and the
 * {@code Practitioner} who issued it; a {@code Procedure} per session (status, period, therapist, {@code bodySite} per
 * area, techniques, pressures, outcome, amendments); an {@code Observation} per client response; an
 * {@code AuditEvent} per refused attempt; and a {@code Provenance} per resource whose entities are the leaf
 * {@code Binary}s of the events it comes from and whose signature is the checkpoint's. Codes of this system (body
 * areas, techniques, rules, ...) are the payloads' enum names in code systems under {@value #CODES}.
 */
final class FhirResources {

    /** Where this system's code systems, identifier systems and extensions live. */
    static final String BASE = "https://precautionfirst.com/fhir/";
    static final String CODES = BASE + "CodeSystem/";
    static final String IDS = BASE + "sid/";
    static final String EXTENSIONS = BASE + "StructureDefinition/";
    /** The session's precaution assessment on its Procedure: derived by the query side, not covered by the proofs. */
    static final String ASSESSMENT = EXTENSIONS + "precaution-assessment";
    /** How the checkpoint's signature is marked where it stands (Provenance.signature, Bundle.signature). */
    static final String SIGNATURE_FORMAT = "application/vnd.precaution-first.checkpoint-signature";
    private static final String EVENTS = "com.precautionfirst.api.events.";
    private static final String SERVICE = "precaution-first treatment records";

    /**
     * One derived resource: its full URL in the Bundle, how problems name it ("Procedure of session s-1"), and the
     * leaves of the events it comes from.
     */
    record Derived(String fullUrl, String name, Resource resource, List<Long> leaves) {
    }

    /** One of the client's events with its payload (a JSON object). */
    private record Source(long leaf, LogEvent event, JsonNode payload) {

        String type() {
            return event.payloadType().substring(EVENTS.length());
        }

        String text(String field) {
            return ClientEntry.text(payload, field);
        }
    }

    private final String clientId;
    private final String patient;
    private final List<Derived> derived = new ArrayList<>();

    private FhirResources(String clientId) {
        this.clientId = clientId;
        this.patient = fullUrl("patient", clientId);
    }

    /** The one FHIR R4 context (costly to make, thread-safe), made at the first FHIR export. */
    static FhirContext context() {
        return Context.R4;
    }

    private static final class Context {
        static final FhirContext R4 = FhirContext.forR4Cached();
    }

    /**
     * The resources derived from these events of the client (by leaf index), their Provenances last, each signed with
     * the checkpoint's signature.
     */
    static List<Derived> derive(String clientId, SortedMap<Long, LogEvent> events, Checkpoint checkpoint) {
        FhirResources client = new FhirResources(clientId);
        List<Source> insurance = new ArrayList<>();
        Map<String, List<Source>> conditions = new LinkedHashMap<>();
        Map<String, List<Source>> clearances = new LinkedHashMap<>();
        Map<String, List<Source>> sessions = new LinkedHashMap<>();
        List<Source> responses = new ArrayList<>();
        List<Source> refusals = new ArrayList<>();
        events.forEach((leaf, event) -> {
            JsonNode payload = ClientEntry.jsonObject(event.payload());
            if (payload == null || !event.payloadType().startsWith(EVENTS)) {
                return;
            }
            Source source = new Source(leaf, event, payload);
            switch (source.type()) {
                case "InsuranceRecorded" -> insurance.add(source);
                case "ConditionDeclared", "ConditionResolved" -> group(conditions, source, "conditionId");
                case "ClearanceRecorded", "ClearanceRevoked" -> group(clearances, source, "clearanceId");
                case "SessionStarted", "SessionStartApproved", "PressureAdjusted", "TechniqueApplied", "EntryAmended",
                     "SessionEnded", "SessionStoppedEarly" -> group(sessions, source, "sessionId");
                case "ClientResponseRecorded" -> responses.add(source);
                case "PrecautionBlocked" -> refusals.add(source);
                default -> {
                    // nothing an export holds (a registration, a therapist's assignment) becomes a resource
                }
            }
        });
        client.patient(insurance);
        insurance.forEach(client::consent);
        Map<String, String> conditionUrls = new LinkedHashMap<>();
        conditions.forEach((id, sources) -> conditionUrls.put(id, client.condition(id, sources)));
        Map<String, String> clearanceUrls = new LinkedHashMap<>();
        clearances.forEach((id, sources) -> clearanceUrls.put(id, client.clearance(id, sources, conditionUrls)));
        Map<String, String> sessionUrls = new LinkedHashMap<>();
        sessions.forEach((id, sources) -> sessionUrls.put(id, client.procedure(id, sources, clearanceUrls)));
        responses.forEach(response -> client.observation(response, sessionUrls));
        refusals.forEach(refusal -> client.auditEvent(refusal, sessionUrls));
        List<Derived> resources = new ArrayList<>(client.derived);
        resources.forEach(resource -> client.provenance(resource, checkpoint));
        return client.derived;
    }

    /** A Bundle full URL of the resource of this kind and key: a name-based UUID, the same for the same log. */
    static String fullUrl(String kind, String... key) {
        return "urn:uuid:" + UUID.nameUUIDFromBytes(("precaution-first fhir v1\n" + kind + "\n" + String.join("\n", key))
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The full URL of the Binary holding the leaf bytes of this leaf. */
    static String leafUrl(long leaf) {
        return fullUrl("leaf", Long.toString(leaf));
    }

    /**
     * The assessment as an extension of its Procedure, marked derived: its JSON members as nested extensions (an array
     * as repeated ones, null left out); null for none.
     */
    static Extension assessment(JsonNode assessment) {
        if (assessment == null || !assessment.isObject()) {
            return null;
        }
        Extension extension = new Extension(ASSESSMENT);
        extension.addExtension("derived", new BooleanType(true));
        assessment.fields().forEachRemaining(member -> nest(extension, member.getKey(), member.getValue()));
        return extension;
    }

    private static void nest(Extension parent, String name, JsonNode value) {
        if (value == null || value.isNull()) {
            return;
        }
        if (value.isArray()) {
            value.forEach(element -> nest(parent, name, element));
            return;
        }
        Extension extension = new Extension(name);
        if (value.isObject()) {
            value.fields().forEachRemaining(member -> nest(extension, member.getKey(), member.getValue()));
            if (extension.getExtension().isEmpty()) {
                return;
            }
        } else if (value.isBoolean()) {
            extension.setValue(new BooleanType(value.booleanValue()));
        } else if (value.canConvertToInt() && value.canConvertToExactIntegral()) {
            extension.setValue(new IntegerType(value.intValue()));
        } else if (value.isNumber()) {
            extension.setValue(new DecimalType(value.decimalValue()));
        } else {
            extension.setValue(new StringType(value.asText()));
        }
        parent.addExtension(extension);
    }

    private static void group(Map<String, List<Source>> groups, Source source, String idField) {
        String id = source.text(idField);
        if (id != null) {
            groups.computeIfAbsent(id, key -> new ArrayList<>()).add(source);
        }
    }

    private String add(String kind, String key, String name, Resource resource, List<Source> sources) {
        String url = fullUrl(kind, clientId, key);
        derived.add(new Derived(url, name, resource, sources.stream().map(Source::leaf).toList()));
        return url;
    }

    /** The client as the insurer knows it: its id and the policy number; no name, birth date or address. */
    private void patient(List<Source> insurance) {
        Patient patient = new Patient();
        patient.addIdentifier(identifier("client-id", clientId));
        List<Source> latest = insurance.isEmpty() ? List.of() : List.of(insurance.get(insurance.size() - 1));
        latest.forEach(record -> {
            if (record.text("policyNumber") != null) {
                patient.addIdentifier(identifier("policy-number", record.text("policyNumber"))
                        .setAssigner(identified("insurer-id", record.text("insurerId"))));
            }
        });
        derived.add(new Derived(this.patient, "Patient", patient, latest.stream().map(Source::leaf).toList()));
    }

    private void consent(Source record) {
        Consent consent = new Consent();
        consent.setStatus(Consent.ConsentState.ACTIVE);
        consent.setScope(concept("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy"));
        consent.addCategory(concept("http://loinc.org", "59284-0"));
        consent.setPatient(new Reference(patient));
        consent.setDateTimeElement(dateTime(record.event().timestamp()));
        consent.setPolicyRule(ours("consent-policy", "share-with-insurer"));
        JsonNode shares = record.payload().get("consentToShare");
        Consent.ProvisionComponent provision = consent.getProvision().setType(shares != null && shares.isBoolean()
                && shares.booleanValue() ? Consent.ConsentProvisionType.PERMIT : Consent.ConsentProvisionType.DENY);
        provision.addActor().setRole(concept("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP"))
                .setReference(identified("insurer-id", record.text("insurerId")));
        add("consent", Long.toString(record.leaf()), "Consent of event leaf " + record.leaf(), consent, List.of(record));
    }

    private String condition(String conditionId, List<Source> sources) {
        Condition condition = new Condition();
        condition.addIdentifier(identifier("condition-id", conditionId));
        condition.setSubject(new Reference(patient));
        String status = "active";
        for (Source source : sources) {
            if (source.type().equals("ConditionDeclared")) {
                CodeableConcept code = new CodeableConcept().setText(source.text("description"));
                if (source.text("icd10Code") != null) {
                    code.addCoding(new Coding("http://hl7.org/fhir/sid/icd-10", source.text("icd10Code"), null));
                }
                condition.setCode(code);
                if (source.text("region") != null) {
                    condition.addBodySite(new CodeableConcept().setText(source.text("region")));
                }
                condition.setRecordedDateElement(dateTime(source.event().timestamp()));
            } else {
                status = "resolved";
                condition.setAbatement(dateTime(source.event().timestamp()));
                if (source.text("note") != null) {
                    condition.addNote().setText(source.text("note"));
                }
            }
        }
        condition.setClinicalStatus(concept("http://terminology.hl7.org/CodeSystem/condition-clinical", status));
        return add("condition", conditionId, "Condition " + conditionId, condition, sources);
    }

    /** A clearance: the professional who issued it, and a Basic of this system's code "clearance". */
    private String clearance(String clearanceId, List<Source> sources, Map<String, String> conditions) {
        Basic clearance = new Basic();
        clearance.addIdentifier(identifier("clearance-id", clearanceId));
        clearance.setCode(ours("resource-kind", "clearance"));
        clearance.setSubject(new Reference(patient));
        for (Source source : sources) {
            if (source.type().equals("ClearanceRecorded")) {
                clearance.setCreatedElement(date(source.text("issuedOn")));
                JsonNode professional = source.payload().get("professional");
                if (professional != null && professional.isObject()) {
                    clearance.setAuthor(new Reference(practitioner(clearanceId, professional, source)));
                }
                extend(clearance, "valid-until", date(source.text("validUntil")));
                extend(clearance, "damage-location", string(source.text("damageLocation")));
                restrictions(source.payload().get("restrictions")).ifPresent(clearance::addExtension);
                ExportSelection.strings(source.payload().get("conditionIds")).stream().map(conditions::get)
                        .filter(url -> url != null).forEach(url -> extend(clearance, "covers", new Reference(url)));
                extend(clearance, "document-sha256", string(source.text("documentSha256")));
            } else {
                Extension revoked = new Extension(EXTENSIONS + "revoked");
                sub(revoked, "at", dateTime(source.event().timestamp()));
                sub(revoked, "reason", string(source.text("reason")));
                clearance.addExtension(revoked);
            }
        }
        return add("clearance", clearanceId, "Basic of clearance " + clearanceId, clearance, sources);
    }

    private String practitioner(String clearanceId, JsonNode professional, Source source) {
        Practitioner practitioner = new Practitioner();
        String licence = ClientEntry.text(professional, "licenseNumber");
        if (licence != null) {
            practitioner.addIdentifier(identifier("licence-number", licence));
        }
        if (ClientEntry.text(professional, "name") != null) {
            practitioner.addName().setText(ClientEntry.text(professional, "name"));
        }
        if (ClientEntry.text(professional, "profession") != null) {
            practitioner.addQualification().setCode(ours("profession",
                    ClientEntry.text(professional, "profession")));
        }
        return add("practitioner", clearanceId, "Practitioner of clearance " + clearanceId, practitioner,
                List.of(source));
    }

    private static Optional<Extension> restrictions(JsonNode restrictions) {
        if (restrictions == null || !restrictions.isObject()) {
            return Optional.empty();
        }
        Extension extension = new Extension(EXTENSIONS + "restrictions");
        ExportSelection.strings(restrictions.get("excludedAreas")).forEach(area ->
                extension.addExtension("excluded-area", code("body-area", area)));
        JsonNode limits = restrictions.get("maxPressure");
        if (limits != null && limits.isObject()) {
            limits.fields().forEachRemaining(limit -> {
                Extension max = new Extension("max-pressure");
                sub(max, "area", code("body-area", limit.getKey()));
                sub(max, "level", limit.getValue().canConvertToInt() ? new IntegerType(limit.getValue().intValue())
                        : null);
                extension.addExtension(max);
            });
        }
        ExportSelection.strings(restrictions.get("prohibitedTechniques")).forEach(technique ->
                extension.addExtension("prohibited-technique", code("technique", technique)));
        return extension.getExtension().isEmpty() ? Optional.empty() : Optional.of(extension);
    }

    /** A session: its start, timeline and end or early stop in one Procedure. */
    private String procedure(String sessionId, List<Source> sources, Map<String, String> clearances) {
        Procedure procedure = new Procedure();
        procedure.addIdentifier(identifier("session-id", sessionId));
        procedure.setStatus(Procedure.ProcedureStatus.UNKNOWN);
        procedure.setCode(ours("resource-kind", "treatment-session"));
        procedure.setSubject(new Reference(patient));
        Period performed = new Period();
        List<String> areas = new ArrayList<>();
        for (Source source : sources) {
            switch (source.type()) {
                case "SessionStarted", "SessionStartApproved" -> {
                    if (procedure.getStatus() == Procedure.ProcedureStatus.UNKNOWN) {
                        procedure.setStatus(Procedure.ProcedureStatus.INPROGRESS);
                    }
                    performed.setStartElement(dateTime(source.text("startedAt")));
                    if (source.text("therapistId") != null && !procedure.hasPerformer()) {
                        procedure.addPerformer().setActor(identified("therapist-id", source.text("therapistId")));
                    }
                    areas.addAll(ExportSelection.strings(source.payload().get("plannedAreas")));
                    List<String> covering = new ArrayList<>(ExportSelection.strings(source.payload().get("coveringClearanceIds")));
                    covering.add(0, source.text("clearanceId"));
                    covering.stream().distinct().map(id -> id == null ? null : clearances.get(id))
                            .filter(url -> url != null && procedure.getExtensionsByUrl(EXTENSIONS + "clearance")
                                    .stream().noneMatch(e -> ((Reference) e.getValue()).getReference().equals(url)))
                            .forEach(url -> extend(procedure, "clearance", new Reference(url)));
                }
                case "PressureAdjusted" -> {
                    areas.add(source.text("area"));
                    Extension pressure = timed("pressure", source);
                    sub(pressure, "area", code("body-area", source.text("area")));
                    JsonNode level = source.payload().get("level");
                    sub(pressure, "level", level != null && level.canConvertToInt()
                            ? new IntegerType(level.intValue()) : null);
                    sub(pressure, "reason", code("pressure-reason", source.text("reason")));
                    procedure.addExtension(pressure);
                }
                case "TechniqueApplied" -> {
                    areas.add(source.text("area"));
                    Extension technique = timed("technique", source);
                    sub(technique, "area", code("body-area", source.text("area")));
                    sub(technique, "technique", code("technique", source.text("technique")));
                    procedure.addExtension(technique);
                }
                case "EntryAmended" -> procedure.addNote().setTimeElement(dateTime(source.event().timestamp()))
                        .setText("Amendment of entry " + source.payload().path("entrySequence").asText() + ": "
                                + source.text("correction") + " (reason: " + source.text("reason") + ")");
                case "SessionEnded" -> {
                    procedure.setStatus(Procedure.ProcedureStatus.COMPLETED);
                    performed.setEndElement(dateTime(source.event().timestamp()));
                    procedure.setOutcome(ours("session-outcome", source.text("outcome")));
                    if (source.text("notes") != null) {
                        procedure.addNote().setText(source.text("notes"));
                    }
                }
                default -> { // SessionStoppedEarly
                    procedure.setStatus(Procedure.ProcedureStatus.STOPPED);
                    performed.setEndElement(dateTime(source.event().timestamp()));
                    procedure.setOutcome(ours("session-outcome", "STOPPED_EARLY"));
                    CodeableConcept reason = new CodeableConcept().setText(source.text("reason"));
                    if (source.text("cause") != null) {
                        reason.addCoding(code("stop-cause", source.text("cause")));
                    }
                    procedure.setStatusReason(reason);
                }
            }
        }
        if (performed.hasStart() || performed.hasEnd()) {
            procedure.setPerformed(performed);
        }
        areas.stream().filter(area -> area != null).distinct()
                .forEach(area -> procedure.addBodySite(ours("body-area", area)));
        return add("procedure", sessionId, "Procedure of session " + sessionId, procedure, sources);
    }

    private Extension timed(String name, Source source) {
        Extension extension = new Extension(EXTENSIONS + name);
        sub(extension, "at", dateTime(source.event().timestamp()));
        return extension;
    }

    private void observation(Source response, Map<String, String> sessions) {
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.setCode(ours("resource-kind", "client-response"));
        observation.setSubject(new Reference(patient));
        String session = response.text("sessionId") == null ? null : sessions.get(response.text("sessionId"));
        if (session != null) {
            observation.addPartOf(new Reference(session));
        }
        observation.setEffective(dateTime(response.event().timestamp()));
        if (response.text("area") != null) {
            observation.setBodySite(ours("body-area", response.text("area")));
        }
        JsonNode sensitivity = response.payload().get("sensitivity");
        if (sensitivity != null && sensitivity.canConvertToInt()) {
            observation.addComponent().setCode(ours("client-response", "sensitivity"))
                    .setValue(new IntegerType(sensitivity.intValue()));
        }
        JsonNode radiating = response.payload().get("radiatingPain");
        if (radiating != null && radiating.isBoolean()) {
            observation.addComponent().setCode(ours("client-response", "radiating-pain"))
                    .setValue(new BooleanType(radiating.booleanValue()));
        }
        if (response.text("note") != null) {
            observation.addNote().setText(response.text("note"));
        }
        add("observation", Long.toString(response.leaf()), "Observation of event leaf " + response.leaf(),
                observation, List.of(response));
    }

    private void auditEvent(Source refusal, Map<String, String> sessions) {
        AuditEvent audit = new AuditEvent();
        audit.setType(code("resource-kind", "precaution-blocked"));
        if (refusal.text("attemptedCommand") != null) {
            audit.addSubtype(code("command", refusal.text("attemptedCommand")));
        }
        audit.setAction(AuditEvent.AuditEventAction.E);
        audit.setRecordedElement(instant(refusal.event().timestamp()));
        audit.setOutcome(AuditEvent.AuditEventOutcome._4);
        AuditEvent.AuditEventAgentComponent agent = audit.addAgent().setRequestor(true);
        if (refusal.text("attemptedBy") != null) {
            agent.setWho(identified("user-id", refusal.text("attemptedBy")));
        }
        if (refusal.text("role") != null) {
            agent.addRole(ours("role", refusal.text("role")));
        }
        audit.getSource().setObserver(identified("service", SERVICE));
        AuditEvent.AuditEventEntityComponent client = audit.addEntity().setWhat(new Reference(patient));
        JsonNode values = refusal.payload().get("attemptedValues");
        if (values != null && values.isObject()) {
            values.fields().forEachRemaining(value -> client.addDetail().setType(value.getKey())
                    .setValue(new StringType(value.getValue().asText())));
        }
        String session = refusal.text("sessionId") == null ? null : sessions.get(refusal.text("sessionId"));
        if (session != null) {
            audit.addEntity().setWhat(new Reference(session));
        }
        JsonNode violations = refusal.payload().get("violations");
        if (violations != null && violations.isArray()) {
            violations.forEach(violation -> {
                Extension extension = new Extension(EXTENSIONS + "violation");
                sub(extension, "rule", code("precaution-rule", ClientEntry.text(violation, "rule")));
                sub(extension, "message", string(ClientEntry.text(violation, "message")));
                if (extension.hasExtension()) {
                    audit.addExtension(extension);
                }
            });
        }
        add("audit-event", Long.toString(refusal.leaf()), "AuditEvent of event leaf " + refusal.leaf(), audit,
                List.of(refusal));
    }

    /** The Provenance of a derived resource: its leaves as entities, the checkpoint's signature. */
    private void provenance(Derived target, Checkpoint checkpoint) {
        Provenance provenance = new Provenance();
        provenance.addTarget(new Reference(target.fullUrl()));
        provenance.setRecordedElement(instant(checkpoint.issuedAt()));
        provenance.addAgent().setType(concept("http://terminology.hl7.org/CodeSystem/provenance-participant-type",
                "assembler")).setWho(identified("service", SERVICE));
        target.leaves().forEach(leaf -> provenance.addEntity().setRole(Provenance.ProvenanceEntityRole.SOURCE)
                .setWhat(new Reference(leafUrl(leaf))));
        provenance.addSignature(signature(checkpoint));
        derived.add(new Derived(fullUrl("provenance", target.fullUrl()), "Provenance of " + target.name(),
                provenance, target.leaves()));
    }

    /** The checkpoint's signature as a FHIR Signature: over the checkpoint's signed text, not over the resource. */
    static Signature signature(Checkpoint checkpoint) {
        Signature signature = new Signature();
        signature.addType(new Coding("urn:iso-astm:E1762-95:2013", "1.2.840.10065.1.12.1.5", "Verification Signature"));
        signature.setWhenElement(instant(checkpoint.issuedAt()));
        signature.setWho(identified("signing-key", checkpoint.keyId()));
        signature.setSigFormat(SIGNATURE_FORMAT);
        try {
            signature.setDataElement(new Base64BinaryType(Base64.getDecoder().decode(checkpoint.signature())));
        } catch (IllegalArgumentException | NullPointerException e) {
            // no signature to carry: the checkpoint's own check names it
        }
        return signature;
    }

    private static void extend(DomainResource resource, String name, Type value) {
        if (value != null) {
            resource.addExtension(EXTENSIONS + name, value);
        }
    }

    private static void sub(Extension parent, String name, Type value) {
        if (value != null) {
            parent.addExtension(name, value);
        }
    }

    private static Identifier identifier(String system, String value) {
        return new Identifier().setSystem(IDS + system).setValue(value);
    }

    /** A reference by identifier: to someone (therapist, insurer, user) the export holds no resource of. */
    private static Reference identified(String system, String value) {
        return new Reference().setIdentifier(identifier(system, value));
    }

    /** A code of this system's code system {@code system}; null for no code. */
    private static Coding code(String system, String code) {
        return code == null ? null : new Coding(CODES + system, code, null);
    }

    /** A concept of this system's code system {@code system}; null for no code. */
    private static CodeableConcept ours(String system, String code) {
        return code == null ? null : new CodeableConcept(code(system, code));
    }

    private static CodeableConcept concept(String system, String code) {
        return new CodeableConcept(new Coding(system, code, null));
    }

    private static StringType string(String text) {
        return text == null ? null : new StringType(text);
    }

    private static DateTimeType dateTime(String text) {
        return parsed(text, DateTimeType::new);
    }

    private static InstantType instant(String text) {
        return parsed(text, InstantType::new);
    }

    private static DateType date(String text) {
        return parsed(text, DateType::new);
    }

    /** The value of a FHIR date type, or null when the text is none (an event's field that is no date). */
    private static <T extends Type> T parsed(String text, Function<String, T> type) {
        try {
            return text == null ? null : type.apply(text);
        } catch (DataFormatException | IllegalArgumentException e) {
            return null;
        }
    }
}
