package io.github.spl4j.samples.augment;

import io.github.spl4j.augment.Augmentation;
import io.github.spl4j.augment.AugmentationSequence;
import io.github.spl4j.augment.AugmentRandoms;
import io.github.spl4j.augment.ByteImage;
import io.github.spl4j.augment.ImageBatchWriter;
import io.github.spl4j.augment.ImageOps;
import io.github.spl4j.augment.WeakAugment;
import io.github.spl4j.augment.transform.MatImages;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point2f;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Images per second on one thread for the weak view, the FIXMATCH strong view (flip + translate + RandAugment(2, 10)
 * + Cutout) and the whole FixMatch pair (weak + strong, written normalised into a float batch), at 28×28×1 and
 * 32×32×3, as the median of several runs, with wall and thread-CPU time and the ratio to the PyTorch/PIL reference of
 * issue 5. Also compares raw Java with OpenCV (JavaCV) on the weak view and on a rotation.
 */
public final class AugmentBenchmark {
    /** Reference images/s of the FixMatch PyTorch port (PIL/torchvision), one core: {weak, strong, pair}. */
    private static final double[] REFERENCE_32X3 = {6052, 3861, 1501};
    private static final double[] REFERENCE_28X1 = {6633, 4533, 1712};
    private static final float[] CIFAR_MEAN = {0.4914f, 0.4822f, 0.4465f};
    private static final float[] CIFAR_STD = {0.2471f, 0.2435f, 0.2616f};
    private static final float[] FASHION_MEAN = {0.2860f};
    private static final float[] FASHION_STD = {0.3530f};
    private static final int POOL = 512;
    private static final double NANOS = 1e9;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final PrintStream out;
    private final int images;
    private final int repeats;
    private long sink;

    private AugmentBenchmark(PrintStream out, int images, int repeats) {
        this.out = out;
        this.images = images;
        this.repeats = repeats;
    }

    /** One measurement: images per wall second and per CPU second of the measuring thread. */
    private static final class Rate {
        final double wall;
        final double cpu;

        Rate(double wall, double cpu) {
            this.wall = wall;
            this.cpu = cpu;
        }
    }

    /**
     * Runs the benchmark on the calling thread.
     *
     * @param out     where to print the table
     * @param images  images per run, >= 1 (the reference used 5,000)
     * @param repeats runs per case, >= 1 (the median is reported; the reference used 3)
     */
    public static void run(PrintStream out, int images, int repeats) {
        if (images < 1 || repeats < 1) {
            throw new IllegalArgumentException("images and repeats must be >= 1, found " + images + ", " + repeats);
        }
        new AugmentBenchmark(out, images, repeats).runAll();
    }

    private void runAll() {
        out.printf("augmentation benchmark: 1 thread, %d images per run, median of %d runs%n", images, repeats);
        out.printf("%-10s %-8s %12s %12s %12s %8s%n", "case", "shape", "img/s wall", "img/s cpu", "reference",
                "ratio");
        shape(28, 1, FASHION_MEAN, FASHION_STD, REFERENCE_28X1);
        shape(32, 3, CIFAR_MEAN, CIFAR_STD, REFERENCE_32X3);
        out.println();
        out.println("raw Java vs OpenCV (JavaCV), microseconds per image (thread CPU), 32x32x3:");
        openCvComparison(32, 3);
        out.println("28x28x1:");
        openCvComparison(28, 1);
        out.println("(sink " + (sink & 1) + ")");
    }

    private void shape(int side, int channels, float[] mean, float[] std, double[] reference) {
        List<ByteImage> pool = pool(side, channels);
        Augmentation weak = new WeakAugment();
        Augmentation strong = AugmentationSequence.fixMatchStrong();
        ImageBatchWriter writer = new ImageBatchWriter(side, side, channels, ImageBatchWriter.Layout.NCHW, mean, std);
        String shape = side + "x" + side + "x" + channels;
        report("weak", shape, measure(i -> weak.apply(pool.get(i % POOL), AugmentRandoms.forImage(1, 0, i))),
                reference[0]);
        report("strong", shape, measure(i -> strong.apply(pool.get(i % POOL), AugmentRandoms.forImage(2, 0, i))),
                reference[1]);
        int batch = 64;
        float[] buffer = writer.allocate(2 * batch);
        report("pair", shape, measure(i -> {
            ByteImage im = pool.get(i % POOL);
            int row = i % batch;
            writer.write(weak.apply(im, AugmentRandoms.forImage(1, 0, i)), buffer, row);
            writer.write(strong.apply(im, AugmentRandoms.forImage(2, 0, i)), buffer, batch + row);
            return null;
        }), reference[2]);
        sink += Float.floatToIntBits(buffer[buffer.length - 1]);
    }

