/**
 * The RandAugment operations and Cutout as DataVec {@link org.datavec.image.transform.ImageTransform}s, written like
 * DataVec's own transforms (extend {@link org.datavec.image.transform.BaseImageTransform}, JSON via ND4J's shaded
 * Jackson), plus {@link io.github.spl4j.augment.transform.AugmentationTransform} wrapping any
 * {@link io.github.spl4j.augment.Augmentation} (RandAugment, WeakAugment). They convert OpenCV's BGR {@code Mat} to a
 * {@link io.github.spl4j.augment.ByteImage} in RGB order, run the raw-array operation and convert back.
 *
 * <p>Thread safety: the operation itself is pure, but DataVec's base class stores the last image
 * ({@code getCurrentImage()}), so share one instance between threads only if nobody reads that. The FixMatch
 * iterator uses the raw {@code Augmentation} path instead.
 */
package io.github.spl4j.augment.transform;
