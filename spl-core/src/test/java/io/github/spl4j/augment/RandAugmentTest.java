package io.github.spl4j.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.nd4j.shade.jackson.databind.ObjectMapper;

class RandAugmentTest {

    private static OpSpec spec(List<OpSpec> ops, RandAugmentOp op) {
        return ops.stream().filter(s -> s.getOp() == op).findFirst().orElseThrow();
    }

    @Test
    void fixMatchParametersMatchThePortsIntegerFormulas() {
        List<OpSpec> ops = RandAugment.fixMatch().getOps();
        assertEquals(14, ops.size());
        for (int level = 1; level <= 10; level++) {
            double m = level / 10.0;
            assertEquals(4 + level * 4 / 10, spec(ops, RandAugmentOp.POSTERIZE).value(m), "posterize " + level);
            assertEquals(level * 30 / 10, spec(ops, RandAugmentOp.ROTATE).value(m), "rotate " + level);
            assertEquals(256 - level * 256 / 10, spec(ops, RandAugmentOp.SOLARIZE).value(m), "solarize " + level);
            assertEquals(level * 0.9 / 10 + 0.05, spec(ops, RandAugmentOp.BRIGHTNESS).value(m), 1e-12);
            assertEquals(level * 0.3 / 10, spec(ops, RandAugmentOp.SHEAR_X).value(m), 1e-12);
        }
    }

    @Test
    void fixMatchTranslateIsWholePixelsOfThirtyPercent() {
        // level 9: 0.27 * 28 = 7.56 -> 7 pixels
        ByteImage im = ByteImage.blank(28, 28, 1);
        im.data()[14 * 28 + 14] = (byte) 255;
        OpSpec tx = spec(RandAugment.fixMatch().getOps(), RandAugmentOp.TRANSLATE_X);
        ByteImage out = tx.getOp().apply(im, tx.value(0.9), tx.isInteger(), new byte[] {0});
        assertEquals(255, out.get(14, 7, 0));
    }

    @Test
    void sameSeedGivesIdenticalBytesAndSeedsMatter() {
        ByteImage im = TestImages.random(32, 32, 3, 1);
        for (RandAugment ra : new RandAugment[] {RandAugment.fixMatch(), RandAugment.usb()}) {
            Set<ByteImage> distinct = new HashSet<>();
            for (long seed = 0; seed < 20; seed++) {
                ByteImage a = ra.apply(im, new Random(seed));
                assertEquals(a, ra.apply(im, new Random(seed)));
                distinct.add(a);
            }
            assertTrue(distinct.size() >= 18, "too few distinct outputs: " + distinct.size());
        }
    }

    @Test
    void deterministicAcrossThreadsAndOrders() throws Exception {
        Augmentation strong = AugmentationSequence.fixMatchStrong();
        List<ByteImage> images = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            images.add(TestImages.random(28, 28, 1, 100 + i));
        }
        List<ByteImage> expected = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            expected.add(strong.apply(images.get(i), AugmentRandoms.forImage(42, 7, i)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<ByteImage>> futures = new ArrayList<>();
            for (int i = images.size() - 1; i >= 0; i--) {
                final int idx = i;
                futures.add(pool.submit(() -> strong.apply(images.get(idx), AugmentRandoms.forImage(42, 7, idx))));
            }
            for (int k = 0; k < futures.size(); k++) {
                assertEquals(expected.get(images.size() - 1 - k), futures.get(k).get());
            }
        } finally {
            pool.shutdown();
        }
        assertNotEquals(expected.get(0), strong.apply(images.get(0), AugmentRandoms.forImage(42, 8, 0)));
    }

    @Test
    void opListApplyProbabilityAndCutoutKnobsTakeEffect() {
        ByteImage im = TestImages.random(8, 8, 3, 2);
        RandAugment invert = RandAugment.builder().numOps(3).applyProbability(1)
                .ops(List.of(new OpSpec(RandAugmentOp.SOLARIZE, 0, 0, false, false)))
                .cutout(new Cutout(CutoutMode.NONE, 0, Cutout.DEFAULT_FILL)).build();
        ByteImage once = ImageOps.solarize(im, 0);
        // three inversions = one inversion
        assertEquals(once, invert.apply(im, new Random(1)));
        RandAugment never = RandAugment.builder().applyProbability(0)
                .cutout(new Cutout(CutoutMode.NONE, 0, Cutout.DEFAULT_FILL)).build();
        assertEquals(im, never.apply(im, new Random(1)));
        RandAugment cutoutOnly = RandAugment.builder().numOps(0)
                .cutout(new Cutout(CutoutMode.FIXED, 1, new int[] {9, 9, 9})).build();
        ByteImage all = cutoutOnly.apply(im, new Random(3));
        int painted = 0;
        for (byte b : all.data()) {
            painted += b == 9 ? 1 : 0;
        }
        assertTrue(painted >= 16 * 3, "a side-8 square centred anywhere covers at least 4x4 pixels");
    }

