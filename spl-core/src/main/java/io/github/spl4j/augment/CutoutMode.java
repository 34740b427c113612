package io.github.spl4j.augment;

/** How {@link Cutout} chooses the side of its square. */
public enum CutoutMode {
    /** No cutout. */
    NONE,
    /** Side {@code trunc(fraction · min(height, width))} (FixMatch: half the side). */
    FIXED,
    /** Side {@code trunc(u · fraction · min(height, width))} with {@code u} uniform in [0, 1) (USB). */
    UNIFORM
}
