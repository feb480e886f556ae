package com.precautionfirst.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;

/**
 * What a logged {@value #INSURANCE_RECORDED} says about sharing (decision 0061): the client, the insurer it names and
 * whether the client consents to share with it. A client may be in an insurer's export only when the latest of these
 * in its chain names that insurer with {@code consentToShare: true}. The service finds the clients of an export with
 * it (the rows it writes beside each such leaf) and the verifier checks the export's consent event with it, so both
 * read a payload alike: strictly JSON ({@link ClientEntry#jsonObject}), {@code insurerId} a string or else null,
 * {@code consentToShare} exactly the JSON value {@code true} or else false.
 */
public record InsuranceConsent(String clientId, String insurerId, boolean consentToShare) {

    /** The payload type of an insurance record. */
    public static final String INSURANCE_RECORDED = "com.precautionfirst.api.events.InsuranceRecorded";

    public InsuranceConsent {
        Objects.requireNonNull(clientId, "clientId");
    }

    /** The consent an event records; empty when it is no insurance record of a client. */
    public static Optional<InsuranceConsent> of(LogEvent event) {
        if (!INSURANCE_RECORDED.equals(event.payloadType())) {
            return Optional.empty();
        }
        JsonNode payload = ClientEntry.jsonObject(event.payload());
        String clientId = payload == null ? null : ClientEntry.text(payload, "clientId");
        if (clientId == null) {
            return Optional.empty();
        }
        JsonNode consent = payload.get("consentToShare");
        return Optional.of(new InsuranceConsent(clientId, ClientEntry.text(payload, "insurerId"),
                consent != null && consent.isBoolean() && consent.booleanValue()));
    }

    /** Whether the client consents to share with this insurer. */
    public boolean sharesWith(String insurer) {
        return consentToShare && insurer != null && insurer.equals(insurerId);
    }
}
