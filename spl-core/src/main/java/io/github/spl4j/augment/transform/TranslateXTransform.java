package io.github.spl4j.augment.transform;

import io.github.spl4j.augment.RandAugmentOp;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * DataVec transform: PIL translation along x by a fraction of the width (content moves by minus that) (see {@link RandAugmentOp#TRANSLATE_X}), parameter uniform in {@code [min, max]} per image,
 * uncovered pixels filled with grey level {@code fill}.
 */
public class TranslateXTransform extends RangedOpTransform {
    private static final long serialVersionUID = 1L;

    /**
     * @param min  smallest parameter
     * @param max  largest parameter, {@code >= min}
     * @param fill grey level 0..255 of uncovered pixels
     * @throws IllegalArgumentException if a value is outside the range allowed by {@link RandAugmentOp#TRANSLATE_X}
     */
    @JsonCreator
    public TranslateXTransform(@JsonProperty("min") double min, @JsonProperty("max") double max,
                    @JsonProperty("fill") int fill) {
        super(min, max, fill);
    }

    /** Same as {@code this(min, max, 0)} (black fill, as PIL). */
    public TranslateXTransform(double min, double max) {
        this(min, max, 0);
    }

    @Override
    protected RandAugmentOp op() {
        return RandAugmentOp.TRANSLATE_X;
    }
}