    @Test
    void applyProbabilityIsHonouredPerDrawnOperation() {
        ByteImage im = TestImages.range(6, 6, 1, 10, 250, 4);
        ByteImage black = ByteImage.blank(6, 6, 1);
        RandAugment ra = RandAugment.builder().numOps(2).applyProbability(0.5)
                .ops(List.of(new OpSpec(RandAugmentOp.BRIGHTNESS, 0, 0, false, false)))
                .cutout(new Cutout(CutoutMode.NONE, 0, Cutout.DEFAULT_FILL)).build();
        int blackCount = 0;
        int trials = 4000;
        Random r = new Random(9);
        for (int i = 0; i < trials; i++) {
            ByteImage out = ra.apply(im, r);
            assertTrue(out.equals(black) || out.equals(im));
            blackCount += out.equals(black) ? 1 : 0;
        }
        // P(at least one of two ops applied) = 0.75; 4000 trials: sd ~ 0.007
        assertEquals(0.75, blackCount / (double) trials, 0.03);
    }

    @Test
    void usbDrawsContinuousSymmetricParameters() {
        List<OpSpec> ops = RandAugment.usb().getOps();
        assertEquals(-30, spec(ops, RandAugmentOp.ROTATE).value(0), 0);
        assertEquals(0.0, spec(ops, RandAugmentOp.ROTATE).value(0.5), 1e-12);
        assertEquals(15.3, spec(ops, RandAugmentOp.ROTATE).value(0.755), 1e-9);
        assertEquals(0.0, spec(ops, RandAugmentOp.SOLARIZE).value(0), 0);
        assertEquals(RandAugment.usb(), RandAugment.Preset.USB.builder().build());
        assertEquals(3, RandAugment.usb().getNumOps());
        assertEquals(1.0, RandAugment.usb().getApplyProbability());
        assertEquals(CutoutMode.UNIFORM, RandAugment.usb().getCutout().getMode());
    }

    @Test
    void cutoutPaintsASquareOfTheConfiguredSide() {
        ByteImage im = ByteImage.blank(32, 32, 1);
        Cutout c = new Cutout(CutoutMode.FIXED, 0.5, new int[] {255, 255, 255});
        int fullSquares = 0;
        for (long s = 0; s < 200; s++) {
            ByteImage out = c.apply(im, new Random(s));
            int minY = 99;
            int maxY = -1;
            int minX = 99;
            int maxX = -1;
            int count = 0;
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    if (out.get(y, x, 0) == 255) {
                        count++;
                        minY = Math.min(minY, y);
                        maxY = Math.max(maxY, y);
                        minX = Math.min(minX, x);
                        maxX = Math.max(maxX, x);
                    }
                }
            }
            assertEquals((maxY - minY + 1) * (maxX - minX + 1), count, "painted region is a rectangle");
            assertTrue(maxY - minY + 1 <= 16 && maxX - minX + 1 <= 16);
            fullSquares += count == 256 ? 1 : 0;
        }
        assertTrue(fullSquares > 40 && fullSquares < 160, "unclipped squares: " + fullSquares);
    }

    @Test
    void builderValidatesAndNamesTheParameter() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RandAugment.builder().numOps(-1))
                .getMessage().contains("numOps must be >= 0, found -1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RandAugment.builder().applyProbability(1.5))
                .getMessage().contains("applyProbability must be in [0, 1], found 1.5"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RandAugment.builder().levels(3, 11, 10)
                .build()).getMessage().contains("maxLevel must be in [minLevel = 3, levelScale = 10], found 11"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RandAugment.builder().ops(List.of())
                .build()).getMessage().contains("ops must not be empty"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RandAugment.builder()
                .geometricFill(new int[] {0, 300, 0})).getMessage().contains("geometricFill values must be in"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new OpSpec(RandAugmentOp.POSTERIZE, 4, 9, false, true)).getMessage()
                .contains("high for POSTERIZE must be in [0.0, 8.0], found 9.0"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new OpSpec(RandAugmentOp.SOLARIZE, 0, 256, true, true)).getMessage()
                .contains("randomSign"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new WeakAugment(0.5, 1.0)).getMessage()
                .contains("translateFraction must be in [0, 1), found 1.0"));
    }

    @Test
    void javaSerialisationRoundTrip() throws Exception {
        Augmentation a = AugmentationSequence.fixMatchStrong();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(a);
        }
        Object back;
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            back = in.readObject();
        }
        assertEquals(a, back);
        ByteImage im = TestImages.random(28, 28, 1, 6);
        assertEquals(a.apply(im, new Random(8)), ((Augmentation) back).apply(im, new Random(8)));
    }

    @Test
    void jsonRoundTripOfPresetsAndCustomConfigurations() throws Exception {
        ObjectMapper[] mappers = {new ObjectMapper(), org.datavec.api.transform.serde.JsonMappers.getMapper()};
        List<Augmentation> all = List.of(RandAugment.fixMatch(), RandAugment.usb(),
                RandAugment.builder().numOps(4).levels(0, 10, 10).geometricFill(new int[] {1, 2, 3})
                        .cutout(new Cutout(CutoutMode.UNIFORM, 0.25, new int[] {4, 5, 6})).build(),
                new WeakAugment(0.0, 0.25), new Cutout(CutoutMode.FIXED, 0.5, Cutout.DEFAULT_FILL),
                AugmentationSequence.fixMatchStrong());
        ByteImage im = TestImages.random(16, 16, 3, 3);
        for (ObjectMapper mapper : mappers) {
            for (Augmentation a : all) {
                String json = mapper.writeValueAsString(a);
                Augmentation back = mapper.readValue(json, a.getClass());
                assertEquals(a, back, json);
                assertEquals(a.hashCode(), back.hashCode());
                assertEquals(a.apply(im, new Random(5)), back.apply(im, new Random(5)));
                assertTrue(!json.contains("fillGrey"), json);
            }
        }
    }
}
