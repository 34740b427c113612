/**
 * Semi-supervised training metrics: per-step Ls, Lu, weights, confidence and pseudo-label accuracy from the loss's
 * diagnostics ({@link io.github.spl4j.dl4j.metrics.SslMetricsListener}, {@link io.github.spl4j.dl4j.metrics.StepMetrics})
 * to SLF4J and a CSV file, and as DL4J storage records for DL4J's UI or any {@code StatsStorage}
 * ({@link io.github.spl4j.dl4j.metrics.SslStatsListener}, {@link io.github.spl4j.dl4j.metrics.SslStatsReport},
 * {@link io.github.spl4j.dl4j.metrics.SslStaticInfo}, {@link io.github.spl4j.dl4j.metrics.SslStorageMetaData}; these
 * need the optional dependency {@code deeplearning4j-core}).
 */
package io.github.spl4j.dl4j.metrics;
