package io.github.spl4j.augment;

/**
 * The 14 RandAugment operations with PIL semantics (see {@link ImageOps}). Each takes one real parameter
 * {@code value} whose meaning and allowed range depend on the operation:
 *
 * <table>
 * <caption>Operation parameters</caption>
 * <tr><th>operation</th><th>value</th><th>allowed</th><th>identity at</th></tr>
 * <tr><td>IDENTITY, AUTO_CONTRAST, EQUALIZE</td><td>ignored</td><td>any finite</td><td>(IDENTITY always)</td></tr>
 * <tr><td>ROTATE</td><td>degrees counter-clockwise</td><td>[-360, 360]</td><td>0</td></tr>
 * <tr><td>SOLARIZE</td><td>threshold (values at or above it are inverted; non-integers round up)</td>
 *     <td>[0, 256]</td><td>256</td></tr>
 * <tr><td>COLOR, CONTRAST, BRIGHTNESS, SHARPNESS</td><td>enhancement factor (0 degenerate, 1 original)</td>
 *     <td>[0, 100]</td><td>1</td></tr>
 * <tr><td>POSTERIZE</td><td>bits kept (non-integers round down)</td><td>[0, 8]</td><td>8</td></tr>
 * <tr><td>SHEAR_X, SHEAR_Y</td><td>shear coefficient (PIL affine about the top/left edge)</td><td>[-10, 10]</td>
 *     <td>0</td></tr>
 * <tr><td>TRANSLATE_X, TRANSLATE_Y</td><td>fraction of the width/height; as in PIL's {@code (1, 0, v, …)} affine
 *     the content moves by {@code -v·side} pixels</td><td>[-1, 1]</td><td>0</td></tr>
 * </table>
 *
 * <p>Geometric operations fill uncovered pixels with a constant colour and sample the nearest neighbour.
 */
public enum RandAugmentOp {
    /** Returns the image unchanged. */
    IDENTITY(-Double.MAX_VALUE, Double.MAX_VALUE, false),
    /** PIL {@code ImageOps.autocontrast}. */
    AUTO_CONTRAST(-Double.MAX_VALUE, Double.MAX_VALUE, false),
    /** PIL {@code ImageOps.equalize}. */
    EQUALIZE(-Double.MAX_VALUE, Double.MAX_VALUE, false),
    /** PIL {@code Image.rotate(value)}. */
    ROTATE(-360, 360, true),
    /** PIL {@code ImageOps.solarize(value)}. */
    SOLARIZE(0, 256, true),
    /** PIL {@code ImageEnhance.Color(value)}. */
    COLOR(0, 100, false),
    /** PIL {@code ImageOps.posterize(value)}. */
    POSTERIZE(0, 8, true),
    /** PIL {@code ImageEnhance.Contrast(value)}. */
    CONTRAST(0, 100, false),
    /** PIL {@code ImageEnhance.Brightness(value)}. */
    BRIGHTNESS(0, 100, false),
    /** PIL {@code ImageEnhance.Sharpness(value)}. */
    SHARPNESS(0, 100, false),
    /** PIL affine {@code (1, value, 0, 0, 1, 0)}. */
    SHEAR_X(-10, 10, false),
    /** PIL affine {@code (1, 0, 0, value, 1, 0)}. */
    SHEAR_Y(-10, 10, false),
    /** PIL affine {@code (1, 0, value·width, 0, 1, 0)}. */
    TRANSLATE_X(-1, 1, false),
    /** PIL affine {@code (1, 0, 0, 0, 1, value·height)}. */
    TRANSLATE_Y(-1, 1, false);

    private final double minValue;
    private final double maxValue;
    private final boolean integral;

    RandAugmentOp(double minValue, double maxValue, boolean integral) {
        this.minValue = minValue;
        this.maxValue = maxValue;
        this.integral = integral;
    }

    /** @return the smallest allowed parameter value */
    public double minValue() {
        return minValue;
    }

    /** @return the largest allowed parameter value */
    public double maxValue() {
        return maxValue;
    }

    /** @return whether the parameter is naturally an integer (degrees in the FixMatch code, bits, threshold) */
    public boolean integral() {
        return integral;
    }

    /**
     * Checks that {@code value} is allowed for this operation.
     *
     * @param name parameter name used in the message
     * @throws IllegalArgumentException naming the parameter, the value and the allowed range
     */
    public void checkValue(String name, double value) {
        if (!(value >= minValue && value <= maxValue)) {
            throw new IllegalArgumentException(name + " for " + this + " must be in [" + fmt(minValue) + ", "
                    + fmt(maxValue) + "], found " + value);
        }
    }

    private static String fmt(double v) {
        return v == Double.MAX_VALUE ? "inf" : v == -Double.MAX_VALUE ? "-inf" : Double.toString(v);
    }

    /**
     * Applies the operation.
     *
     * @param image         input, not modified
     * @param value         the parameter (see the class table)
     * @param wholePixels   for TRANSLATE_X/Y: truncate the shift to whole pixels toward zero (as the FixMatch code
     *                      does); ignored by the other operations
     * @param geometricFill fill for pixels uncovered by ROTATE, SHEAR and TRANSLATE, one byte per channel
     * @return the result (possibly {@code image} itself)
     * @throws IllegalArgumentException if {@code value} is outside the allowed range
     */
    public ByteImage apply(ByteImage image, double value, boolean wholePixels, byte[] geometricFill) {
        checkValue("value", value);
        switch (this) {
            case IDENTITY:
                return image;
            case AUTO_CONTRAST:
                return ImageOps.autoContrast(image);
            case EQUALIZE:
                return ImageOps.equalize(image);
            case ROTATE:
                return ImageOps.rotate(image, value, geometricFill);
            case SOLARIZE:
                return ImageOps.solarize(image, (int) Math.ceil(value));
            case COLOR:
                return ImageOps.color(image, value);
            case POSTERIZE:
                return ImageOps.posterize(image, (int) Math.floor(value));
            case CONTRAST:
                return ImageOps.contrast(image, value);
            case BRIGHTNESS:
                return ImageOps.brightness(image, value);
            case SHARPNESS:
                return ImageOps.sharpness(image, value);
            case SHEAR_X:
                return ImageOps.shearX(image, value, geometricFill);
            case SHEAR_Y:
                return ImageOps.shearY(image, value, geometricFill);
            case TRANSLATE_X:
                return ImageOps.translate(image, -pixels(value, image.width(), wholePixels), 0, geometricFill);
            case TRANSLATE_Y:
                return ImageOps.translate(image, 0, -pixels(value, image.height(), wholePixels), geometricFill);
            default:
                throw new IllegalStateException("unknown operation " + this);
        }
    }

    private static double pixels(double fraction, int side, boolean wholePixels) {
        double px = fraction * side;
        return wholePixels ? (double) (long) px : px;
    }
}
