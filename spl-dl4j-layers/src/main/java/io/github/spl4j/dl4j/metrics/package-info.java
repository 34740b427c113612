/**
 * Semi-supervised training metrics: per-step Ls, Lu, weights, confidence and pseudo-label accuracy from the loss's
 * diagnostics ({@link io.github.spl4j.dl4j.metrics.SslMetricsListener}, {@link io.github.spl4j.dl4j.metrics.StepMetrics}).
 */
package io.github.spl4j.dl4j.metrics;
