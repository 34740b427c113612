package io.github.spl4j.augment;

import java.util.Arrays;
import java.util.Objects;
import java.util.Random;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Cutout (DeVries &amp; Taylor 2017): paints one square of constant colour. The side follows {@link CutoutMode}; the
 * centre is uniform over the image (x drawn first, then y), the square starts at {@code floor(centre − side/2)} and is
 * clipped at the image borders, as in the FixMatch authors' code (the PyTorch port instead shifts squares that cross the
 * top or left border inwards).
 *
 * <p>Immutable and thread-safe; JSON-serialisable.
 */
public final class Cutout implements Augmentation {
    private static final long serialVersionUID = 1L;

    /** Default fill: the grey (127, 127, 127) of the FixMatch PyTorch code. */
    public static final int[] DEFAULT_FILL = {127, 127, 127};

    @JsonProperty("mode")
    private final CutoutMode mode;
    @JsonProperty("fraction")
    private final double fraction;
    @JsonProperty("fill")
    private final int[] fill;

    /**
     * @param mode     how the side is chosen, not null
     * @param fraction (largest) side as a fraction of {@code min(height, width)}, in [0, 1]
     * @param fill     RGB fill colour, 3 values in 0..255 (grey images use its luma)
     * @throws IllegalArgumentException if an argument is out of range
     */
    @JsonCreator
    public Cutout(@JsonProperty("mode") CutoutMode mode, @JsonProperty("fraction") double fraction,
                  @JsonProperty("fill") int[] fill) {
        if (mode == null) {
            throw new IllegalArgumentException("mode must not be null");
        }
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in [0, 1], found " + fraction);
        }
        ImageOps.checkRgb("fill", fill);
        this.mode = mode;
        this.fraction = fraction;
        this.fill = fill.clone();
    }

    /** @return the mode */
    public CutoutMode getMode() {
        return mode;
    }

    /** @return the (largest) side as a fraction of the shorter image side */
    public double getFraction() {
        return fraction;
    }

    /** @return a copy of the RGB fill */
    public int[] getFill() {
        return fill.clone();
    }

    /**
     * Draws the square's side (for {@code UNIFORM}) and centre from {@code random} and paints it.
     *
     * @return the image with the square painted (the input itself for {@code NONE} or a zero side)
     */
    @Override
    public ByteImage apply(ByteImage image, Random random) {
        if (mode == CutoutMode.NONE) {
            return image;
        }
        int shorter = Math.min(image.height(), image.width());
        double scale = mode == CutoutMode.UNIFORM ? random.nextDouble() * fraction : fraction;
        int size = (int) (scale * shorter);
        double cx = random.nextDouble() * image.width();
        double cy = random.nextDouble() * image.height();
        int left = (int) Math.floor(cx - size / 2.0);
        int top = (int) Math.floor(cy - size / 2.0);
        return ImageOps.cutout(image, top, left, size, ImageOps.fillPixel(image.channels(), fill));
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Cutout)) {
            return false;
        }
        Cutout c = (Cutout) o;
        return mode == c.mode && Double.compare(fraction, c.fraction) == 0 && Arrays.equals(fill, c.fill);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hash(mode, fraction) + Arrays.hashCode(fill);
    }

    @Override
    public String toString() {
        return "Cutout(mode=" + mode + ",fraction=" + fraction + ",fill=" + Arrays.toString(fill) + ")";
    }
}
