package io.github.spl4j.augment.transform;

import io.github.spl4j.augment.RandAugmentOp;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * DataVec transform: PIL rotation by degrees counter-clockwise about the centre (see {@link RandAugmentOp#ROTATE}), parameter uniform in {@code [min, max]} per image,
 * uncovered pixels filled with grey level {@code fill}.
 */
public class RotateTransform extends RangedOpTransform {
    private static final long serialVersionUID = 1L;

    /**
     * @param min  smallest parameter
     * @param max  largest parameter, {@code >= min}
     * @param fill grey level 0..255 of uncovered pixels
     * @throws IllegalArgumentException if a value is outside the range allowed by {@link RandAugmentOp#ROTATE}
     */
    @JsonCreator
    public RotateTransform(@JsonProperty("min") double min, @JsonProperty("max") double max,
                    @JsonProperty("fill") int fill) {
        super(min, max, fill);
    }

    /** Same as {@code this(min, max, 0)} (black fill, as PIL). */
    public RotateTransform(double min, double max) {
        this(min, max, 0);
    }

    @Override
    protected RandAugmentOp op() {
        return RandAugmentOp.ROTATE;
    }
}
