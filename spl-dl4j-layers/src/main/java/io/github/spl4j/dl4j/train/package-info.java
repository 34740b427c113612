/**
 * The FixMatch / Smooth FixMatch trainer facade: one validated configuration ({@link
 * io.github.spl4j.dl4j.train.FixMatchConfig}) in, a run directory with configuration, split, metrics, checkpoints,
 * final model and report out ({@link io.github.spl4j.dl4j.train.FixMatchTrainer}).
 */
package io.github.spl4j.dl4j.train;
