package com.precautionfirst.query.recorded;

import com.precautionfirst.api.events.ClearanceRecorded;
import com.precautionfirst.api.vocabulary.Professional;
import com.precautionfirst.api.vocabulary.Restrictions;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.LocalDate;
import java.util.List;

/**
 * A clearance as the client's record holds it (with its revocation, once revoked). Here rather than with the rest
 * of the record because a session keeps a copy of it as it stood at the start, and its assessment judges that copy.
 */
public class Clearance extends RecordedEntry {
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
        // for Jackson
    }

    public Clearance(RecordedEvent event, ClearanceRecorded recorded) {
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

    /** The revocation of a clearance (ClearanceRevoked): it stays on the record, marked. */
    public static class Revocation extends RecordedEntry {
        public String reason;

        public Revocation() {
            // for Jackson
        }

        public Revocation(RecordedEvent event, String reason) {
            stamp(event);
            this.reason = reason;
        }
    }
}
