package com.precautionfirst.verifier;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

/**
 * Seeds and random trees for the property tests. Each case gets its own seed, shown in the test's name; the
 * seeds of a run start at a random number, or at {@code -Dverifier.seed=S} to repeat a failure: the first case
 * of that run then uses seed S.
 */
final class RandomCases {

    static final long BASE_SEED = Long.getLong("verifier.seed", new SplittableRandom().nextLong());

    private RandomCases() {
    }

    static LongStream seeds(int count) {
        return LongStream.range(0, count).map(i -> BASE_SEED + i);
    }

    /**
     * A tree size from 1 to max: a third uniform, a third small (up to 70), a third next to a power of two,
     * where RFC 6962's splits change shape.
     */
    static int treeSize(SplittableRandom random, int max) {
        switch (random.nextInt(3)) {
            case 0:
                return random.nextInt(1, max + 1);
            case 1:
                return random.nextInt(1, Math.min(70, max) + 1);
            default:
                int power = 1 << random.nextInt(0, 31 - Integer.numberOfLeadingZeros(max) + 1);
                return Math.max(1, Math.min(max, power + random.nextInt(-1, 2)));
        }
    }

    /**
     * The leaf hashes of n random leaves: each leaf's index (4 bytes) and 0 to 40 random bytes. Distinct, as
     * events are (each has its own identifier): two equal leaves could honestly stand at each other's place.
     */
    static List<byte[]> leafHashes(SplittableRandom random, int n) {
        List<byte[]> hashes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] leaf = new byte[4 + random.nextInt(41)];
            random.nextBytes(leaf);
            java.nio.ByteBuffer.wrap(leaf).putInt(i);
            hashes.add(MerkleTree.leafHash(leaf));
        }
        return hashes;
    }
}
