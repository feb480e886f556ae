package com.precautionfirst.query.web;

import com.precautionfirst.query.rebuild.ProjectionRebuild;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Rebuilds the projections from the event store (CLINIC_ADMIN only, by QuerySecurityConfiguration). */
@RestController
public class ProjectionAdminController {

    private final ProjectionRebuild rebuild;

    public ProjectionAdminController(ProjectionRebuild rebuild) {
        this.rebuild = rebuild;
    }

    @Operation(summary = "Rebuilds the projections (history, sessions, precaution listing, users) from the event "
            + "store beside the live ones, and switches to them once caught up",
            description = "Answers at once (202) with the processors rebuilt and the target position (the newest "
                    + "event in the store). The rebuild replays every event into a new generation of the "
                    + "projections while the live generation keeps answering every read, new events included; when "
                    + "the rebuild has reached the target and the live projections, the queries switch to it at "
                    + "once. Meanwhile a read with X-Event-Position = targetPosition waits (bounded) for "
                    + "the switch and answers from the rebuilt projections, or from the live ones with "
                    + "X-Projection-Stale: true when the wait ran out; a read without it, or of another position, "
                    + "answers from the live projections once they have it. A request while a rebuild runs starts "
                    + "none: it answers the running rebuild's processors and targetPosition (202). The audit chain "
                    + "and the signed "
                    + "log are never rebuilt.")
    @PostMapping("/api/admin/projections/rebuild")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public ProjectionRebuild.Started rebuild() {
        return rebuild.rebuild();
    }
}
