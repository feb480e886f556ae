package com.precautionfirst.query.assessment;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A session's precaution assessment in the shape of API.md. */
public record PrecautionAssessment(Overall overall, List<Check> checks) {

    public enum Overall { PRECAUTIONS_MET, FLAGGED, IN_PROGRESS }

    public enum CheckName { CLEARED, STARTED_LIGHT, RESPONSIVE, WITHIN_RESTRICTIONS }

    public enum Status { MET, FLAGGED, NOT_APPLICABLE }

    /**
     * One check. {@code blockedAttempts} is set for WITHIN_RESTRICTIONS only: how many commands the system refused
     * in this session (each also listed in the evidence).
     */
    public record Check(CheckName check, Status status, List<Evidence> evidence,
                        @Schema(nullable = true) Integer blockedAttempts) {
    }

    /** An event that supports or flags a check: its stream, its number in the stream, and why it matters. */
    public record Evidence(String streamId, long sequence, String detail) {
    }

    public Check check(CheckName name) {
        return checks.stream().filter(c -> c.check() == name).findFirst().orElseThrow();
    }
}
