/**
 * spl4j's page in DL4J's training UI: {@link io.github.spl4j.samples.ui.SslMetricsModule}, a {@code UIModule} that
 * DL4J's UI server loads through the service loader and that charts the semi-supervised metrics an
 * {@link io.github.spl4j.dl4j.metrics.SslStatsListener} stores.
 */
package io.github.spl4j.samples.ui;
