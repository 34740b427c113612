package io.github.spl4j.augment.transform;

import io.github.spl4j.augment.RandAugmentOp;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * DataVec transform: PIL shear along y by a coefficient (see {@link RandAugmentOp#SHEAR_Y}), parameter uniform in {@code [min, max]} per image,
 * uncovered pixels filled with grey level {@code fill}.
 */
public class ShearYTransform extends RangedOpTransform {
    private static final long serialVersionUID = 1L;

    /**
     * @param min  smallest parameter
     * @param max  largest parameter, {@code >= min}
     * @param fill grey level 0..255 of uncovered pixels
     * @throws IllegalArgumentException if a value is outside the range allowed by {@link RandAugmentOp#SHEAR_Y}
     */
    @JsonCreator
    public ShearYTransform(@JsonProperty("min") double min, @JsonProperty("max") double max,
                    @JsonProperty("fill") int fill) {
        super(min, max, fill);
    }

    /** Same as {@code this(min, max, 0)} (black fill, as PIL). */
    public ShearYTransform(double min, double max) {
        this(min, max, 0);
    }

    @Override
    protected RandAugmentOp op() {
        return RandAugmentOp.SHEAR_Y;
    }
}
