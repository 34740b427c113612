package io.github.spl4j.augment.transform;

import io.github.spl4j.augment.Augmentation;
import io.github.spl4j.augment.ByteImage;
import java.util.Random;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonTypeInfo;

/**
 * DataVec transform running any {@link Augmentation} (e.g. {@code RandAugment.fixMatch()}, {@code WeakAugment}), so
 * the presets plug into DataVec pipelines such as {@code ImageRecordReader}. A null {@link Random} returns the image
 * unchanged. JSON-serialisable when the augmentation is.
 */
public class AugmentationTransform extends ByteImageTransform {
    private static final long serialVersionUID = 1L;

    @JsonProperty("augmentation")
    @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, include = JsonTypeInfo.As.PROPERTY, property = "@class")
    private final Augmentation augmentation;

    /**
     * @param augmentation the augmentation to run, not null
     * @throws IllegalArgumentException if {@code augmentation} is null
     */
    @JsonCreator
    public AugmentationTransform(@JsonProperty("augmentation") Augmentation augmentation) {
        if (augmentation == null) {
            throw new IllegalArgumentException("augmentation must not be null");
        }
        this.augmentation = augmentation;
    }

    /** @return the wrapped augmentation */
    public Augmentation getAugmentation() {
        return augmentation;
    }

    @Override
    public ByteImage apply(ByteImage image, Random random) {
        return random == null ? image : augmentation.apply(image, random);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AugmentationTransform && augmentation.equals(((AugmentationTransform) o).augmentation);
    }

    @Override
    public int hashCode() {
        return augmentation.hashCode();
    }

    @Override
    public String toString() {
        return "AugmentationTransform(" + augmentation + ")";
    }
}
