package io.github.spl4j.augment;

import java.util.Random;

/** Seeded test images. */
final class TestImages {
    private TestImages() {
    }

    static ByteImage random(int h, int w, int c, long seed) {
        byte[] d = new byte[h * w * c];
        new Random(seed).nextBytes(d);
        return new ByteImage(h, w, c, d);
    }

    /** Values uniform in [lo, hi]. */
    static ByteImage range(int h, int w, int c, int lo, int hi, long seed) {
        Random r = new Random(seed);
        byte[] d = new byte[h * w * c];
        for (int i = 0; i < d.length; i++) {
            d[i] = (byte) (lo + r.nextInt(hi - lo + 1));
        }
        return new ByteImage(h, w, c, d);
    }

    static int min(ByteImage im, int ch) {
        int m = 255;
        for (int i = ch; i < im.data().length; i += im.channels()) {
            m = Math.min(m, im.data()[i] & 0xFF);
        }
        return m;
    }

    static int max(ByteImage im, int ch) {
        int m = 0;
        for (int i = ch; i < im.data().length; i += im.channels()) {
            m = Math.max(m, im.data()[i] & 0xFF);
        }
        return m;
    }
}
