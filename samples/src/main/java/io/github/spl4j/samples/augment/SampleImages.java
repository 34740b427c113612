package io.github.spl4j.samples.augment;

import io.github.spl4j.augment.ByteImage;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Images for the samples: the first few of a gzipped IDX image file, and synthetic colour images. */
final class SampleImages {
    private static final int IDX_IMAGES_MAGIC = 2051;

    private SampleImages() {
    }

    /**
     * Reads the first {@code count} images of a gzipped IDX3 file (e.g. Fashion-MNIST's
     * {@code train-images-idx3-ubyte.gz}). A minimal reader for the samples; the data module has the real one.
     */
    static List<ByteImage> readIdx(Path gz, int count) throws IOException {
        try (InputStream raw = Files.newInputStream(gz);
             DataInputStream in = new DataInputStream(new GZIPInputStream(raw))) {
            int magic = in.readInt();
            if (magic != IDX_IMAGES_MAGIC) {
                throw new IOException(gz + ": IDX magic must be " + IDX_IMAGES_MAGIC + ", found " + magic);
            }
            int n = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            List<ByteImage> out = new ArrayList<>();
            for (int i = 0; i < Math.min(n, count); i++) {
                byte[] d = new byte[rows * cols];
                in.readFully(d);
                out.add(new ByteImage(rows, cols, 1, d));
            }
            return out;
        }
    }

    /** Synthetic 32×32 RGB images: a gradient with a disc, stripes, a checkerboard with a square, a colour wheel. */
    static List<ByteImage> synthetic(int side) {
        List<ByteImage> out = new ArrayList<>();
        for (int kind = 0; kind < 4; kind++) {
            byte[] d = new byte[side * side * 3];
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    int[] rgb = pixel(kind, y, x, side);
                    int o = (y * side + x) * 3;
                    d[o] = (byte) rgb[0];
                    d[o + 1] = (byte) rgb[1];
                    d[o + 2] = (byte) rgb[2];
                }
            }
            out.add(new ByteImage(side, side, 3, d));
        }
        return out;
    }

    private static int[] pixel(int kind, int y, int x, int side) {
        double u = x / (side - 1.0);
        double v = y / (side - 1.0);
        double cx = u - 0.6;
        double cy = v - 0.4;
        switch (kind) {
            case 0:
                if (cx * cx + cy * cy < 0.06) {
                    return new int[] {230, 200, 40};
                }
                return new int[] {(int) (40 + 150 * u), (int) (60 + 100 * v), 170};
            case 1:
                return (x / 4) % 2 == 0 ? new int[] {200, 40, 40} : new int[] {40, 120, 200};
            case 2:
                if (x > side / 4 && x < side / 2 && y > side / 2 && y < 3 * side / 4) {
                    return new int[] {20, 180, 60};
                }
                return ((x / 8) + (y / 8)) % 2 == 0 ? new int[] {220, 220, 220} : new int[] {60, 60, 60};
            default:
                double a = Math.atan2(cy + 0.1, cx + 0.1);
                return new int[] {(int) (127 + 120 * Math.cos(a)), (int) (127 + 120 * Math.cos(a - 2.1)),
                        (int) (127 + 120 * Math.cos(a + 2.1))};
        }
    }
}
