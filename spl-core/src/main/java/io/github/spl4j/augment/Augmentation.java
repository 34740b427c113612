package io.github.spl4j.augment;

import java.io.Serializable;
import java.util.Random;

/**
 * A random image augmentation on raw 8-bit images: the single seam between the FixMatch iterator and the weak and
 * strong views (flip + translate, RandAugment + Cutout).
 *
 * <p>Contract: uses only the {@link Random} it is given (never a global RNG), so the same seed gives byte-identical
 * output; never modifies its input; keeps height, width and channel count; is safe to share between threads.
 */
@FunctionalInterface
public interface Augmentation extends Serializable {

    /** Leaves images unchanged (returns the input itself). */
    Augmentation IDENTITY = (image, random) -> image;

    /**
     * @param image  the input, not modified
     * @param random the only source of randomness
     * @return the augmented image (may be {@code image} itself when nothing changes)
     */
    ByteImage apply(ByteImage image, Random random);
}
