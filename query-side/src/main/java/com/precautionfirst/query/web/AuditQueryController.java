package com.precautionfirst.query.web;

import com.precautionfirst.query.access.RecordAccess;
import com.precautionfirst.query.audit.AuditTrail;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A client's tamper-evident audit trail and its verification against the event store. */
@RestController
public class AuditQueryController {

    private final AuditTrail audit;
    private final RecordAccess access;

    public AuditQueryController(AuditTrail audit, RecordAccess access) {
        this.audit = audit;
        this.access = access;
    }

    @Operation(summary = "Every event of the client and its sessions, refusals included, in commit order, with its "
            + "place in the hash chain (hash = SHA-256(previousHash + canonical event))")
    @GetMapping("/api/clients/{clientId}/audit-trail")
    public AuditTrailAnswer trail(@PathVariable String clientId, HttpServletRequest request) {
        return access.read(clientId, null, request, () -> new AuditTrailAnswer(clientId, audit.trail(clientId)));
    }

    @Operation(summary = "Recomputes the client's hash chain from the event store; names the first event that was "
            + "changed, removed or inserted")
    @GetMapping("/api/clients/{clientId}/audit-trail/verification")
    public AuditTrail.Verification verify(@PathVariable String clientId, HttpServletRequest request) {
        return access.read(clientId, null, request, () -> audit.verify(clientId));
    }

    public record AuditTrailAnswer(String clientId, List<AuditTrail.TrailEvent> events) {
    }
}
