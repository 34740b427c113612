package io.github.spl4j.augment;

/** How {@link RandAugment} draws the magnitude of each selected operation. */
public enum MagnitudeMode {
    /**
     * An integer level drawn uniformly from {@code minLevel..maxLevel} (both inclusive), magnitude
     * {@code level / levelScale} (FixMatch's "RandAugmentMC").
     */
    DISCRETE,
    /** A magnitude drawn uniformly from [0, 1) (USB). */
    CONTINUOUS
}
