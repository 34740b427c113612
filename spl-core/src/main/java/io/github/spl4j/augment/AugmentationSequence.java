package io.github.spl4j.augment;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonTypeInfo;

/**
 * Applies augmentations one after the other with the same {@link Random}, e.g. FixMatch's strong view
 * {@code AugmentationSequence.of(new WeakAugment(), RandAugment.fixMatch())} (flip + translate, then RandAugment +
 * Cutout, as the FixMatch PyTorch code does). Immutable; JSON-serialisable when its steps are.
 */
public final class AugmentationSequence implements Augmentation {
    private static final long serialVersionUID = 1L;

    @JsonProperty("steps")
    @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, include = JsonTypeInfo.As.PROPERTY, property = "@class")
    private final List<Augmentation> steps;

    /**
     * @param steps applied in order; not null, no null elements; copied
     * @throws IllegalArgumentException if {@code steps} is null or holds a null
     */
    @JsonCreator
    public AugmentationSequence(@JsonProperty("steps") List<Augmentation> steps) {
        if (steps == null || steps.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("steps must be a list without nulls, found " + steps);
        }
        this.steps = Collections.unmodifiableList(new ArrayList<>(steps));
    }

    /** @return a sequence of the given steps */
    public static AugmentationSequence of(Augmentation... steps) {
        return new AugmentationSequence(List.of(steps));
    }

    /** @return FixMatch's strong view: {@link WeakAugment} defaults, then {@link RandAugment#fixMatch()} */
    public static AugmentationSequence fixMatchStrong() {
        return of(new WeakAugment(), RandAugment.fixMatch());
    }

    @Override
    public ByteImage apply(ByteImage image, Random random) {
        ByteImage out = image;
        for (Augmentation step : steps) {
            out = step.apply(out, random);
        }
        return out;
    }

    /** @return the steps (unmodifiable) */
    public List<Augmentation> getSteps() {
        return steps;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof AugmentationSequence && steps.equals(((AugmentationSequence) o).steps));
    }

    @Override
    public int hashCode() {
        return steps.hashCode();
    }

    @Override
    public String toString() {
        return "AugmentationSequence(steps=" + steps + ")";
    }
}
