package io.github.spl4j.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WeakAugmentTest {

    @Test
    void outputIsAFlipAndReflectShiftWithinThePadAndEveryShiftOccurs() {
        ByteImage im = TestImages.random(32, 32, 3, 1);
        WeakAugment weak = new WeakAugment();
        Set<String> seen = new HashSet<>();
        Random r = new Random(2);
        for (int n = 0; n < 2000; n++) {
            ByteImage out = weak.apply(im, r);
            String found = null;
            for (int flip = 0; flip < 2 && found == null; flip++) {
                ByteImage base = flip == 1 ? ImageOps.flipHorizontal(im) : im;
                for (int dy = -4; dy <= 4 && found == null; dy++) {
                    for (int dx = -4; dx <= 4 && found == null; dx++) {
                        if (ImageOps.reflectTranslate(base, dx, dy).equals(out)) {
                            found = flip + "," + dy + "," + dx;
                        }
                    }
                }
            }
            assertTrue(found != null, "output is not a flip + shift within 4 pixels");
            seen.add(found);
        }
        assertEquals(2 * 9 * 9, seen.size());
    }

    @Test
    void padIsTruncatedTwelvePointFivePercentAndSwitchesOff() {
        ByteImage im = TestImages.random(28, 28, 1, 3);
        WeakAugment weak = new WeakAugment(0, 0.125);
        int maxShift = 0;
        for (long s = 0; s < 300; s++) {
            ByteImage out = weak.apply(im, new Random(s));
            for (int d = 0; d <= 4; d++) {
                for (int sign = -1; sign <= 1; sign += 2) {
                    if (out.equals(ImageOps.reflectTranslate(im, sign * d, 0))
                            || out.equals(ImageOps.reflectTranslate(im, 0, sign * d))) {
                        maxShift = Math.max(maxShift, d);
                    }
                }
            }
        }
        assertEquals(3, maxShift, "int(28 * 0.125) = 3");
        assertEquals(im, new WeakAugment(0, 0).apply(im, new Random(4)));
        assertEquals(ImageOps.flipHorizontal(im), new WeakAugment(1, 0).apply(im, new Random(4)));
    }
}
