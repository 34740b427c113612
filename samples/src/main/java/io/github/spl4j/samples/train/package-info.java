/**
 * Running a Smooth FixMatch / FixMatch job into a run folder for the {@code spl} app: data loading
 * ({@link io.github.spl4j.samples.train.RunData}), the training loop with EMA evaluation, metrics, checkpoints and
 * resume ({@link io.github.spl4j.samples.train.FixMatchRun}), and the console progress
 * ({@link io.github.spl4j.samples.train.ConsoleProgress}).
 */
package io.github.spl4j.samples.train;
