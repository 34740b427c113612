/**
 * Running a Smooth FixMatch / FixMatch job for the {@code spl} app on top of the trainer facade
 * ({@link io.github.spl4j.dl4j.train.FixMatchTrainer}): data sources the trainer does not read itself (image folders,
 * subsets; {@link io.github.spl4j.samples.train.RunData}), the run's extra files and report
 * ({@link io.github.spl4j.samples.train.AppRun}), and the console progress bar
 * ({@link io.github.spl4j.samples.train.ConsoleProgress}).
 */
package io.github.spl4j.samples.train;
