package com.precautionfirst.verifier;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What an auditor was handed, checked together: checkpoints in the order they were received (the first is the one
 * kept longest, later ones newer), consistency proofs and inclusion proofs. Each document may name its source (a
 * file name), which problems then mention.
 *
 * <p>What {@link #verify} guarantees, each failure a {@link Problem}: every checkpoint is well-formed and signed
 * by a trusted key; no checkpoint is smaller than one received before it (the log shrank); no two checkpoints of
 * one size have different roots (the log forked) or, in format v2, different client maps (the chains forked); for
 * every two neighbouring sizes among the checkpoints a consistency proof between them was handed in; every
 * consistency proof verifies against every checkpoint of its two sizes (otherwise the log was rewritten) and has
 * checkpoints of both sizes to be checked against; every inclusion proof verifies against every checkpoint of its
 * tree size and has one. A proof that could not be
 * checked is a problem, not silently passed.
 */
public final class Audit {

    private record Sourced<T>(T document, String source) {
        String where(String what) {
            return source == null ? what : what + " in " + source;
        }
    }

    private final List<Sourced<Checkpoint>> checkpoints = new ArrayList<>();
    private final List<Sourced<ConsistencyProof>> consistencyProofs = new ArrayList<>();
    private final List<Sourced<InclusionProof>> inclusionProofs = new ArrayList<>();

    /** A checkpoint, received after all checkpoints added before it; {@code source} may be null. */
    public Audit addCheckpoint(Checkpoint checkpoint, String source) {
        checkpoints.add(new Sourced<>(checkpoint, source));
        return this;
    }

    /** A consistency proof; {@code source} may be null. */
    public Audit addConsistencyProof(ConsistencyProof proof, String source) {
        consistencyProofs.add(new Sourced<>(proof, source));
        return this;
    }

    /** An inclusion proof; {@code source} may be null. */
    public Audit addInclusionProof(InclusionProof proof, String source) {
        inclusionProofs.add(new Sourced<>(proof, source));
        return this;
    }

    /** Checks everything added, with these trusted Ed25519 public keys. Never throws on bad documents. */
    public Verdict verify(Collection<PublicKey> trusted) {
        List<Problem> problems = new ArrayList<>();
        // checkpoints with a size and a root to compare; their signatures are checked (and reported) regardless
        TreeMap<Long, List<Sourced<Checkpoint>>> bySize = new TreeMap<>();
        long largestSoFar = -1;
        Sourced<Checkpoint> largest = null;
        for (Sourced<Checkpoint> c : checkpoints) {
            Checkpoint checkpoint = c.document();
            for (Problem p : Checkpoints.verify(checkpoint, trusted).problems()) {
                problems.add(new Problem(c.where(p.where()), p.what()));
            }
            if (checkpoint.treeSize() < 0 || !Hex.isHash(checkpoint.rootHash())) {
                continue;
            }
            if (checkpoint.treeSize() < largestSoFar) {
                problems.add(new Problem(name(c), "the log shrank from " + largestSoFar + " to "
                        + checkpoint.treeSize() + ": events were removed (" + name(largest) + " came before it)"));
            } else {
                largestSoFar = checkpoint.treeSize();
                largest = c;
            }
            bySize.computeIfAbsent(checkpoint.treeSize(), size -> new ArrayList<>()).add(c);
        }

        bySize.forEach((size, ofSize) -> {
            Map<String, Sourced<Checkpoint>> byRoot = new LinkedHashMap<>();
            ofSize.forEach(c -> byRoot.putIfAbsent(c.document().rootHash(), c));
            if (byRoot.size() > 1) {
                List<String> named = byRoot.values().stream()
                        .map(c -> c.where("root " + c.document().rootHash())).toList();
                problems.add(new Problem("checkpoints tree-size " + size, "two different trees of size " + size
                        + ": the log was forked (" + String.join("; ", named) + ")"));
            }
            Map<String, Sourced<Checkpoint>> byMap = new LinkedHashMap<>();
            ofSize.stream().filter(c -> c.document().hasClientMap())
                    .forEach(c -> byMap.putIfAbsent(c.document().clients() + " " + c.document().clientMapRoot(), c));
            if (byMap.size() > 1) {
                List<String> named = byMap.values().stream().map(c -> c.where("client-map-root "
                        + c.document().clientMapRoot() + " of " + c.document().clients() + " clients")).toList();
                problems.add(new Problem("checkpoints tree-size " + size, "two different client maps for the log "
                        + "of size " + size + ": the clients' chains were forked (" + String.join("; ", named) + ")"));
            }
        });

        Long previous = null;
        for (long size : bySize.keySet()) {
            if (previous != null && previous > 0 && !hasConsistencyProof(previous, size)) {
                problems.add(new Problem(name(bySize.get(previous).get(0)) + " and " + name(bySize.get(size).get(0)),
                        "no consistency proof from " + previous + " to " + size));
            }
            previous = size;
        }

        for (Sourced<ConsistencyProof> p : consistencyProofs) {
            ConsistencyProof proof = p.document();
            List<Sourced<Checkpoint>> older = bySize.get(proof.from());
            List<Sourced<Checkpoint>> newer = bySize.get(proof.to());
            if (older == null || newer == null) {
                problems.add(new Problem(p.where(proof.where()), "cannot be checked: no checkpoint of tree size "
                        + (older == null ? proof.from() : proof.to()) + " among the documents"));
                continue;
            }
            Set<Problem> found = new LinkedHashSet<>();
            for (Sourced<Checkpoint> o : distinctRoots(older)) {
                for (Sourced<Checkpoint> n : distinctRoots(newer)) {
                    for (Problem problem : proof.verify(o.document(), n.document()).problems()) {
                        found.add(new Problem(p.where(problem.where()), problem.what()));
                    }
                }
            }
            problems.addAll(found);
        }

        for (Sourced<InclusionProof> p : inclusionProofs) {
            InclusionProof proof = p.document();
            List<Sourced<Checkpoint>> ofSize = bySize.get(proof.treeSize());
            if (ofSize == null) {
                problems.add(new Problem(p.where(proof.where()), "cannot be checked: no checkpoint of tree size "
                        + proof.treeSize() + " among the documents"));
                continue;
            }
            Set<Problem> found = new LinkedHashSet<>();
            for (Sourced<Checkpoint> c : distinctRoots(ofSize)) {
                for (Problem problem : proof.verify(c.document()).problems()) {
                    found.add(new Problem(p.where(problem.where()), problem.what()));
                }
            }
            problems.addAll(found);
        }
        return Verdict.of(problems);
    }

    private static String name(Sourced<Checkpoint> checkpoint) {
        return checkpoint.where(Checkpoints.where(checkpoint.document()));
    }

    private boolean hasConsistencyProof(long from, long to) {
        return consistencyProofs.stream().anyMatch(p -> p.document().from() == from && p.document().to() == to);
    }

    private static List<Sourced<Checkpoint>> distinctRoots(List<Sourced<Checkpoint>> ofOneSize) {
        Map<String, Sourced<Checkpoint>> byRoot = new LinkedHashMap<>();
        ofOneSize.forEach(c -> byRoot.putIfAbsent(c.document().rootHash(), c));
        return List.copyOf(byRoot.values());
    }
}
