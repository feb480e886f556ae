package com.precautionfirst.command.web;

import com.precautionfirst.command.client.SessionStartResult;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;

/** The bodies of the commands that create a record (201); every other command answers 200 without a body. */
public final class Created {

    private Created() {
    }

    public record NewClient(@Schema(requiredMode = RequiredMode.REQUIRED) String clientId) {
    }

    public record NewCondition(@Schema(requiredMode = RequiredMode.REQUIRED) String conditionId) {
    }

    public record NewClearance(@Schema(requiredMode = RequiredMode.REQUIRED) String clearanceId) {
    }

    public record NewSession(
            @Schema(requiredMode = RequiredMode.REQUIRED) String sessionId,
            @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true,
                    description = "the clearance the session started under; null when no condition needed one")
            String clearanceId) {

        static NewSession of(SessionStartResult started) {
            return new NewSession(started.sessionId(), started.clearanceId());
        }
    }

    public record NewUser(@Schema(requiredMode = RequiredMode.REQUIRED) String userId) {
    }
}
