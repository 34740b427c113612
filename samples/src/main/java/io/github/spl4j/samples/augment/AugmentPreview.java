package io.github.spl4j.samples.augment;

import io.github.spl4j.augment.Augmentation;
import io.github.spl4j.augment.AugmentationSequence;
import io.github.spl4j.augment.AugmentRandoms;
import io.github.spl4j.augment.ByteImage;
import io.github.spl4j.augment.RandAugment;
import io.github.spl4j.augment.WeakAugment;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Writes a PNG grid: one row per image (Fashion-MNIST first, then synthetic colour images), columns original, two
 * weak views, three FIXMATCH strong views (flip + translate + RandAugment + Cutout) and two USB strong views. Every
 * cell is scaled up by {@code scale} with nearest neighbour and framed by a grey gap.
 */
public final class AugmentPreview {
    /** Default location of Fashion-MNIST's training images. */
    public static final Path DEFAULT_FASHION = Paths.get("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz");
    private static final int CELL = 32;
    private static final int GAP = 4;
    private static final int WEAK_VIEWS = 2;
    private static final int FIXMATCH_VIEWS = 3;
    private static final int USB_VIEWS = 2;
    private static final int COLUMNS = 1 + WEAK_VIEWS + FIXMATCH_VIEWS + USB_VIEWS;

    private AugmentPreview() {
    }

    /**
     * @param fashionImages gzipped IDX image file, or null to skip the Fashion-MNIST rows
     * @param count         Fashion-MNIST images to show
     * @param out           PNG file to write
     * @param seed          root seed of the views
     * @param scale         pixel scale factor, >= 1
     * @return {@code out}
     * @throws IOException if reading or writing fails
     */
    public static Path run(Path fashionImages, int count, Path out, long seed, int scale) throws IOException {
        if (scale < 1) {
            throw new IllegalArgumentException("scale must be >= 1, found " + scale);
        }
        List<ByteImage> rows = new ArrayList<>();
        if (fashionImages != null) {
            rows.addAll(SampleImages.readIdx(fashionImages, count));
        }
        rows.addAll(SampleImages.synthetic(CELL));
        Augmentation weak = new WeakAugment();
        Augmentation fixMatch = AugmentationSequence.fixMatchStrong();
        Augmentation usb = AugmentationSequence.of(new WeakAugment(), RandAugment.usb());
        int cellPx = CELL * scale + GAP;
        BufferedImage grid = new BufferedImage(COLUMNS * cellPx + GAP, rows.size() * cellPx + GAP,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        g.setColor(new Color(90, 90, 90));
        g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
        g.dispose();
        for (int r = 0; r < rows.size(); r++) {
            ByteImage im = rows.get(r);
            List<ByteImage> cells = new ArrayList<>();
            cells.add(im);
            int view = 0;
            for (int k = 0; k < WEAK_VIEWS; k++) {
                cells.add(weak.apply(im, AugmentRandoms.forImage(seed, view++, r)));
            }
            for (int k = 0; k < FIXMATCH_VIEWS; k++) {
                cells.add(fixMatch.apply(im, AugmentRandoms.forImage(seed, view++, r)));
            }
            for (int k = 0; k < USB_VIEWS; k++) {
                cells.add(usb.apply(im, AugmentRandoms.forImage(seed, view++, r)));
            }
            for (int c = 0; c < cells.size(); c++) {
                paint(grid, cells.get(c), GAP + c * cellPx, GAP + r * cellPx, scale);
            }
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ImageIO.write(grid, "png", out.toFile());
        return out;
    }

    private static void paint(BufferedImage grid, ByteImage im, int left, int top, int scale) {
        for (int y = 0; y < im.height() * scale; y++) {
            for (int x = 0; x < im.width() * scale; x++) {
                int sy = y / scale;
                int sx = x / scale;
                int rgb;
                if (im.channels() == 1) {
                    int v = im.get(sy, sx, 0);
                    rgb = (v << 16) | (v << 8) | v;
                } else {
                    rgb = (im.get(sy, sx, 0) << 16) | (im.get(sy, sx, 1) << 8) | im.get(sy, sx, 2);
                }
                grid.setRGB(left + x, top + y, rgb);
            }
        }
    }

    /**
     * Usage: {@code AugmentPreview [out.png] [fashion-images.idx3.gz] [count] [seed]}; defaults
     * {@code augment-preview.png}, {@link #DEFAULT_FASHION} (skipped if missing), 6, 1.
     */
    public static void main(String[] args) throws IOException {
        Path out = Paths.get(args.length > 0 ? args[0] : "augment-preview.png");
        Path fashion = args.length > 1 ? Paths.get(args[1]) : DEFAULT_FASHION;
        int count = args.length > 2 ? Integer.parseInt(args[2]) : 6;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 1L;
        run(Files.exists(fashion) ? fashion : null, count, out, seed, 4);
    }
}
