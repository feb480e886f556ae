package com.precautionfirst.query.web;

import com.precautionfirst.query.deadletter.DeadLetters;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** The events the projections could not handle, and their retry (CLINIC_ADMIN only, by QuerySecurityConfiguration). */
@RestController
public class DeadLetterAdminController {

    private final DeadLetters letters;

    public DeadLetterAdminController(DeadLetters letters) {
        this.letters = letters;
    }

    @Operation(summary = "Events a projection failed to handle, per processor and sequence (the client, or the user's "
            + "stream): the first letter of a sequence failed (cause), the later ones of the same client wait behind "
            + "it, in order, while other clients are projected")
    @GetMapping("/api/admin/dead-letters")
    public DeadLetters.Listing deadLetters() {
        return letters.list();
    }

    @Operation(summary = "Handles every waiting sequence again, in order: says per sequence how many letters were "
            + "projected and how many still wait, with the cause of the first that failed again")
    @PostMapping("/api/admin/dead-letters/retry")
    public DeadLetters.Retried retry() {
        return letters.retry();
    }
}
