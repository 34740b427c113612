/**
 * Pseudo-label weightings: how much an unlabelled image's pseudo-label counts, as a function of the model's
 * confidence. {@link io.github.spl4j.weighting.HardThreshold} is FixMatch,
 * {@link io.github.spl4j.weighting.SmoothRamp} is Smooth Pseudo-Labeling.
 */
package io.github.spl4j.weighting;