    private static List<ByteImage> pool(int side, int channels) {
        Random r = new Random(7);
        List<ByteImage> list = new ArrayList<>();
        for (int i = 0; i < POOL; i++) {
            byte[] d = new byte[side * side * channels];
            r.nextBytes(d);
            list.add(new ByteImage(side, side, channels, d));
        }
        return list;
    }

    private Rate measure(java.util.function.IntFunction<ByteImage> work) {
        for (int i = 0; i < Math.min(images, 2000); i++) {
            consume(work.apply(i));
        }
        double[] wall = new double[repeats];
        double[] cpu = new double[repeats];
        for (int rep = 0; rep < repeats; rep++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (int i = 0; i < images; i++) {
                consume(work.apply(i));
            }
            long t1 = System.nanoTime();
            long c1 = threads.getCurrentThreadCpuTime();
            wall[rep] = images * NANOS / (t1 - t0);
            cpu[rep] = images * NANOS / Math.max(1, c1 - c0);
        }
        return new Rate(median(wall), median(cpu));
    }

    private void consume(ByteImage im) {
        if (im != null) {
            sink += im.data()[0];
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private void report(String name, String shape, Rate rate, double reference) {
        out.printf("%-10s %-8s %12.0f %12.0f %12.0f %7.1fx%n", name, shape, rate.wall, rate.cpu, reference,
                rate.cpu / reference);
    }

    /** Weak view (flip + reflect translate) and a 17° rotation: raw arrays vs OpenCV on prepared {@code Mat}s. */
    private void openCvComparison(int side, int channels) {
        List<ByteImage> pool = pool(side, channels);
        List<Mat> mats = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            mats.add(MatImages.toMat(pool.get(i)));
        }
        int pad = side / 8;
        byte[] black = new byte[channels];
        Mat flipped = new Mat();
        Mat padded = new Mat();
        Mat dst = new Mat();
        Scalar zero = new Scalar(0.0);
        Mat rotation = opencv_imgproc.getRotationMatrix2D(new Point2f(side / 2f, side / 2f), 17, 1.0);
        Size size = new Size(side, side);
        double rawWeak = perImageMicros(i -> ImageOps.reflectTranslate(pool.get(i % 64), (i % 9) - 4,
                ((i / 9) % 9) - 4, true));
        double cvWeak = perImageMicros(i -> {
            opencv_core.flip(mats.get(i % 64), flipped, 1);
            opencv_core.copyMakeBorder(flipped, padded, pad, pad, pad, pad, opencv_core.BORDER_REFLECT_101);
            try (Rect roi = new Rect(i % (2 * pad + 1), (i / 9) % (2 * pad + 1), side, side);
                 Mat view = new Mat(padded, roi)) {
                view.copyTo(dst);
            }
            return null;
        });
        double cvWeakConverted = perImageMicros(i -> {
            try (Mat m = MatImages.toMat(pool.get(i % 64))) {
                opencv_core.flip(m, flipped, 1);
                opencv_core.copyMakeBorder(flipped, padded, pad, pad, pad, pad, opencv_core.BORDER_REFLECT_101);
                try (Rect roi = new Rect(i % (2 * pad + 1), (i / 9) % (2 * pad + 1), side, side);
                     Mat view = new Mat(padded, roi)) {
                    view.copyTo(dst);
                }
                return MatImages.toByteImage(dst);
            }
        });
        double rawRotate = perImageMicros(i -> ImageOps.rotate(pool.get(i % 64), 17, black));
        double cvRotate = perImageMicros(i -> {
            opencv_imgproc.warpAffine(mats.get(i % 64), dst, rotation, size, opencv_imgproc.INTER_NEAREST,
                    opencv_core.BORDER_CONSTANT, zero);
            return null;
        });
        out.printf("  weak  : raw %.2f us, OpenCV on Mats %.2f us (%.1fx), OpenCV incl. ByteImage<->Mat %.2f us%n",
                rawWeak, cvWeak, cvWeak / rawWeak, cvWeakConverted);
        out.printf("  rotate: raw %.2f us, OpenCV warpAffine on Mats %.2f us (%.1fx)%n", rawRotate, cvRotate,
                cvRotate / rawRotate);
    }

    private double perImageMicros(java.util.function.IntFunction<ByteImage> work) {
        return 1e6 / measure(work).cpu;
    }

    /** Usage: {@code AugmentBenchmark [images per run] [runs]}; defaults 5000 and 3, as the reference. */
    public static void main(String[] args) {
        int images = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        run(System.out, images, repeats);
    }
}
