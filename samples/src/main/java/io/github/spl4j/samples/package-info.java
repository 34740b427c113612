/**
 * The {@code spl} command-line app ({@link io.github.spl4j.samples.SplApp}) and the samples a DL4J user copies:
 * {@code cli} (sub-commands), {@code train} (running and resuming a Smooth FixMatch job into a run folder),
 * {@code report} (metrics, plots and report.md from a run folder), {@code augment} (augmentation preview and
 * benchmark), {@code bench} (CPU step benchmarks).
 */
package io.github.spl4j.samples;
