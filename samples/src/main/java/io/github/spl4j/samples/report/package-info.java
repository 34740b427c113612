/**
 * Reports of runs and sweeps drawn from the files of their folders: {@code metrics.csv} reading
 * ({@link io.github.spl4j.samples.report.MetricsTable}), JFreeChart PNG plots
 * ({@link io.github.spl4j.samples.report.RunPlots}), a run's {@code report.md}
 * ({@link io.github.spl4j.samples.report.RunReport}) and a sweep's {@code summary.md}
 * ({@link io.github.spl4j.samples.report.SweepSummary}).
 */
package io.github.spl4j.samples.report;
