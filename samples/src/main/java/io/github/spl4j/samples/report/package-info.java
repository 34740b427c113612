/**
 * Reports of runs and sweeps drawn from the files of their folders: {@code metrics.csv} reading
 * ({@link io.github.spl4j.samples.report.MetricsTable}), JFreeChart PNG plots
 * ({@link io.github.spl4j.samples.report.RunPlots}), a run's {@code report.md}
 * ({@link io.github.spl4j.samples.report.RunReport}) and a sweep's {@code summary.md}
 * ({@link io.github.spl4j.samples.report.SweepSummary}); the report of a whole study over sweeps
 * ({@link io.github.spl4j.samples.report.StudyReport}: runs read by {@link io.github.spl4j.samples.report.Study},
 * statistics in {@link io.github.spl4j.samples.report.StudyStats}, plots by
 * {@link io.github.spl4j.samples.report.StudyPlots}).
 */
package io.github.spl4j.samples.report;
