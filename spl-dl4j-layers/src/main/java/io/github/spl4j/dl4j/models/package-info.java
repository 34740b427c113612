/**
 * Model builders: {@link io.github.spl4j.dl4j.models.SmallCnn} (NHWC, {@code CacheMode.DEVICE}, spl4j's fast batch
 * norm + leaky ReLU by default, DL4J's stock layers on request).
 */
package io.github.spl4j.dl4j.models;
