package com.precautionfirst.query.web;

import com.precautionfirst.query.log.CheckpointStore;
import com.precautionfirst.query.log.LogProofs;
import com.precautionfirst.query.log.LogVerification;
import com.precautionfirst.query.log.SigningKey;
import com.precautionfirst.support.web.NotFoundException;
import com.precautionfirst.verifier.Checkpoint;
import com.precautionfirst.verifier.ConsistencyProof;
import com.precautionfirst.verifier.InclusionProof;
import com.precautionfirst.verifier.Keys;
import com.precautionfirst.verifier.Verdict;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The signed Merkle log of every event: checkpoints, the public key, proofs (admin, auditor, insurer) and the
 * verification of the whole log against the store (admin, auditor), by QuerySecurityConfiguration. Nothing here
 * shows an event's content: proofs carry hashes only.
 */
@RestController
public class LogController {

    static final int MAX_KEPT_CHECKPOINTS = 100;

    private final CheckpointStore checkpoints;
    private final SigningKey key;
    private final LogProofs proofs;
    private final LogVerification verification;

    public LogController(CheckpointStore checkpoints, SigningKey key, LogProofs proofs,
                         LogVerification verification) {
        this.checkpoints = checkpoints;
        this.key = key;
        this.proofs = proofs;
        this.verification = verification;
    }

    @Operation(summary = "The newest signed checkpoint: Ed25519 signature over tree size, root hash, issue instant, "
            + "key id, the access log's chain head and, format v2, the client map (clients, clientMapRoot: every "
            + "client's chain head as of the tree size; docs/log-format.md). Keep it, and check the next one against "
            + "it with a consistency proof.")
    @GetMapping("/api/checkpoints/latest")
    public Checkpoint latest() {
        return checkpoints.latest().orElseThrow(() -> new NotFoundException("no checkpoint has been issued yet"));
    }

    @Operation(summary = "The public key (PEM) checkpoints are signed with; with keyId, an earlier trusted key")
    @GetMapping(value = "/api/checkpoints/public-key", produces = MediaType.TEXT_PLAIN_VALUE)
    public String publicKey(@RequestParam(required = false) String keyId) {
        if (keyId == null) {
            return Keys.toPem(key.publicKey());
        }
        return Keys.toPem(key.trusted(keyId).orElseThrow(() -> new NotFoundException("no trusted key " + keyId)));
    }

    @Operation(summary = "The consistency proof (RFC 6962) that the tree of size `to` extends the tree of size `from`")
    @GetMapping("/api/checkpoints/consistency")
    public ConsistencyProof consistency(@RequestParam long from, @RequestParam long to) {
        return proofs.consistency(from, to);
    }

    @Operation(summary = "The inclusion proof (RFC 6962) of an event's leaf in the tree of size treeSize (default: "
            + "the newest checkpoint's)")
    @GetMapping("/api/checkpoints/inclusion")
    public InclusionProof inclusion(@RequestParam String eventId, @RequestParam(required = false) Long treeSize) {
        return proofs.inclusion(eventId, treeSize);
    }

    @Operation(summary = "Recomputes every leaf from the event store and checks the tree against every stored "
            + "signed checkpoint; names the first altered, removed, inserted or reordered event (or the smallest "
            + "range between two checkpoints that holds it); recomputes every client's chain too and names a changed, "
            + "removed or added chain entry, a head that is not its chain's, and a checkpoint whose client map the "
            + "events do not give")
    @GetMapping("/api/log/verification")
    public Verdict verify() {
        return verification.verify(List.of());
    }

    @Operation(summary = "The same verification, also against checkpoints the caller kept (a removal or rewrite "
            + "that took the stored checkpoints with it still shows)")
    @PostMapping("/api/log/verification")
    public Verdict verify(@Valid @RequestBody KeptCheckpoints kept) {
        return verification.verify(kept.checkpoints());
    }

    /** Checkpoints a caller saved earlier, as {@code GET /api/checkpoints/latest} answered them. */
    public record KeptCheckpoints(@NotNull @Size(min = 1, max = MAX_KEPT_CHECKPOINTS) List<@NotNull Checkpoint> checkpoints) {
    }
}
