package io.github.spl4j.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Seeded fuzzing: random sizes 1×1..64×64, 1 and 3 channels, extreme parameters. */
class FuzzTest {

    @Test
    void everyOperationAtExtremeParametersKeepsShapeAndLeavesTheInputAlone() {
        Random r = new Random(20261126L);
        for (int n = 0; n < 300; n++) {
            int h = 1 + r.nextInt(64);
            int w = 1 + r.nextInt(64);
            int c = r.nextBoolean() ? 1 : 3;
            ByteImage im = TestImages.random(h, w, c, r.nextLong());
            ByteImage copy = im.copy();
            byte[] fill = new byte[c];
            for (RandAugmentOp op : RandAugmentOp.values()) {
                double lo = Math.max(op.minValue(), -1e6);
                double hi = Math.min(op.maxValue(), 1e6);
                for (double v : new double[] {lo, hi, lo + r.nextDouble() * (hi - lo), 0.5 * (lo + hi)}) {
                    if (v < op.minValue() || v > op.maxValue()) {
                        continue;
                    }
                    check(im, op.apply(im, v, r.nextBoolean(), fill));
                }
            }
            check(im, ImageOps.reflectTranslate(im, r.nextInt(200) - 100, r.nextInt(200) - 100));
            check(im, ImageOps.cutout(im, r.nextInt(200) - 100, r.nextInt(200) - 100, r.nextInt(100), fill));
            for (Augmentation a : List.of(RandAugment.fixMatch(), RandAugment.usb(),
                    RandAugment.builder().levels(0, 10, 10).applyProbability(1).numOps(6).build(),
                    new WeakAugment(0.5, 0.99), new Cutout(CutoutMode.UNIFORM, 1, Cutout.DEFAULT_FILL),
                    AugmentationSequence.fixMatchStrong())) {
                check(im, a.apply(im, new Random(r.nextLong())));
            }
            assertEquals(copy, im, "input was modified");
        }
    }

    private static void check(ByteImage in, ByteImage out) {
        assertEquals(in.height(), out.height());
        assertEquals(in.width(), out.width());
        assertEquals(in.channels(), out.channels());
        assertEquals(in.data().length, out.data().length);
    }
}
