package com.precautionfirst.query.web;

import com.precautionfirst.query.projection.ProjectionRebuild;
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

    @Operation(summary = "Replays every event into fresh projections. Answers at once (202); send "
            + "X-Event-Position: targetPosition with a read to wait until the rebuild has caught up.")
    @PostMapping("/api/admin/projections/rebuild")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public ProjectionRebuild.Started rebuild() {
        return rebuild.rebuild();
    }
}
