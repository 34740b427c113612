package io.github.spl4j.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageOpsTest {
    private static final byte[] BLACK1 = {0};
    private static final byte[] BLACK3 = {0, 0, 0};

    private static byte[] black(int c) {
        return c == 1 ? BLACK1 : BLACK3;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void identitySettingsGiveTheInputBack(int c) {
        ByteImage im = TestImages.random(7, 5, c, 1);
        ByteImage copy = im.copy();
        byte[] fill = black(c);
        assertEquals(copy, RandAugmentOp.ROTATE.apply(im, 0, false, fill));
        assertEquals(copy, RandAugmentOp.ROTATE.apply(im, 360, false, fill));
        assertEquals(copy, RandAugmentOp.SOLARIZE.apply(im, 256, false, fill));
        assertEquals(copy, RandAugmentOp.POSTERIZE.apply(im, 8, false, fill));
        for (RandAugmentOp op : new RandAugmentOp[] {RandAugmentOp.COLOR, RandAugmentOp.CONTRAST,
                RandAugmentOp.BRIGHTNESS, RandAugmentOp.SHARPNESS}) {
            assertEquals(copy, op.apply(im, 1.0, false, fill), op.toString());
        }
        assertEquals(copy, RandAugmentOp.TRANSLATE_X.apply(im, 0, true, fill));
        assertEquals(copy, RandAugmentOp.TRANSLATE_Y.apply(im, 0, false, fill));
        assertEquals(copy, RandAugmentOp.SHEAR_X.apply(im, 0, false, fill));
        assertEquals(copy, RandAugmentOp.IDENTITY.apply(im, 0, false, fill));
        assertEquals(copy, ImageOps.reflectTranslate(im, 0, 0));
        assertEquals(copy, ImageOps.affine(im, 1, 0, 0, 0, 1, 0, fill));
        assertEquals(copy, im, "input modified");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void translationByKMovesAKnownPixelByK(int c) {
        ByteImage im = ByteImage.blank(9, 11, c);
        im.data()[(4 * 11 + 3) * c] = (byte) 200;
        for (int k = -3; k <= 4; k++) {
            ByteImage right = ImageOps.translate(im, k, 0, black(c));
            assertEquals(200, right.get(4, 3 + k, 0), "dx=" + k);
            ByteImage down = ImageOps.translate(im, 0, k, black(c));
            assertEquals(200, down.get(4 + k, 3, 0), "dy=" + k);
            // PIL convention of the op: value v moves the content by -v * side.
            ByteImage op = RandAugmentOp.TRANSLATE_X.apply(im, -k / 11.0, true, black(c));
            assertEquals(200, op.get(4, 3 + k, 0), "TRANSLATE_X k=" + k);
            ByteImage reflect = ImageOps.reflectTranslate(im, k, -k);
            assertEquals(200, reflect.get(4 - k, 3 + k, 0), "reflect k=" + k);
        }
    }

    @Test
    void translateFillsUncoveredPixels() {
        ByteImage im = TestImages.range(4, 6, 3, 10, 20, 2);
        ByteImage out = ImageOps.translate(im, 2, 0, new byte[] {1, 2, 3});
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 2; x++) {
                assertEquals(1, out.get(y, x, 0));
                assertEquals(3, out.get(y, x, 2));
            }
            for (int x = 2; x < 6; x++) {
                assertEquals(im.get(y, x - 2, 1), out.get(y, x, 1));
            }
        }
    }

    @Test
    void reflectTranslateMatchesReflectPaddingThenCropping() {
        ByteImage im = TestImages.random(6, 5, 3, 3);
        int pad = 4;
        int ph = 6 + 2 * pad;
        int pw = 5 + 2 * pad;
        int[][][] padded = new int[ph][pw][3];
        for (int y = 0; y < ph; y++) {
            for (int x = 0; x < pw; x++) {
                int sy = Math.abs(y - pad);
                sy = sy > 5 ? 10 - sy : sy;
                int sx = Math.abs(x - pad);
                sx = sx > 4 ? 8 - sx : sx;
                for (int c = 0; c < 3; c++) {
                    padded[y][x][c] = im.get(sy, sx, c);
                }
            }
        }
        for (int i = 0; i <= 2 * pad; i++) {
            for (int j = 0; j <= 2 * pad; j++) {
                ByteImage out = ImageOps.reflectTranslate(im, pad - j, pad - i);
                for (int y = 0; y < 6; y++) {
                    for (int x = 0; x < 5; x++) {
                        for (int c = 0; c < 3; c++) {
                            assertEquals(padded[y + i][x + j][c], out.get(y, x, c));
                        }
                    }
                }
            }
        }
    }

    @Test
    void fusedFlipAndReflectTranslateEqualsTheTwoSteps() {
        for (int c : new int[] {1, 3}) {
            ByteImage im = TestImages.random(7, 6, c, 30 + c);
            for (int d = -5; d <= 5; d++) {
                assertEquals(ImageOps.reflectTranslate(ImageOps.flipHorizontal(im), d, -d),
                        ImageOps.reflectTranslate(im, d, -d, true));
                assertEquals(ImageOps.reflectTranslate(im, d, d), ImageOps.reflectTranslate(im, d, d, false));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 8, 9, 32})
    void rotate90OfASquareIsTransposeAndFlip(int n) {
        for (int c : new int[] {1, 3}) {
            ByteImage im = TestImages.random(n, n, c, n);
            ByteImage ccw = ImageOps.rotate(im, 90, black(c));
            ByteImage cw = ImageOps.rotate(im, -90, black(c));
            ByteImage half = ImageOps.rotate(im, 180, black(c));
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    for (int k = 0; k < c; k++) {
                        // counter-clockwise: transpose, then flip vertically
                        assertEquals(im.get(x, n - 1 - y, k), ccw.get(y, x, k));
                        assertEquals(im.get(n - 1 - x, y, k), cw.get(y, x, k));
                        assertEquals(im.get(n - 1 - y, n - 1 - x, k), half.get(y, x, k));
                    }
                }
            }
        }
    }

    @Test
    void smallRotationKeepsTheCentreAndFillsCorners() {
        ByteImage im = TestImages.range(21, 21, 1, 50, 250, 4);
        ByteImage out = ImageOps.rotate(im, 30, new byte[] {7});
        assertEquals(im.get(10, 10, 0), out.get(10, 10, 0));
        assertEquals(7, out.get(0, 0, 0));
        assertEquals(7, out.get(20, 20, 0));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void equalizeAndAutoContrastStretchALowContrastImageToTheFullRange(int c) {
        // PIL's equalize needs more than 255 pixels outside the brightest bin to act
        ByteImage im = TestImages.range(40, 40, c, 100, 120, 5);
        for (ByteImage out : new ByteImage[] {ImageOps.equalize(im), ImageOps.autoContrast(im)}) {
            for (int k = 0; k < c; k++) {
                assertEquals(0, TestImages.min(out, k));
                assertEquals(255, TestImages.max(out, k));
            }
        }
    }

    @Test
    void autoContrastIsTheLinearStretch() {
        ByteImage im = new ByteImage(1, 3, 1, new byte[] {50, 100, (byte) 150});
        ByteImage out = ImageOps.autoContrast(im);
        assertEquals(0, out.get(0, 0, 0));
        assertEquals(127, out.get(0, 1, 0)); // trunc(127.5)
        assertEquals(255, out.get(0, 2, 0));
        ByteImage flat = new ByteImage(1, 2, 1, new byte[] {9, 9});
        assertEquals(flat, ImageOps.autoContrast(flat));
        assertEquals(flat, ImageOps.equalize(flat));
    }

    @Test
    void equalizeFollowsTheCumulativeHistogram() {
        // 4 values with 64 pixels each: step = (256 - 64) / 255 = 0 -> unchanged; 4 x 255 pixels: step 3
        byte[] d = new byte[4 * 255];
        for (int i = 0; i < d.length; i++) {
            d[i] = (byte) (10 + 10 * (i / 255));
        }
        ByteImage out = ImageOps.equalize(new ByteImage(1, d.length, 1, d));
        // lut[v] = (step/2 + count below v) / step with step = 765/255 = 3
        assertEquals(1 / 3, out.get(0, 0, 0));
        assertEquals((1 + 255) / 3, out.get(0, 255, 0));
        assertEquals((1 + 510) / 3, out.get(0, 510, 0));
        assertEquals(255, out.get(0, 765, 0));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void solarizeInvertsExactlyThePixelsAtOrAboveTheThreshold(int c) {
        ByteImage im = TestImages.random(9, 9, c, 6);
        for (int t = 0; t <= 256; t++) {
            ByteImage out = ImageOps.solarize(im, t);
            for (int i = 0; i < im.data().length; i++) {
                int v = im.data()[i] & 0xFF;
                assertEquals(v >= t ? 255 - v : v, out.data()[i] & 0xFF);
            }
        }
    }

    @Test
    void posterizeKeepsTheTopBits() {
        ByteImage im = TestImages.random(5, 5, 3, 7);
        for (int bits = 0; bits <= 8; bits++) {
            ByteImage out = ImageOps.posterize(im, bits);
            int mask = (0xFF << (8 - bits)) & 0xFF;
            for (int i = 0; i < im.data().length; i++) {
                assertEquals(im.data()[i] & mask, out.data()[i] & 0xFF, "bits=" + bits);
            }
        }
    }

    @Test
    void enhancersAtFactorZeroGiveTheirDegenerateImage() {
        ByteImage im = TestImages.random(6, 6, 3, 8);
        ByteImage black = ImageOps.brightness(im, 0);
        assertEquals(ByteImage.blank(6, 6, 3), black);
        ByteImage grey = ImageOps.color(im, 0);
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 6; x++) {
                int l = ImageOps.luma(im.get(y, x, 0), im.get(y, x, 1), im.get(y, x, 2));
                for (int k = 0; k < 3; k++) {
                    assertEquals(l, grey.get(y, x, k));
                }
            }
        }
        ByteImage flat = ImageOps.contrast(im, 0);
        assertEquals(TestImages.min(flat, 0), TestImages.max(flat, 2));
        ByteImage brighter = ImageOps.brightness(im, 2);
        for (int i = 0; i < im.data().length; i++) {
            assertEquals(Math.min(255, 2 * (im.data()[i] & 0xFF)), brighter.data()[i] & 0xFF);
        }
    }

    @Test
    void sharpnessSmoothsInteriorOnlyWithThePilKernel() {
        ByteImage im = ByteImage.blank(5, 5, 1);
        im.data()[12] = (byte) 255;
        im.data()[0] = (byte) 255;
        ByteImage out = ImageOps.sharpness(im, 0);
        assertEquals(Math.round(5 * 255 / 13.0), out.get(2, 2, 0));
        assertEquals(Math.round(2 * 255 / 13.0), out.get(1, 1, 0)); // neighbours (0,0) and (2,2)
        assertEquals(255, out.get(0, 0, 0), "border pixels are not smoothed");
        ByteImage sharper = ImageOps.sharpness(im, 2);
        assertEquals(0, sharper.get(1, 2, 0));
        assertEquals(255, sharper.get(2, 2, 0));
    }

    @Test
    void cutoutChangesExactlyTheExpectedSquareClippedAtBorders() {
        ByteImage im = TestImages.range(10, 12, 3, 0, 100, 9);
        byte[] fill = {(byte) 200, (byte) 201, (byte) 202};
        int[][] cases = {{2, 3, 4}, {-2, -3, 5}, {8, 10, 6}, {0, 0, 0}, {-10, 0, 5}, {-1, -1, 40}};
        for (int[] cs : cases) {
            ByteImage out = ImageOps.cutout(im, cs[0], cs[1], cs[2], fill);
            for (int y = 0; y < 10; y++) {
                for (int x = 0; x < 12; x++) {
                    boolean inside = y >= cs[0] && y < cs[0] + cs[2] && x >= cs[1] && x < cs[1] + cs[2];
                    for (int k = 0; k < 3; k++) {
                        assertEquals(inside ? 200 + k : im.get(y, x, k), out.get(y, x, k));
                    }
                }
            }
        }
    }

    @Test
    void flipTwiceIsIdentity() {
        ByteImage im = TestImages.random(3, 4, 3, 10);
        ByteImage once = ImageOps.flipHorizontal(im);
        assertNotEquals(im, once);
        assertEquals(im.get(1, 0, 2), once.get(1, 3, 2));
        assertEquals(im, ImageOps.flipHorizontal(once));
    }

    @Test
    void badArgumentsNameTheParameter() {
        ByteImage im = TestImages.random(3, 3, 1, 11);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ImageOps.solarize(im, 257)).getMessage()
                .contains("threshold must be in [0, 256], found 257"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ImageOps.posterize(im, 9)).getMessage()
                .contains("bits"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ImageOps.brightness(im, -0.1)).getMessage()
                .contains("factor"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ImageOps.rotate(im, 1, BLACK3)).getMessage()
                .contains("fill must hold 1 values"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> RandAugmentOp.TRANSLATE_X.apply(im, 1.5, false, BLACK1)).getMessage()
                .contains("value for TRANSLATE_X must be in [-1.0, 1.0], found 1.5"));
        assertArrayEquals(new byte[] {(byte) ImageOps.luma(125, 123, 114)},
                ImageOps.fillPixel(1, new int[] {125, 123, 114}));
    }
}
