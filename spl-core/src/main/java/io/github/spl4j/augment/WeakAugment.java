package io.github.spl4j.augment;

import java.util.Objects;
import java.util.Random;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * FixMatch's weak view: a horizontal flip with probability {@code flipProbability}, then a random translation of up
 * to {@code pad = trunc(translateFraction · side)} pixels per axis, uncovered borders filled by reflection. This is
 * torchvision's {@code RandomHorizontalFlip()} followed by
 * {@code RandomCrop(side, padding=int(side·0.125), padding_mode="reflect")} as the FixMatch PyTorch code uses it
 * (pad 4 at 32×32, 3 at 28×28): both offsets are uniform integers in {@code [-pad, pad]}.
 *
 * <p>Random draws, in order: the flip coin ({@code nextDouble}, always drawn), the vertical then the horizontal offset
 * ({@code nextInt}). Immutable, thread-safe, JSON-serialisable; uses only the given {@link Random}.
 */
public final class WeakAugment implements Augmentation {
    private static final long serialVersionUID = 1L;

    /** Default flip probability (FixMatch). */
    public static final double DEFAULT_FLIP_PROBABILITY = 0.5;
    /** Default largest translation as a fraction of the side (FixMatch). */
    public static final double DEFAULT_TRANSLATE_FRACTION = 0.125;

    @JsonProperty("flipProbability")
    private final double flipProbability;
    @JsonProperty("translateFraction")
    private final double translateFraction;

    /** FixMatch's defaults: flip with p = 0.5, translate up to 12.5% of the side. */
    public WeakAugment() {
        this(DEFAULT_FLIP_PROBABILITY, DEFAULT_TRANSLATE_FRACTION);
    }

    /**
     * @param flipProbability   probability of a horizontal flip, in [0, 1] (0 switches flipping off, e.g. for digits)
     * @param translateFraction largest shift as a fraction of the side, in [0, 1)
     * @throws IllegalArgumentException if a value is out of range
     */
    @JsonCreator
    public WeakAugment(@JsonProperty("flipProbability") double flipProbability,
                       @JsonProperty("translateFraction") double translateFraction) {
        if (!(flipProbability >= 0 && flipProbability <= 1)) {
            throw new IllegalArgumentException("flipProbability must be in [0, 1], found " + flipProbability);
        }
        if (!(translateFraction >= 0 && translateFraction < 1)) {
            throw new IllegalArgumentException("translateFraction must be in [0, 1), found " + translateFraction);
        }
        this.flipProbability = flipProbability;
        this.translateFraction = translateFraction;
    }

    @Override
    public ByteImage apply(ByteImage image, Random random) {
        boolean flip = random.nextDouble() < flipProbability;
        int padY = (int) (translateFraction * image.height());
        int padX = (int) (translateFraction * image.width());
        int dy = padY - random.nextInt(2 * padY + 1);
        int dx = padX - random.nextInt(2 * padX + 1);
        return ImageOps.reflectTranslate(image, dx, dy, flip);
    }

    /** @return probability of a horizontal flip */
    public double getFlipProbability() {
        return flipProbability;
    }

    /** @return largest shift as a fraction of the side */
    public double getTranslateFraction() {
        return translateFraction;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof WeakAugment)) {
            return false;
        }
        WeakAugment w = (WeakAugment) o;
        return Double.compare(flipProbability, w.flipProbability) == 0
                && Double.compare(translateFraction, w.translateFraction) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(flipProbability, translateFraction);
    }

    @Override
    public String toString() {
        return "WeakAugment(flipProbability=" + flipProbability + ",translateFraction=" + translateFraction + ")";
    }
}
