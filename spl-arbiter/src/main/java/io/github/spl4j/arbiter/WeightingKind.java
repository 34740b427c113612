package io.github.spl4j.arbiter;

import io.github.spl4j.weighting.HardThreshold;
import io.github.spl4j.weighting.PseudoLabelWeighting;
import io.github.spl4j.weighting.SmoothRamp;

/** The pseudo-label weighting families a search can choose between. */
public enum WeightingKind {
    /** FixMatch: w(c) = 1 if c ≥ τ else 0 ({@link HardThreshold}); µ is ignored. */
    HARD,
    /** Smooth Pseudo-Labeling: w(c) = ((c − τ)/(1 − τ))^µ above τ ({@link SmoothRamp}). */
    SMOOTH;

    /**
     * @param tau the threshold τ, in [0, 1)
     * @param mu  the ramp exponent µ &gt; 0 (used by {@link #SMOOTH} only)
     * @return the weighting of this kind
     * @throws IllegalArgumentException if τ or (for SMOOTH) µ is out of range
     */
    public PseudoLabelWeighting create(double tau, double mu) {
        return this == HARD ? new HardThreshold(tau) : new SmoothRamp(tau, mu);
    }
}
