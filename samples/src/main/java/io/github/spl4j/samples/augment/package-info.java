/**
 * Augmentation samples: {@link io.github.spl4j.samples.augment.AugmentPreview} writes a PNG grid of original, weak and
 * strong views; {@link io.github.spl4j.samples.augment.AugmentBenchmark} measures images per second on one core.
 */
package io.github.spl4j.samples.augment;
