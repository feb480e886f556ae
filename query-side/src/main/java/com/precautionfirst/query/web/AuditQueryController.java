package com.precautionfirst.query.web;

import com.precautionfirst.query.access.RecordAccess;
import com.precautionfirst.query.audit.AuditTrail;
import com.precautionfirst.query.log.ClientEvidence;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A client's tamper-evident audit trail and its verification against the event store and the signed log. */
@RestController
public class AuditQueryController {

    private final AuditTrail audit;
    private final RecordAccess access;
    private final ClientEvidence evidence;

    public AuditQueryController(AuditTrail audit, RecordAccess access, ClientEvidence evidence) {
        this.audit = audit;
        this.access = access;
        this.evidence = evidence;
    }

    @Operation(summary = "Every event of the client and its sessions, refusals included, in commit order, with its "
            + "place in the hash chain (hash = SHA-256(previousHash + canonical event))")
    @GetMapping("/api/clients/{clientId}/audit-trail")
    public AuditTrailAnswer trail(@PathVariable String clientId, HttpServletRequest request) {
        return access.read(clientId, null, request, () -> new AuditTrailAnswer(clientId, audit.trail(clientId)));
    }

    @Operation(summary = "Recomputes the client's hash chain from the event store and names the first event that was "
            + "changed, removed or inserted; and proves every event of the client against the newest signed "
            + "checkpoint of the Merkle log (signedLog), which a rewrite cannot pass even when the chain and every "
            + "stored hash were recomputed. valid only when both hold.")
    @GetMapping("/api/clients/{clientId}/audit-trail/verification")
    public VerificationAnswer verify(@PathVariable String clientId, HttpServletRequest request) {
        return access.read(clientId, null, request, () -> {
            AuditTrail.Verification chain = audit.verify(clientId);
            ClientEvidence.SignedLogCheck signedLog = evidence.check(clientId);
            return new VerificationAnswer(chain.valid() && signedLog.problems().isEmpty(), chain.checkedEvents(),
                    chain.firstMismatch(), signedLog);
        });
    }

    /** The chain's verdict and the signed log's, together. */
    public record VerificationAnswer(boolean valid, int checkedEvents,
                                     @Schema(nullable = true) AuditTrail.Mismatch firstMismatch,
                                     ClientEvidence.SignedLogCheck signedLog) {
    }

    public record AuditTrailAnswer(String clientId, List<AuditTrail.TrailEvent> events) {
    }
}
