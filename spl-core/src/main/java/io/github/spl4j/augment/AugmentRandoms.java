package io.github.spl4j.augment;

import java.util.Random;

/**
 * Per-image random generators derived from (seed, step, index), so that an image's augmentation does not depend on
 * which thread handles it or in which order: the same triple always gives the same {@link Random} stream.
 */
public final class AugmentRandoms {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final long MIX1 = 0xBF58476D1CE4E5B9L;
    private static final long MIX2 = 0x94D049BB133111EBL;
    private static final int SHIFT1 = 30;
    private static final int SHIFT2 = 27;
    private static final int SHIFT3 = 31;

    private AugmentRandoms() {
    }

    /**
     * @param seed  root seed of the run (or of one view, e.g. the weak or the strong one)
     * @param step  training step (or epoch-and-batch counter)
     * @param index position of the image in the batch
     * @return a new {@link Random} seeded by a SplitMix64 hash of the three numbers
     */
    public static Random forImage(long seed, long step, long index) {
        long h = mix(seed + GOLDEN);
        h = mix(h ^ (step + GOLDEN));
        h = mix(h ^ (index + GOLDEN));
        return new Random(h);
    }

    /** SplitMix64's finaliser: a bijective 64-bit mixer. */
    static long mix(long z) {
        z = (z ^ (z >>> SHIFT1)) * MIX1;
        z = (z ^ (z >>> SHIFT2)) * MIX2;
        return z ^ (z >>> SHIFT3);
    }
}
