package io.github.spl4j.augment.transform;

import io.github.spl4j.augment.ByteImage;
import io.github.spl4j.augment.Cutout;
import io.github.spl4j.augment.CutoutMode;
import java.util.Random;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonIgnore;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * DataVec transform: {@link Cutout}, one square of constant colour at a random position. Needs a {@link Random}
 * (with a null one the image is returned unchanged, as there is no deterministic position).
 */
public class CutoutTransform extends ByteImageTransform {
    private static final long serialVersionUID = 1L;

    @JsonIgnore
    private final Cutout cutout;

    /**
     * @param mode     how the side is chosen
     * @param fraction (largest) side as a fraction of the shorter image side, in [0, 1]
     * @param fill     RGB fill, 3 values in 0..255 (grey images use its luma)
     * @throws IllegalArgumentException if a value is out of range
     */
    @JsonCreator
    public CutoutTransform(@JsonProperty("mode") CutoutMode mode, @JsonProperty("fraction") double fraction,
                           @JsonProperty("fill") int[] fill) {
        this.cutout = new Cutout(mode, fraction, fill);
    }

    /** @return the side mode */
    @JsonProperty("mode")
    public CutoutMode getMode() {
        return cutout.getMode();
    }

    /** @return the (largest) side as a fraction of the shorter image side */
    @JsonProperty("fraction")
    public double getFraction() {
        return cutout.getFraction();
    }

    /** @return a copy of the RGB fill */
    @JsonProperty("fill")
    public int[] getFill() {
        return cutout.getFill();
    }

    @Override
    public ByteImage apply(ByteImage image, Random random) {
        return random == null ? image : cutout.apply(image, random);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CutoutTransform && cutout.equals(((CutoutTransform) o).cutout);
    }

    @Override
    public int hashCode() {
        return cutout.hashCode();
    }

    @Override
    public String toString() {
        return "CutoutTransform(" + cutout + ")";
    }
}
