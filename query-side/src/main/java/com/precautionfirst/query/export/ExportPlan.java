package com.precautionfirst.query.export;

import com.precautionfirst.verifier.Checkpoint;
import java.time.Instant;
import java.util.List;

/**
 * An export about to be written: the signed checkpoint (format v2) it is made against, the insurer, the range
 * {@code [from, to)}, when it was made, and its clients (decided before the first byte is written, so that their
 * accesses are logged first).
 */
public record ExportPlan(Checkpoint checkpoint, String insurerId, Instant from, Instant to, Instant madeAt,
                         List<String> clientIds) {

    public ExportPlan {
        clientIds = List.copyOf(clientIds);
    }
}
