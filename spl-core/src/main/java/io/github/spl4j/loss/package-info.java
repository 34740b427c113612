/**
 * The FixMatch / Smooth FixMatch loss as an ND4J {@code ILossFunction}:
 * {@link io.github.spl4j.loss.SmoothPseudoLabelLossFunction} and its per-batch
 * {@link io.github.spl4j.loss.PseudoLabelDiagnostics}.
 */
package io.github.spl4j.loss;
