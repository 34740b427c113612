package io.github.spl4j.data;

/**
 * Derives independent 64-bit seeds from a root seed and coordinates (stream, step, index) with the SplitMix64
 * finaliser, so every random draw of the data pipeline is a pure function of its coordinates and never depends on
 * which thread runs it or in which order.
 */
final class Seeds {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Seeds() {
    }

    /** SplitMix64's output function: a bijective 64-bit mix. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** @return a seed for the given coordinates, well mixed even when they differ by one */
    static long derive(long seed, long stream, long a, long b) {
        long z = mix64(seed + GOLDEN);
        z = mix64(z ^ (stream + GOLDEN));
        z = mix64(z ^ (a + 2 * GOLDEN));
        return mix64(z ^ (b + 3 * GOLDEN));
    }
}
