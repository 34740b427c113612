package io.github.spl4j.augment.transform;

import io.github.spl4j.augment.RandAugmentOp;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonIgnoreProperties;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/** DataVec transform: PIL posterize, keeping a number of bits in [0, 8] (see {@link RandAugmentOp#POSTERIZE}), parameter uniform in {@code [min, max]} per image. */
@JsonIgnoreProperties({"fill", "converter", "currentImage"})
public class PosterizeTransform extends RangedOpTransform {
    private static final long serialVersionUID = 1L;

    /**
     * @param min smallest parameter
     * @param max largest parameter, {@code >= min}
     * @throws IllegalArgumentException if a value is outside the range allowed by {@link RandAugmentOp#POSTERIZE}
     */
    @JsonCreator
    public PosterizeTransform(@JsonProperty("min") double min, @JsonProperty("max") double max) {
        super(min, max, 0);
    }

    @Override
    protected RandAugmentOp op() {
        return RandAugmentOp.POSTERIZE;
    }
}
