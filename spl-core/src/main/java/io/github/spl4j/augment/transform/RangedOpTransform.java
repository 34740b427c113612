package io.github.spl4j.augment.transform;

import io.github.spl4j.augment.ByteImage;
import io.github.spl4j.augment.RandAugmentOp;
import java.util.Objects;
import java.util.Random;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * One {@link RandAugmentOp} with its parameter drawn uniformly from {@code [min, max]} for each image (or {@code max}
 * when the given {@link Random} is null, DataVec's "deterministic" case). Set {@code min == max} for a fixed
 * parameter. Rotate, shear and translate fill uncovered pixels with the grey level {@code fill}.
 */
public abstract class RangedOpTransform extends ByteImageTransform {
    private static final long serialVersionUID = 1L;
    private static final int MAX_FILL = 255;

    @JsonProperty("min")
    private final double min;
    @JsonProperty("max")
    private final double max;
    @JsonProperty("fill")
    private final int fill;

    /**
     * @param min  smallest parameter, allowed for the operation
     * @param max  largest parameter, allowed for the operation and {@code >= min}
     * @param fill grey level 0..255 of pixels uncovered by rotate, shear and translate (ignored by other operations)
     * @throws IllegalArgumentException if a value is out of range
     */
    protected RangedOpTransform(double min, double max, int fill) {
        op().checkValue("min", min);
        op().checkValue("max", max);
        if (!(min <= max)) {
            throw new IllegalArgumentException("max must be >= min = " + min + ", found " + max);
        }
        if (fill < 0 || fill > MAX_FILL) {
            throw new IllegalArgumentException("fill must be in [0, 255], found " + fill);
        }
        this.min = min;
        this.max = max;
        this.fill = fill;
    }

    /** @return the operation this transform applies */
    protected abstract RandAugmentOp op();

    /** @return smallest parameter */
    public double getMin() {
        return min;
    }

    /** @return largest parameter */
    public double getMax() {
        return max;
    }

    /** @return grey level of uncovered pixels */
    public int getFill() {
        return fill;
    }

    @Override
    public ByteImage apply(ByteImage image, Random random) {
        double value = random == null || min == max ? max : min + random.nextDouble() * (max - min);
        byte[] fillPixel = new byte[image.channels()];
        java.util.Arrays.fill(fillPixel, (byte) fill);
        return op().apply(image, value, false, fillPixel);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || o.getClass() != getClass()) {
            return false;
        }
        RangedOpTransform t = (RangedOpTransform) o;
        return Double.compare(min, t.min) == 0 && Double.compare(max, t.max) == 0 && fill == t.fill;
    }

    @Override
    public int hashCode() {
        return Objects.hash(getClass().getName(), min, max, fill);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(min=" + min + ",max=" + max + ",fill=" + fill + ")";
    }
}
