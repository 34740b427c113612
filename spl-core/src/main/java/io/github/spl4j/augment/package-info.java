/**
 * Image augmentation for FixMatch: the weak view (flip + translate) and the strong view (RandAugment + Cutout), on
 * raw 8-bit images ({@link io.github.spl4j.augment.ByteImage}) and as DataVec {@code ImageTransform}s.
 */
package io.github.spl4j.augment;
