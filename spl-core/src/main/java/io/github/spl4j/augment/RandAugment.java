package io.github.spl4j.augment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonIgnore;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * RandAugment (Cubuk et al. 2020) as the strong view of FixMatch (Sohn et al. 2020, arXiv 2001.07685): draw
 * {@code numOps} operations from the operation list with replacement; for each draw a magnitude, then apply it with
 * probability {@code applyProbability}; finally apply {@link Cutout}. In FixMatch the strong view is this applied after
 * the weak view's flip and translation: {@code AugmentationSequence.of(new WeakAugment(), RandAugment.fixMatch())}.
 *
 * <p>Random draws, all from the given {@link Random}, in this order: the {@code numOps} operation indices; then per
 * operation the magnitude ({@code nextInt} level or {@code nextDouble}), the apply coin ({@code nextDouble}, skipped when
 * the probability is 1) and, if applied with a random sign, the sign ({@code nextBoolean}); then Cutout's draws.
 *
 * <h2>Presets</h2>
 * The published tables (RandAugment, FixMatch paper table 12) and the reference codes disagree on four points; spl4j
 * follows the <b>codes</b>, because every published FixMatch/Smooth FixMatch number we compare with was produced by
 * them:
 * <ul>
 * <li>posterize direction: the tables make higher magnitudes stronger (fewer bits); the FixMatch PyTorch code maps
 *     level {@code l} to {@code 4 + trunc(0.4 l)} bits (higher = weaker), USB draws bits uniformly in [4, 8);</li>
 * <li>enhancer ranges: RandAugment/AutoAugment use factors in [0.1, 1.9]; both codes (and the FixMatch table) use
 *     [0.05, 0.95], so enhancers only ever weaken colour, contrast, brightness and sharpness;</li>
 * <li>translate units: AutoAugment uses pixels (up to 150 of 331); both codes use a fraction (0.3) of the side, the
 *     FixMatch code truncated to whole pixels, USB fractional;</li>
 * <li>apply probability: the FixMatch PyTorch port applies each drawn operation with p = 0.5, USB always.</li>
 * </ul>
 *
 * <p><b>FIXMATCH</b> ({@link #fixMatch()}, the "RandAugmentMC(2, 10)" of the standard PyTorch port): N = 2, p = 0.5,
 * integer level uniform in 1..9 with magnitude {@code level/10} (the port's {@code randint(1, 10)} excludes 10; set
 * {@code maxLevel = 10} to include it), Cutout of half the shorter side, grey (127, 127, 127), geometric fill black.
 * <table>
 * <caption>FIXMATCH operations (m = level / 10)</caption>
 * <tr><th>op</th><th>parameter</th></tr>
 * <tr><td>AUTO_CONTRAST, EQUALIZE, IDENTITY</td><td>none</td></tr>
 * <tr><td>BRIGHTNESS, COLOR, CONTRAST, SHARPNESS</td><td>factor 0.05 + 0.9 m (0.14 .. 0.86)</td></tr>
 * <tr><td>POSTERIZE</td><td>4 + trunc(4 m) bits (4 .. 7)</td></tr>
 * <tr><td>ROTATE</td><td>±trunc(30 m) degrees (3 .. 27)</td></tr>
 * <tr><td>SHEAR_X, SHEAR_Y</td><td>±0.3 m</td></tr>
 * <tr><td>SOLARIZE</td><td>threshold 256 − trunc(256 m) (231 .. 26)</td></tr>
 * <tr><td>TRANSLATE_X, TRANSLATE_Y</td><td>±trunc(0.3 m · side) pixels</td></tr>
 * </table>
 *
 * <p><b>USB</b> ({@link #usb()}, Microsoft's Semi-supervised-learning benchmark): N = 3, p = 1, magnitude uniform in
 * [0, 1), Cutout side uniform in [0, ½) of the shorter side, fill (125, 123, 114), geometric fill black.
 * <table>
 * <caption>USB operations (m uniform in [0, 1))</caption>
 * <tr><th>op</th><th>parameter</th></tr>
 * <tr><td>AUTO_CONTRAST, EQUALIZE, IDENTITY</td><td>none</td></tr>
 * <tr><td>BRIGHTNESS, COLOR, CONTRAST, SHARPNESS</td><td>factor uniform in [0.05, 0.95)</td></tr>
 * <tr><td>POSTERIZE</td><td>floor of uniform [4, 8) bits (4 .. 7)</td></tr>
 * <tr><td>ROTATE</td><td>uniform [−30, 30) degrees</td></tr>
 * <tr><td>SHEAR_X, SHEAR_Y</td><td>uniform [−0.3, 0.3)</td></tr>
 * <tr><td>SOLARIZE</td><td>threshold uniform [0, 256)</td></tr>
 * <tr><td>TRANSLATE_X, TRANSLATE_Y</td><td>uniform [−0.3, 0.3) of the side, fractional pixels</td></tr>
 * </table>
 *
 * <p>Usage: {@code RandAugment strong = RandAugment.builder(Preset.USB).numOps(2).build();
 * ByteImage out = strong.apply(image, new Random(seed));}
 *
 * <p>Immutable, thread-safe, JSON-serialisable (ND4J shaded Jackson); uses only the {@link Random} it is given.
 */
public final class RandAugment implements Augmentation {
    private static final long serialVersionUID = 1L;

    /** Named configurations, documented in the class comment. */
    public enum Preset {
        /** The FixMatch PyTorch port's RandAugmentMC(2, 10) + Cutout. */
        FIXMATCH,
        /** USB's RandAugment(3, ·) + Cutout. */
        USB;

        /** @return a builder holding this preset's settings */
        public Builder builder() {
            return new Builder(this);
        }
    }

    /** Default grey fill of uncovered pixels after rotate, shear and translate: black, as PIL's default. */
    public static final int[] DEFAULT_GEOMETRIC_FILL = {0, 0, 0};

    @JsonProperty("numOps")
    private final int numOps;
    @JsonProperty("applyProbability")
    private final double applyProbability;
    @JsonProperty("magnitudeMode")
    private final MagnitudeMode magnitudeMode;
    @JsonProperty("minLevel")
    private final int minLevel;
    @JsonProperty("maxLevel")
    private final int maxLevel;
    @JsonProperty("levelScale")
    private final int levelScale;
    @JsonProperty("ops")
    private final List<OpSpec> ops;
    @JsonProperty("cutout")
    private final Cutout cutout;
    @JsonProperty("geometricFill")
    private final int[] geometricFill;

    @JsonIgnore
    private final byte[] fillGrey;
    @JsonIgnore
    private final byte[] fillRgb;

    /**
     * Validating constructor bound to JSON; use {@link #builder()} in code.
     *
     * @throws IllegalArgumentException if a value is out of range (see the builder setters)
     */
    @JsonCreator
    public RandAugment(@JsonProperty("numOps") int numOps,
                       @JsonProperty("applyProbability") double applyProbability,
                       @JsonProperty("magnitudeMode") MagnitudeMode magnitudeMode,
                       @JsonProperty("minLevel") int minLevel,
                       @JsonProperty("maxLevel") int maxLevel,
                       @JsonProperty("levelScale") int levelScale,
                       @JsonProperty("ops") List<OpSpec> ops,
                       @JsonProperty("cutout") Cutout cutout,
                       @JsonProperty("geometricFill") int[] geometricFill) {
        if (numOps < 0) {
            throw new IllegalArgumentException("numOps must be >= 0, found " + numOps);
        }
        if (!(applyProbability >= 0 && applyProbability <= 1)) {
            throw new IllegalArgumentException("applyProbability must be in [0, 1], found " + applyProbability);
        }
        if (magnitudeMode == null) {
            throw new IllegalArgumentException("magnitudeMode must not be null");
        }
        if (magnitudeMode == MagnitudeMode.DISCRETE) {
            if (levelScale < 1) {
                throw new IllegalArgumentException("levelScale must be >= 1, found " + levelScale);
            }
            if (minLevel < 0 || minLevel > levelScale) {
                throw new IllegalArgumentException("minLevel must be in [0, levelScale = " + levelScale
                        + "], found " + minLevel);
            }
            if (maxLevel < minLevel || maxLevel > levelScale) {
                throw new IllegalArgumentException("maxLevel must be in [minLevel = " + minLevel
                        + ", levelScale = " + levelScale + "], found " + maxLevel);
            }
        }
        if (ops == null || ops.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("ops must be a list without nulls, found " + ops);
        }
        if (ops.isEmpty() && numOps > 0) {
            throw new IllegalArgumentException("ops must not be empty when numOps > 0 (found numOps = " + numOps
                    + "); set numOps(0) for cutout only");
        }
        if (cutout == null) {
            throw new IllegalArgumentException("cutout must not be null (use CutoutMode.NONE to switch it off)");
        }
        ImageOps.checkRgb("geometricFill", geometricFill);
        this.numOps = numOps;
        this.applyProbability = applyProbability;
        this.magnitudeMode = magnitudeMode;
        this.minLevel = minLevel;
        this.maxLevel = maxLevel;
        this.levelScale = levelScale;
        this.ops = Collections.unmodifiableList(new ArrayList<>(ops));
        this.cutout = cutout;
        this.geometricFill = geometricFill.clone();
        this.fillGrey = ImageOps.fillPixel(1, geometricFill);
        this.fillRgb = ImageOps.fillPixel(3, geometricFill);
    }

    /** @return the FIXMATCH preset */
    public static RandAugment fixMatch() {
        return Preset.FIXMATCH.builder().build();
    }

    /** @return the USB preset */
    public static RandAugment usb() {
        return Preset.USB.builder().build();
    }

    /** @return a builder starting from the FIXMATCH preset */
    public static Builder builder() {
        return new Builder(Preset.FIXMATCH);
    }

    @Override
    public ByteImage apply(ByteImage image, Random random) {
        byte[] fill = image.channels() == 1 ? fillGrey : fillRgb;
        int n = ops.size();
        ByteImage out = image;
        if (numOps > 0) {
            int[] chosen = new int[numOps];
            for (int i = 0; i < numOps; i++) {
                chosen[i] = random.nextInt(n);
            }
            for (int i = 0; i < numOps; i++) {
                OpSpec spec = ops.get(chosen[i]);
                double magnitude = magnitudeMode == MagnitudeMode.DISCRETE
                        ? (minLevel + random.nextInt(maxLevel - minLevel + 1)) / (double) levelScale
                        : random.nextDouble();
                if (applyProbability >= 1 || random.nextDouble() < applyProbability) {
                    double value = spec.value(magnitude);
                    if (spec.isRandomSign() && random.nextBoolean()) {
                        value = -value;
                    }
                    out = spec.getOp().apply(out, value, spec.isInteger(), fill);
                }
            }
        }
        return cutout.apply(out, random);
    }

    /** @return operations drawn per image */
    public int getNumOps() {
        return numOps;
    }

    /** @return probability of applying each drawn operation */
    public double getApplyProbability() {
        return applyProbability;
    }

    /** @return how magnitudes are drawn */
    public MagnitudeMode getMagnitudeMode() {
        return magnitudeMode;
    }

    /** @return smallest level (DISCRETE mode) */
    public int getMinLevel() {
        return minLevel;
    }

    /** @return largest level, inclusive (DISCRETE mode) */
    public int getMaxLevel() {
        return maxLevel;
    }

    /** @return the level that means magnitude 1 (DISCRETE mode) */
    public int getLevelScale() {
        return levelScale;
    }

    /** @return the operation list (unmodifiable) */
    public List<OpSpec> getOps() {
        return ops;
    }

    /** @return the final Cutout */
    public Cutout getCutout() {
        return cutout;
    }

    /** @return a copy of the RGB fill of rotate, shear and translate */
    public int[] getGeometricFill() {
        return geometricFill.clone();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RandAugment)) {
            return false;
        }
        RandAugment r = (RandAugment) o;
        return numOps == r.numOps && Double.compare(applyProbability, r.applyProbability) == 0
                && magnitudeMode == r.magnitudeMode && minLevel == r.minLevel && maxLevel == r.maxLevel
                && levelScale == r.levelScale && ops.equals(r.ops) && cutout.equals(r.cutout)
                && Arrays.equals(geometricFill, r.geometricFill);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hash(numOps, applyProbability, magnitudeMode, minLevel, maxLevel, levelScale, ops,
                cutout) + Arrays.hashCode(geometricFill);
    }

    @Override
    public String toString() {
        return "RandAugment(numOps=" + numOps + ",applyProbability=" + applyProbability + ",magnitudeMode="
                + magnitudeMode + ",levels=" + minLevel + ".." + maxLevel + "/" + levelScale + ",ops=" + ops
                + ",cutout=" + cutout + ",geometricFill=" + Arrays.toString(geometricFill) + ")";
    }

    /** The FIXMATCH operation list, in the order of the reference code. */
    static List<OpSpec> fixMatchOps() {
        double lo = 0.05;
        double hi = 0.95;
        return List.of(
                OpSpec.of(RandAugmentOp.AUTO_CONTRAST),
                new OpSpec(RandAugmentOp.BRIGHTNESS, lo, hi, false, false),
                new OpSpec(RandAugmentOp.COLOR, lo, hi, false, false),
                new OpSpec(RandAugmentOp.CONTRAST, lo, hi, false, false),
                OpSpec.of(RandAugmentOp.EQUALIZE),
                OpSpec.of(RandAugmentOp.IDENTITY),
                new OpSpec(RandAugmentOp.POSTERIZE, 4, 8, false, true),
                new OpSpec(RandAugmentOp.ROTATE, 0, 30, true, true),
                new OpSpec(RandAugmentOp.SHARPNESS, lo, hi, false, false),
                new OpSpec(RandAugmentOp.SHEAR_X, 0, 0.3, true, false),
                new OpSpec(RandAugmentOp.SHEAR_Y, 0, 0.3, true, false),
                new OpSpec(RandAugmentOp.SOLARIZE, 256, 0, false, true),
                new OpSpec(RandAugmentOp.TRANSLATE_X, 0, 0.3, true, true),
                new OpSpec(RandAugmentOp.TRANSLATE_Y, 0, 0.3, true, true));
    }

    /** The USB operation list, in the order of the reference code. */
    static List<OpSpec> usbOps() {
        double lo = 0.05;
        double hi = 0.95;
        return List.of(
                OpSpec.of(RandAugmentOp.AUTO_CONTRAST),
                new OpSpec(RandAugmentOp.BRIGHTNESS, lo, hi, false, false),
                new OpSpec(RandAugmentOp.COLOR, lo, hi, false, false),
                new OpSpec(RandAugmentOp.CONTRAST, lo, hi, false, false),
                OpSpec.of(RandAugmentOp.EQUALIZE),
                OpSpec.of(RandAugmentOp.IDENTITY),
                new OpSpec(RandAugmentOp.POSTERIZE, 4, 8, false, false),
                new OpSpec(RandAugmentOp.ROTATE, -30, 30, false, false),
                new OpSpec(RandAugmentOp.SHARPNESS, lo, hi, false, false),
                new OpSpec(RandAugmentOp.SHEAR_X, -0.3, 0.3, false, false),
                new OpSpec(RandAugmentOp.SHEAR_Y, -0.3, 0.3, false, false),
                new OpSpec(RandAugmentOp.SOLARIZE, 0, 256, false, false),
                new OpSpec(RandAugmentOp.TRANSLATE_X, -0.3, 0.3, false, false),
                new OpSpec(RandAugmentOp.TRANSLATE_Y, -0.3, 0.3, false, false));
    }

    /** Builder starting from a preset; every setter validates its argument, {@link #build()} the combination. */
    public static final class Builder {
        private int numOps;
        private double applyProbability;
        private MagnitudeMode magnitudeMode;
        private int minLevel;
        private int maxLevel;
        private int levelScale;
        private List<OpSpec> ops;
        private Cutout cutout;
        private int[] geometricFill = DEFAULT_GEOMETRIC_FILL.clone();

        private Builder(Preset preset) {
            minLevel = 1;
            maxLevel = 9;
            levelScale = 10;
            if (preset == Preset.FIXMATCH) {
                numOps = 2;
                applyProbability = 0.5;
                magnitudeMode = MagnitudeMode.DISCRETE;
                ops = fixMatchOps();
                cutout = new Cutout(CutoutMode.FIXED, 0.5, Cutout.DEFAULT_FILL);
            } else {
                numOps = 3;
                applyProbability = 1.0;
                magnitudeMode = MagnitudeMode.CONTINUOUS;
                ops = usbOps();
                cutout = new Cutout(CutoutMode.UNIFORM, 0.5, new int[] {125, 123, 114});
            }
        }

        /** @param numOps operations drawn per image, >= 0 (FIXMATCH 2, USB 3) */
        public Builder numOps(int numOps) {
            if (numOps < 0) {
                throw new IllegalArgumentException("numOps must be >= 0, found " + numOps);
            }
            this.numOps = numOps;
            return this;
        }

        /** @param p probability of applying each drawn operation, in [0, 1] (FIXMATCH 0.5, USB 1) */
        public Builder applyProbability(double p) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("applyProbability must be in [0, 1], found " + p);
            }
            this.applyProbability = p;
            return this;
        }

        /** @param mode how magnitudes are drawn, not null (FIXMATCH DISCRETE, USB CONTINUOUS) */
        public Builder magnitudeMode(MagnitudeMode mode) {
            if (mode == null) {
                throw new IllegalArgumentException("magnitudeMode must not be null");
            }
            this.magnitudeMode = mode;
            return this;
        }

        /**
         * DISCRETE levels: uniform in {@code min..max} (inclusive), magnitude {@code level/scale}; checked in
         * {@link #build()} to satisfy {@code 0 <= min <= max <= scale}, {@code scale >= 1} (default 1, 9, 10).
         */
        public Builder levels(int min, int max, int scale) {
            this.minLevel = min;
            this.maxLevel = max;
            this.levelScale = scale;
            return this;
        }

        /** @param ops the operation list (drawn uniformly with replacement), no nulls; copied */
        public Builder ops(List<OpSpec> ops) {
            if (ops == null || ops.stream().anyMatch(java.util.Objects::isNull)) {
                throw new IllegalArgumentException("ops must be a list without nulls, found " + ops);
            }
            this.ops = new ArrayList<>(ops);
            return this;
        }

        /** @param cutout the final Cutout, not null (use {@link CutoutMode#NONE} to switch it off) */
        public Builder cutout(Cutout cutout) {
            if (cutout == null) {
                throw new IllegalArgumentException("cutout must not be null (use CutoutMode.NONE to switch it off)");
            }
            this.cutout = cutout;
            return this;
        }

        /** @param rgb fill of pixels uncovered by rotate, shear and translate: 3 values in 0..255 (default black) */
        public Builder geometricFill(int[] rgb) {
            ImageOps.checkRgb("geometricFill", rgb);
            this.geometricFill = rgb.clone();
            return this;
        }

        /**
         * @return the configured RandAugment
         * @throws IllegalArgumentException if the combination is invalid (levels, empty op list with numOps > 0)
         */
        public RandAugment build() {
            return new RandAugment(numOps, applyProbability, magnitudeMode, minLevel, maxLevel, levelScale, ops,
                    cutout, geometricFill);
        }
    }
}
