package io.github.spl4j.augment.transform;

import io.github.spl4j.augment.RandAugmentOp;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonIgnoreProperties;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/** DataVec transform: PIL colour enhancer, factor 0 grey .. 1 original (see {@link RandAugmentOp#COLOR}), parameter uniform in {@code [min, max]} per image. */
@JsonIgnoreProperties({"fill", "converter", "currentImage"})
public class ColorTransform extends RangedOpTransform {
    private static final long serialVersionUID = 1L;

    /**
     * @param min smallest parameter
     * @param max largest parameter, {@code >= min}
     * @throws IllegalArgumentException if a value is outside the range allowed by {@link RandAugmentOp#COLOR}
     */
    @JsonCreator
    public ColorTransform(@JsonProperty("min") double min, @JsonProperty("max") double max) {
        super(min, max, 0);
    }

    @Override
    protected RandAugmentOp op() {
        return RandAugmentOp.COLOR;
    }
}
