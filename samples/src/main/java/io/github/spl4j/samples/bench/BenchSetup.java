package io.github.spl4j.samples.bench;

import java.lang.management.ManagementFactory;
import java.util.Random;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.nativeblas.NativeOpsHolder;

import io.github.spl4j.dl4j.models.SmallCnn;

/**
 * Shared setup of the step benchmarks: thread count, CPU clocks, seeded random NHWC images and FixMatch batch labels,
 * and the SmallCNN at a given width and input shape.
 */
public final class BenchSetup {
    /** Classes of the benchmark batches. */
    public static final int CLASSES = 10;

    private BenchSetup() {
    }

    /**
     * Sets the number of threads ND4J's native ops, OpenMP and BLAS use.
     *
     * @param n threads, {@code >= 1}
     */
    public static void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, found " + n);
        }
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(n);
        Nd4j.getEnvironment().setMaxThreads(n);
        Nd4j.getEnvironment().setMaxMasterThreads(n);
        Nd4j.factory().blas().setMaxThreads(n);
    }

    /** @return CPU time of the whole process (all threads), nanoseconds */
    public static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** @return CPU time of the calling thread, nanoseconds */
    public static long threadCpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /**
     * @param b     labelled rows, {@code >= 1}
     * @param ratio unlabelled images per labelled one, {@code >= 0}
     * @return rows of a FixMatch batch, {@code b + 2 × ratio × b} (labelled, weak, strong)
     */
    public static int rows(int b, int ratio) {
        return b + 2 * ratio * b;
    }

    /**
     * @param rows     rows
     * @param size     height and width, pixels
     * @param channels channels
     * @param seed     seed
     * @return uniform [0, 1) float images, NHWC
     */
    public static INDArray images(int rows, int size, int channels, long seed) {
        Random r = new Random(seed);
        float[] data = new float[rows * size * size * channels];
        for (int i = 0; i < data.length; i++) {
            data[i] = r.nextFloat();
        }
        return Nd4j.create(data, new long[] {rows, size, size, channels}, 'c');
    }

    /**
     * Labels of a FixMatch batch {@code [b labelled | ratio·b weak | ratio·b strong]}: one-hot random classes on the
     * labelled rows, all-zero rows for the unlabelled ones.
     *
     * @param b     labelled rows
     * @param ratio unlabelled ratio
     * @param seed  seed
     * @return {@code rows(b, ratio) × CLASSES} float labels
     */
    public static INDArray fixMatchLabels(int b, int ratio, long seed) {
        Random r = new Random(seed);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, rows(b, ratio), CLASSES);
        for (int i = 0; i < b; i++) {
            labels.putScalar(i, r.nextInt(CLASSES), 1.0);
        }
        return labels;
    }

    /**
     * @param rows rows
     * @param seed seed
     * @return one-hot random classes on every row (supervised labels for the same rows)
     */
    public static INDArray supervisedLabels(int rows, long seed) {
        Random r = new Random(seed);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, rows, CLASSES);
        for (int i = 0; i < rows; i++) {
            labels.putScalar(i, r.nextInt(CLASSES), 1.0);
        }
        return labels;
    }

    /**
     * @param width    channels of the first convolution (16 is SmallCNN-16)
     * @param size     input height and width
     * @param channels input channels
     * @param loss     the output layer's loss
     * @return the SmallCNN (spl4j layers, NHWC), seed 42
     */
    public static MultiLayerNetwork smallCnn(int width, int size, int channels, ILossFunction loss) {
        return new SmallCnn.Builder(42).inputShape(size, size, channels)
                .widthMultiplier(width / (double) SmallCnn.BASE_WIDTH).lossFunction(loss).build();
    }
}
