package io.github.spl4j.augment;

/**
 * Deterministic image operations on {@link ByteImage}s with the semantics of PIL (Pillow), which the FixMatch and USB
 * reference codes use: {@code ImageOps.autocontrast/equalize/solarize/posterize}, the {@code ImageEnhance} enhancers
 * (blend of the image with a degenerate image, then clamp), affine transforms with nearest-neighbour sampling at pixel
 * centres and a constant fill, plus Cutout, horizontal flip and the reflect-pad-and-crop translation of torchvision's
 * {@code RandomCrop(padding_mode="reflect")}.
 *
 * <p>Every method returns a new image (or the input itself when the operation is an identity) and never modifies its
 * input. All methods are pure functions, safe to call from any thread. Written from the documented semantics; no code
 * of PIL or torchvision is used.
 *
 * <p>Known differences from PIL, all at most one grey level or one pixel row: the SMOOTH filter inside
 * {@link #sharpness} rounds to nearest; Equalize clamps its lookup table to 255; Cutout paints a square of exactly
 * {@code size × size} pixels (PIL's inclusive rectangle paints one more row and column).
 */
public final class ImageOps {

    /** Weights of ITU-R 601-2 luma in 16-bit fixed point, as PIL's RGB to L conversion uses them. */
    private static final int LUMA_R = 19595;
    private static final int LUMA_G = 38470;
    private static final int LUMA_B = 7471;
    private static final int LUMA_ROUND = 1 << 15;
    private static final int LUMA_SHIFT = 16;
    /** Centre weight of PIL's SMOOTH kernel (the eight neighbours weigh 1 each, the sum is 13). */
    private static final int SMOOTH_CENTRE = 5;
    private static final int SMOOTH_SUM = 13;
    private static final int LEVELS = 256;
    private static final int MAX = 255;
    private static final double ROTATION_ROUNDING = 1e15;

    private ImageOps() {
    }

    /** @return PIL's luma (mode "L") of an RGB pixel, 0..255 */
    public static int luma(int r, int g, int b) {
        return (r * LUMA_R + g * LUMA_G + b * LUMA_B + LUMA_ROUND) >>> LUMA_SHIFT;
    }

    /**
     * The fill pixel for an image with {@code channels} channels from an RGB fill colour: the colour itself for RGB,
     * its luma for grey images.
     *
     * @param channels 1 or 3
     * @param rgb      three values 0..255
     * @return {@code channels} bytes
     * @throws IllegalArgumentException if {@code rgb} is not three values in 0..255
     */
    public static byte[] fillPixel(int channels, int[] rgb) {
        checkRgb("fill", rgb);
        if (channels == 1) {
            return new byte[] {(byte) luma(rgb[0], rgb[1], rgb[2])};
        }
        return new byte[] {(byte) rgb[0], (byte) rgb[1], (byte) rgb[2]};
    }

    static void checkRgb(String name, int[] rgb) {
        if (rgb == null || rgb.length != 3) {
            throw new IllegalArgumentException(name + " must hold 3 values (R, G, B), found "
                    + (rgb == null ? "null" : rgb.length + " values"));
        }
        for (int v : rgb) {
            if (v < 0 || v > MAX) {
                throw new IllegalArgumentException(name + " values must be in [0, 255], found " + v);
            }
        }
    }

    private static ByteImage like(ByteImage image, byte[] data) {
        return new ByteImage(image.height(), image.width(), image.channels(), data);
    }

    private static ByteImage applyLut(ByteImage image, int[][] lutPerChannel) {
        byte[] in = image.data();
        byte[] out = new byte[in.length];
        int c = image.channels();
        if (c == 1) {
            int[] lut = lutPerChannel[0];
            for (int i = 0; i < in.length; i++) {
                out[i] = (byte) lut[in[i] & MAX];
            }
        } else {
            int[] l0 = lutPerChannel[0];
            int[] l1 = lutPerChannel[1];
            int[] l2 = lutPerChannel[2];
            for (int i = 0; i < in.length; i += 3) {
                out[i] = (byte) l0[in[i] & MAX];
                out[i + 1] = (byte) l1[in[i + 1] & MAX];
                out[i + 2] = (byte) l2[in[i + 2] & MAX];
            }
        }
        return like(image, out);
    }

