package io.github.spl4j.augment.transform;

import io.github.spl4j.augment.RandAugmentOp;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonIgnoreProperties;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/** DataVec transform: PIL solarize, inverting values at or above a threshold in [0, 256] (see {@link RandAugmentOp#SOLARIZE}), parameter uniform in {@code [min, max]} per image. */
@JsonIgnoreProperties({"fill", "converter", "currentImage"})
public class SolarizeTransform extends RangedOpTransform {
    private static final long serialVersionUID = 1L;

    /**
     * @param min smallest parameter
     * @param max largest parameter, {@code >= min}
     * @throws IllegalArgumentException if a value is outside the range allowed by {@link RandAugmentOp#SOLARIZE}
     */
    @JsonCreator
    public SolarizeTransform(@JsonProperty("min") double min, @JsonProperty("max") double max) {
        super(min, max, 0);
    }

    @Override
    protected RandAugmentOp op() {
        return RandAugmentOp.SOLARIZE;
    }
}