    private static int[][] histograms(ByteImage image) {
        int c = image.channels();
        int[][] h = new int[c][LEVELS];
        byte[] in = image.data();
        for (int i = 0; i < in.length; i++) {
            h[i % c][in[i] & MAX]++;
        }
        return h;
    }

    /**
     * PIL {@code ImageOps.autocontrast(image)} (cutoff 0): per channel, maps the darkest value to 0 and the brightest
     * to 255 linearly ({@code trunc(v * scale + offset)}); a constant channel is left unchanged.
     */
    public static ByteImage autoContrast(ByteImage image) {
        int[][] h = histograms(image);
        int[][] luts = new int[h.length][];
        for (int ch = 0; ch < h.length; ch++) {
            int lo = 0;
            while (lo < LEVELS && h[ch][lo] == 0) {
                lo++;
            }
            int hi = MAX;
            while (hi >= 0 && h[ch][hi] == 0) {
                hi--;
            }
            int[] lut = new int[LEVELS];
            if (hi <= lo) {
                for (int v = 0; v < LEVELS; v++) {
                    lut[v] = v;
                }
            } else {
                double scale = (double) MAX / (hi - lo);
                double offset = -lo * scale;
                for (int v = 0; v < LEVELS; v++) {
                    lut[v] = clamp((int) (v * scale + offset));
                }
            }
            luts[ch] = lut;
        }
        return applyLut(image, luts);
    }

    /**
     * PIL {@code ImageOps.equalize(image)}: per channel, maps values through the cumulative histogram with step
     * {@code (pixels - count of the brightest used value) / 255}; a channel with one value (or a zero step) is left
     * unchanged.
     */
    public static ByteImage equalize(ByteImage image) {
        int[][] h = histograms(image);
        int[][] luts = new int[h.length][];
        for (int ch = 0; ch < h.length; ch++) {
            int[] hist = h[ch];
            int used = 0;
            int total = 0;
            int last = 0;
            for (int v = 0; v < LEVELS; v++) {
                if (hist[v] != 0) {
                    used++;
                    total += hist[v];
                    last = hist[v];
                }
            }
            int[] lut = new int[LEVELS];
            int step = used <= 1 ? 0 : (total - last) / MAX;
            if (step == 0) {
                for (int v = 0; v < LEVELS; v++) {
                    lut[v] = v;
                }
            } else {
                int n = step / 2;
                for (int v = 0; v < LEVELS; v++) {
                    lut[v] = Math.min(MAX, n / step);
                    n += hist[v];
                }
            }
            luts[ch] = lut;
        }
        return applyLut(image, luts);
    }

    /**
     * PIL {@code ImageOps.solarize(image, threshold)}: inverts ({@code 255 - v}) every value {@code >= threshold}.
     *
     * @param threshold 0 (invert all) .. 256 (identity)
     * @throws IllegalArgumentException if {@code threshold} is outside [0, 256]
     */
    public static ByteImage solarize(ByteImage image, int threshold) {
        if (threshold < 0 || threshold > LEVELS) {
            throw new IllegalArgumentException("threshold must be in [0, 256], found " + threshold);
        }
        if (threshold == LEVELS) {
            return image;
        }
        byte[] in = image.data();
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i++) {
            int v = in[i] & MAX;
            out[i] = (byte) (v >= threshold ? MAX - v : v);
        }
        return like(image, out);
    }

    /**
     * PIL {@code ImageOps.posterize(image, bits)}: keeps the {@code bits} most significant bits of every value.
     *
     * @param bits 0 (all black) .. 8 (identity)
     * @throws IllegalArgumentException if {@code bits} is outside [0, 8]
     */
    public static ByteImage posterize(ByteImage image, int bits) {
        if (bits < 0 || bits > Byte.SIZE) {
            throw new IllegalArgumentException("bits must be in [0, 8], found " + bits);
        }
        if (bits == Byte.SIZE) {
            return image;
        }
        byte mask = (byte) (~((1 << (Byte.SIZE - bits)) - 1));
        byte[] in = image.data();
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = (byte) (in[i] & mask);
        }
        return like(image, out);
    }

    /** PIL's {@code Image.blend} for one value: {@code d + f * (s - d)} in float, then clamp and truncate. */
    private static byte blend(int degenerate, int source, float factor) {
        float t = degenerate + factor * (source - degenerate);
        if (t <= 0f) {
            return 0;
        }
        if (t >= MAX) {
            return (byte) MAX;
        }
        return (byte) (int) t;
    }

    private static void checkFactor(double factor) {
        if (!(factor >= 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("factor must be finite and >= 0, found " + factor);
        }
    }

    /**
     * PIL {@code ImageEnhance.Brightness(image).enhance(factor)}: blend with black; 0 gives black, 1 the input.
     *
     * @throws IllegalArgumentException if {@code factor} is negative, NaN or infinite
     */
    public static ByteImage brightness(ByteImage image, double factor) {
        checkFactor(factor);
        if (factor == 1.0) {
            return image;
        }
        float f = (float) factor;
        byte[] in = image.data();
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = blend(0, in[i] & MAX, f);
        }
        return like(image, out);
    }

    /**
     * PIL {@code ImageEnhance.Color(image).enhance(factor)}: blend with the grey (luma) version; 0 gives grey, 1 the
     * input. Grey images are returned unchanged.
     *
     * @throws IllegalArgumentException if {@code factor} is negative, NaN or infinite
     */
    public static ByteImage color(ByteImage image, double factor) {
        checkFactor(factor);
        if (factor == 1.0 || image.channels() == 1) {
            return image;
        }
        float f = (float) factor;
        byte[] in = image.data();
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i += 3) {
            int r = in[i] & MAX;
            int g = in[i + 1] & MAX;
            int b = in[i + 2] & MAX;
            int l = luma(r, g, b);
            out[i] = blend(l, r, f);
            out[i + 1] = blend(l, g, f);
            out[i + 2] = blend(l, b, f);
        }
        return like(image, out);
    }

    /**
     * PIL {@code ImageEnhance.Contrast(image).enhance(factor)}: blend with a constant image at the rounded mean luma;
     * 0 gives that grey, 1 the input.
     *
     * @throws IllegalArgumentException if {@code factor} is negative, NaN or infinite
     */
    public static ByteImage contrast(ByteImage image, double factor) {
        checkFactor(factor);
        if (factor == 1.0) {
            return image;
        }
        byte[] in = image.data();
        long sum = 0;
        if (image.channels() == 1) {
            for (byte v : in) {
                sum += v & MAX;
            }
        } else {
            for (int i = 0; i < in.length; i += 3) {
                sum += luma(in[i] & MAX, in[i + 1] & MAX, in[i + 2] & MAX);
            }
        }
        int pixels = image.height() * image.width();
        int mean = (int) ((double) sum / pixels + 0.5);
        float f = (float) factor;
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = blend(mean, in[i] & MAX, f);
        }
        return like(image, out);
    }

    /**
     * PIL {@code ImageEnhance.Sharpness(image).enhance(factor)}: blend with the image smoothed by the 3×3 SMOOTH kernel
     * (centre 5, neighbours 1, divided by 13; border pixels are not smoothed); 0 gives the smoothed image, 1 the input,
     * above 1 sharpens.
     *
     * @throws IllegalArgumentException if {@code factor} is negative, NaN or infinite
     */
    public static ByteImage sharpness(ByteImage image, double factor) {
        checkFactor(factor);
        int h = image.height();
        int w = image.width();
        if (factor == 1.0 || h < 3 || w < 3) {
            return image;
        }
        int c = image.channels();
        byte[] in = image.data();
        byte[] out = in.clone();
        float f = (float) factor;
        int row = w * c;
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                int base = (y * w + x) * c;
                for (int ch = 0; ch < c; ch++) {
                    int p = base + ch;
                    int centre = in[p] & MAX;
                    int s = (in[p - row - c] & MAX) + (in[p - row] & MAX) + (in[p - row + c] & MAX)
                            + (in[p - c] & MAX) + SMOOTH_CENTRE * centre + (in[p + c] & MAX)
                            + (in[p + row - c] & MAX) + (in[p + row] & MAX) + (in[p + row + c] & MAX);
                    int smooth = (2 * s + SMOOTH_SUM) / (2 * SMOOTH_SUM);
                    out[p] = blend(smooth, centre, f);
                }
            }
        }
        return like(image, out);
    }

    /**
     * PIL {@code image.transform(size, AFFINE, (a, b, c, d, e, f), NEAREST, fillcolor)}: output pixel (x, y) takes the
     * input pixel at {@code floor(a·(x+½) + b·(y+½) + c), floor(d·(x+½) + e·(y+½) + f)}, or {@code fill} if that is
     * outside the image.
     *
     * @param fill one byte per channel
     * @throws IllegalArgumentException if {@code fill} has the wrong length or a coefficient is not finite
     */
    public static ByteImage affine(ByteImage image, double a, double b, double c, double d, double e, double f,
                                   byte[] fill) {
        int ch = image.channels();
        if (fill == null || fill.length != ch) {
            throw new IllegalArgumentException("fill must hold " + ch + " values, found "
                    + (fill == null ? "null" : fill.length));
        }
        if (!Double.isFinite(a + b + c + d + e + f)) {
            throw new IllegalArgumentException("affine coefficients must be finite, found ["
                    + a + ", " + b + ", " + c + ", " + d + ", " + e + ", " + f + "]");
        }
        int h = image.height();
        int w = image.width();
        byte[] in = image.data();
        byte[] out = new byte[in.length];
        int o = 0;
        for (int y = 0; y < h; y++) {
            double yc = y + 0.5;
            double rowX = b * yc + c + a * 0.5;
            double rowY = e * yc + f + d * 0.5;
            for (int x = 0; x < w; x++, o += ch) {
                double xx = rowX + a * x;
                double yy = rowY + d * x;
                // Compare as doubles first: huge coordinates must not wrap around when cast to int.
                boolean inside = xx >= 0 && yy >= 0 && xx < w && yy < h;
                if (ch == 1) {
                    out[o] = inside ? in[(int) yy * w + (int) xx] : fill[0];
                } else if (inside) {
                    int src = ((int) yy * w + (int) xx) * 3;
                    out[o] = in[src];
                    out[o + 1] = in[src + 1];
                    out[o + 2] = in[src + 2];
                } else {
                    out[o] = fill[0];
                    out[o + 1] = fill[1];
                    out[o + 2] = fill[2];
                }
            }
        }
        return like(image, out);
    }

    /**
     * PIL {@code image.rotate(degrees, fillcolor=fill)}: counter-clockwise rotation about the image centre, same size,
     * nearest neighbour. Multiples of 90° on square images are exact pixel permutations.
     *
     * @param degrees counter-clockwise angle, finite
     */
    public static ByteImage rotate(ByteImage image, double degrees, byte[] fill) {
        if (!Double.isFinite(degrees)) {
            throw new IllegalArgumentException("degrees must be finite, found " + degrees);
        }
        if (degrees % 360.0 == 0.0) {
            return image;
        }
        double r = -Math.toRadians(degrees);
        // PIL rounds the matrix to 15 decimals so that multiples of 90 degrees are exact.
        double cos = Math.rint(Math.cos(r) * ROTATION_ROUNDING) / ROTATION_ROUNDING;
        double sin = Math.rint(Math.sin(r) * ROTATION_ROUNDING) / ROTATION_ROUNDING;
        double cx = image.width() / 2.0;
        double cy = image.height() / 2.0;
        double c = cos * -cx + sin * -cy + cx;
        double f = -sin * -cx + cos * -cy + cy;
        return affine(image, cos, sin, c, -sin, cos, f, fill);
    }

    /** PIL shear along x about the top edge: affine {@code (1, shear, 0, 0, 1, 0)}. */
    public static ByteImage shearX(ByteImage image, double shear, byte[] fill) {
        return shear == 0.0 ? image : affine(image, 1, shear, 0, 0, 1, 0, fill);
    }

    /** PIL shear along y about the left edge: affine {@code (1, 0, 0, shear, 1, 0)}. */
    public static ByteImage shearY(ByteImage image, double shear, byte[] fill) {
        return shear == 0.0 ? image : affine(image, 1, 0, 0, shear, 1, 0, fill);
    }

    /**
     * Moves the content by ({@code dx}, {@code dy}) pixels (positive: right, down), filling uncovered pixels. PIL's
     * {@code TranslateX(v)} of the reference codes is {@code translate(image, -v, 0, fill)}.
     */
    public static ByteImage translate(ByteImage image, double dx, double dy, byte[] fill) {
        return dx == 0.0 && dy == 0.0 ? image : affine(image, 1, 0, -dx, 0, 1, -dy, fill);
    }

    /**
     * Paints the rectangle rows {@code [top, top + size)} × columns {@code [left, left + size)}, clipped to the image,
     * with {@code fill}.
     *
     * @param size side in pixels, >= 0 (0 returns the input)
     * @param fill one byte per channel
     */
    public static ByteImage cutout(ByteImage image, int top, int left, int size, byte[] fill) {
        int ch = image.channels();
        if (fill == null || fill.length != ch) {
            throw new IllegalArgumentException("fill must hold " + ch + " values, found "
                    + (fill == null ? "null" : fill.length));
        }
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0, found " + size);
        }
        int y0 = Math.max(0, top);
        int x0 = Math.max(0, left);
        int y1 = (int) Math.min(image.height(), (long) top + size);
        int x1 = (int) Math.min(image.width(), (long) left + size);
        if (y0 >= y1 || x0 >= x1) {
            return image;
        }
        byte[] out = image.data().clone();
        int w = image.width();
        for (int y = y0; y < y1; y++) {
            for (int p = (y * w + x0) * ch, end = (y * w + x1) * ch; p < end; p += ch) {
                for (int k = 0; k < ch; k++) {
                    out[p + k] = fill[k];
                }
            }
        }
        return like(image, out);
    }

    /** Mirror image left to right (PIL {@code FLIP_LEFT_RIGHT}). */
    public static ByteImage flipHorizontal(ByteImage image) {
        int h = image.height();
        int w = image.width();
        int ch = image.channels();
        byte[] in = image.data();
        byte[] out = new byte[in.length];
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                int src = (row + x) * ch;
                int dst = (row + w - 1 - x) * ch;
                for (int k = 0; k < ch; k++) {
                    out[dst + k] = in[src + k];
                }
            }
        }
        return like(image, out);
    }

    /**
     * Moves the content by ({@code dx}, {@code dy}) whole pixels and fills the uncovered border by reflection (no edge
     * repeat, numpy/torch mode "reflect"): the same as reflect-padding by {@code |d|} and cropping, which is what
     * torchvision's {@code RandomCrop(size, padding, padding_mode="reflect")} does. Shifts larger than the image keep
     * reflecting.
     */
    public static ByteImage reflectTranslate(ByteImage image, int dx, int dy) {
        return reflectTranslate(image, dx, dy, false);
    }

    /**
     * {@link #reflectTranslate(ByteImage, int, int)} of the horizontally flipped image if {@code flipFirst}, in one
     * pass (the weak view's work).
     */
    public static ByteImage reflectTranslate(ByteImage image, int dx, int dy, boolean flipFirst) {
        if (dx == 0 && dy == 0 && !flipFirst) {
            return image;
        }
        int h = image.height();
        int w = image.width();
        int ch = image.channels();
        int[] cols = new int[w];
        for (int x = 0; x < w; x++) {
            int sx = reflect(x - dx, w);
            cols[x] = (flipFirst ? w - 1 - sx : sx) * ch;
        }
        byte[] in = image.data();
        byte[] out = new byte[in.length];
        int o = 0;
        for (int y = 0; y < h; y++) {
            int rowStart = reflect(y - dy, h) * w * ch;
            if (ch == 1) {
                for (int x = 0; x < w; x++) {
                    out[o++] = in[rowStart + cols[x]];
                }
            } else {
                for (int x = 0; x < w; x++) {
                    int src = rowStart + cols[x];
                    out[o] = in[src];
                    out[o + 1] = in[src + 1];
                    out[o + 2] = in[src + 2];
                    o += 3;
                }
            }
        }
        return like(image, out);
    }

    /** Index {@code i} reflected into [0, n) without repeating the edge (period 2(n - 1)). */
    static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        int m = Math.floorMod(i, period);
        return m < n ? m : period - m;
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(v, MAX);
    }
}
