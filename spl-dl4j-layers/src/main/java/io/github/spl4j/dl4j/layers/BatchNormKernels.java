package io.github.spl4j.dl4j.layers;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinTask;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fused float kernels for {@link FastBatchNormalizationLayer}: the same maths as {@link BatchNormRows}, in two
 * passes over memory per direction instead of about 13 forward and 23 backward element-wise ND4J passes.
 * Why: on [224·28·28, 16] activations a second thread did not speed the ND4J ops up at all (likely bound by memory
 * bandwidth); these loops read each array twice and split the rows over threads, which cut a 2-thread SmallCNN step
 * from 175 to 138 ms (docs/BENCHMARKS.md).
 *
 * <p>Rows are cut into fixed chunks of about {@value #CHUNK_ELEMENTS} values whatever the thread count, and chunk
 * sums are added in chunk order in double precision, so results are bit-identical with 1 or more threads. The
 * threads are the calling thread plus the common fork-join pool, up to ND4J's {@code maxMasterThreads} (the thread
 * count of libnd4j's own parallel loops; {@code maxThreads} cannot be lowered in 1.0.0-M2.1).
 */
final class BatchNormKernels {
    /** Values per chunk: a chunk's row copies stay in the L1/L2 cache. */
    static final int CHUNK_ELEMENTS = 8192;

    private BatchNormKernels() {
    }

    /**
     * @return true when the fused passes are not switched off ({@link FastBatchNormalization#FUSED_KERNELS_PROPERTY})
     *         and every array is FLOAT, c-order with default strides, starts at its buffer's first element and
     *         fits in an int index: the kernels read the buffers directly
     */
    static boolean supports(INDArray... arrays) {
        if ("false".equalsIgnoreCase(System.getProperty(FastBatchNormalization.FUSED_KERNELS_PROPERTY))) {
            return false;
        }
        for (INDArray a : arrays) {
            if (a.dataType() != DataType.FLOAT || a.ordering() != 'c' || !Shape.hasDefaultStridesForShape(a)
                    || a.data().offset() != 0 || a.length() > Integer.MAX_VALUE
                    || a.data().asNioFloat().capacity() < a.length()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Training forward: batch statistics, then {@code out = act(gamma (x - mean) invStd + beta)}.
     *
     * @param x     [M, C] (see {@link #supports})
     * @param gamma [C] scale
     * @param beta  [C] shift
     * @param eps   added to the variance, {@code > 0}
     * @param alpha leaky ReLU slope in [0, 1), or exactly 1 for no activation
     * @param out   [M, C] result, may not alias x
     * @return {mean, invStd}, each [C], the biased batch statistics used
     */
    static float[][] forwardTraining(INDArray x, float[] gamma, float[] beta, double eps, float alpha, INDArray out) {
        int m = (int) x.rows();
        int c = (int) x.columns();
        FloatBuffer xb = x.data().asNioFloat();
        double[][] sums = forEachChunk(m, c, 2, (r0, r1, acc, s0, s1) -> columnSumsAndSquares(xb, c, r0, r1, acc, s0,
                s1));
        float[] mean = new float[c];
        float[] invStd = new float[c];
        for (int k = 0; k < c; k++) {
            double mu = sums[0][k] / m;
            double var = Math.max(sums[1][k] / m - mu * mu, 0.0);
            mean[k] = (float) mu;
            invStd[k] = (float) (1.0 / Math.sqrt(var + eps));
        }
        forwardInference(x, mean, invStd, gamma, beta, alpha, out);
        return new float[][] {mean, invStd};
    }

    /**
     * Forward with given statistics: {@code out = act(x a + b)}, {@code a = gamma invStd}, {@code b = beta - mean a}.
     *
     * @param x   [M, C]
     * @param out [M, C] result, may not alias x
     */
    static void forwardInference(INDArray x, float[] mean, float[] invStd, float[] gamma, float[] beta, float alpha,
                                 INDArray out) {
        int m = (int) x.rows();
        int c = (int) x.columns();
        Affine z = new Affine(mean, invStd, gamma, beta, m);
        FloatBuffer xb = x.data().asNioFloat();
        FloatBuffer ob = out.data().asNioFloat();
        forEachChunk(m, c, 0, (r0, r1, acc, s0, s1) -> affineActivation(xb, ob, z.tiledA, z.tiledB, alpha, c, r0, r1,
                s0));
    }

    /**
     * Backward with batch statistics ({@link BatchNormRows#backward} in two passes): the first sums
     * {@code gz = g act'(z)} and {@code gz x} per column, the second writes {@code dx = a gz + k1 x + k0}.
     *
     * @param x  [M, C] layer input
     * @param g  [M, C] gradient at the layer output
     * @param dx [M, C] result, may alias neither x nor g
     * @return {dGamma, dBeta}, each [C]
     */
    static float[][] backward(INDArray x, INDArray g, float[] mean, float[] invStd, float[] gamma, float[] beta,
                              float alpha, INDArray dx) {
        int m = (int) x.rows();
        int c = (int) x.columns();
        Affine z = new Affine(mean, invStd, gamma, beta, m);
        float[] a = z.a;
        FloatBuffer xb = x.data().asNioFloat();
        FloatBuffer gb = g.data().asNioFloat();
        FloatBuffer db = dx.data().asNioFloat();
        double[][] sums = forEachChunk(m, c, 2, (r0, r1, acc, s0, s1) -> gradientSums(xb, gb, z.tiledA, z.tiledB, alpha,
                c, r0, r1, acc, s0, s1));
        float[] dGamma = new float[c];
        float[] dBeta = new float[c];
        float[] k1 = new float[c];
        float[] k0 = new float[c];
        for (int k = 0; k < c; k++) {
            double sumGz = sums[0][k];
            double dG = invStd[k] * (sums[1][k] - mean[k] * sumGz);
            double kk1 = -(double) a[k] * invStd[k] * dG / m;
            dBeta[k] = (float) sumGz;
            dGamma[k] = (float) dG;
            k1[k] = (float) kk1;
            k0[k] = (float) (-(double) a[k] * sumGz / m - kk1 * mean[k]);
        }
        float[] tk1 = tile(k1, m);
        float[] tk0 = tile(k0, m);
        forEachChunk(m, c, 0, (r0, r1, acc, s0, s1) -> inputGradient(xb, gb, db, z.tiledA, z.tiledB, tk1, tk0, alpha,
                c, r0, r1, s0, s1));
        return new float[][] {dGamma, dBeta};
    }

    /**
     * The affine map {@code z = x a + b}, {@code a = gamma invStd}, {@code b = beta - mean a}, per column and tiled to
     * one chunk's rows for the flat loops.
     */
    private static final class Affine {
        private final float[] a;
        private final float[] tiledA;
        private final float[] tiledB;

        Affine(float[] mean, float[] invStd, float[] gamma, float[] beta, int m) {
            int c = mean.length;
            a = new float[c];
            float[] b = new float[c];
            for (int k = 0; k < c; k++) {
                a[k] = gamma[k] * invStd[k];
                b[k] = beta[k] - mean[k] * a[k];
            }
            tiledA = tile(a, m);
            tiledB = tile(b, m);
        }
    }

    /** Per-thread scratch rows, reused across calls: no garbage per pass. */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);

    /**
     * Work on rows [r0, r1) that adds its per-column sums into {@code acc[s][C]}, with two scratch arrays of at least
     * {@code (r1 - r0) C} values.
     */
    @FunctionalInterface
    private interface ChunkWork {
        void run(int r0, int r1, float[][] acc, float[] s0, float[] s1);
    }

    /**
     * Runs {@code work} on every chunk of rows, spread over up to ND4J's {@code maxMasterThreads} threads, and
     * returns the double sums over chunks (in chunk order) of {@code nSums} per-column float sums.
     */
    private static double[][] forEachChunk(int m, int c, int nSums, ChunkWork work) {
        int rowsPerChunk = rowsPerChunk(c);
        int chunks = (m + rowsPerChunk - 1) / rowsPerChunk;
        float[][][] partial = new float[chunks][nSums][c];
        int threads = Math.max(1, Math.min(chunks, Nd4j.getEnvironment().maxMasterThreads()));
        Runnable[] parts = new Runnable[threads];
        for (int t = 0; t < threads; t++) {
            int first = (int) ((long) chunks * t / threads);
            int last = (int) ((long) chunks * (t + 1) / threads);
            parts[t] = () -> {
                float[][] scratch = SCRATCH.get();
                int need = rowsPerChunk * c;
                if (scratch[0].length < need) {
                    scratch[0] = new float[need];
                    scratch[1] = new float[need];
                }
                for (int i = first; i < last; i++) {
                    int r0 = i * rowsPerChunk;
                    work.run(r0, Math.min(m, r0 + rowsPerChunk), partial[i], scratch[0], scratch[1]);
                }
            };
        }
        List<ForkJoinTask<?>> forked = new ArrayList<>(threads - 1);
        for (int t = 1; t < threads; t++) {
            forked.add(ForkJoinTask.adapt(parts[t]).fork());
        }
        parts[0].run();
        for (ForkJoinTask<?> f : forked) {
            f.join();
        }
        double[][] sums = new double[nSums][c];
        for (float[][] p : partial) {
            for (int s = 0; s < nSums; s++) {
                for (int k = 0; k < c; k++) {
                    sums[s][k] += p[s][k];
                }
            }
        }
        return sums;
    }

    /** @return v repeated for the rows of one chunk ({@code min(m, rowsPerChunk)} rows), so loops run flat */
    private static float[] tile(float[] v, int m) {
        int c = v.length;
        int rows = Math.min(m, rowsPerChunk(c));
        float[] t = new float[rows * c];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(v, 0, t, r * c, c);
        }
        return t;
    }

    private static int rowsPerChunk(int c) {
        return Math.max(1, CHUNK_ELEMENTS / Math.max(1, c));
    }

    /**
     * Column sums of t [rows, c] into sum: rows are added pairwise (the bottom half onto the top half) in flat loops
     * that the JIT vectorises; a row-by-row loop over c columns would not be. Overwrites t.
     */
    private static void columnSums(float[] t, int rows, int c, float[] sum) {
        int len = rows;
        while (len > 1) {
            int half = len / 2;
            int from = (len - half) * c;
            int n = half * c;
            for (int j = 0; j < n; j++) {
                t[j] += t[from + j];
            }
            len -= half;
        }
        System.arraycopy(t, 0, sum, 0, c);
    }

    private static void columnSumsAndSquares(FloatBuffer xb, int c, int r0, int r1, float[][] acc, float[] xs,
                                             float[] sq) {
        int n = (r1 - r0) * c;
        xb.get(r0 * c, xs, 0, n);
        for (int j = 0; j < n; j++) {
            sq[j] = xs[j] * xs[j];
        }
        columnSums(xs, r1 - r0, c, acc[0]);
        columnSums(sq, r1 - r0, c, acc[1]);
    }

    private static void affineActivation(FloatBuffer xb, FloatBuffer ob, float[] a, float[] b, float alpha, int c,
                                         int r0, int r1, float[] buf) {
        int n = (r1 - r0) * c;
        xb.get(r0 * c, buf, 0, n);
        for (int j = 0; j < n; j++) {
            float z = buf[j] * a[j] + b[j];
            buf[j] = Math.max(z, alpha * z); // alpha 1: max(z, z) = z
        }
        ob.put(r0 * c, buf, 0, n);
    }

    private static void gradientSums(FloatBuffer xb, FloatBuffer gb, float[] a, float[] b, float alpha, int c,
                                     int r0, int r1, float[][] acc, float[] xs, float[] gs) {
        int n = (r1 - r0) * c;
        xb.get(r0 * c, xs, 0, n);
        gb.get(r0 * c, gs, 0, n);
        for (int j = 0; j < n; j++) {
            float x = xs[j];
            float gz = gs[j] * slope(x * a[j] + b[j], alpha);
            gs[j] = gz;
            xs[j] = gz * x;
        }
        columnSums(gs, r1 - r0, c, acc[0]);
        columnSums(xs, r1 - r0, c, acc[1]);
    }

    private static void inputGradient(FloatBuffer xb, FloatBuffer gb, FloatBuffer db, float[] a, float[] b,
                                      float[] k1, float[] k0, float alpha, int c, int r0, int r1, float[] xs,
                                      float[] gs) {
        int n = (r1 - r0) * c;
        xb.get(r0 * c, xs, 0, n);
        gb.get(r0 * c, gs, 0, n);
        for (int j = 0; j < n; j++) {
            float x = xs[j];
            float gz = gs[j] * slope(x * a[j] + b[j], alpha);
            gs[j] = a[j] * gz + k1[j] * x + k0[j];
        }
        db.put(r0 * c, gs, 0, n);
    }

    /**
     * The leaky ReLU's derivative at z: 1 when z's sign bit is clear, else alpha (libnd4j: 1 for z >= 0, which
     * differs only at z = -0). Branch-free: the sign of z is random, so a branch would be mispredicted half the time
     * (it made the backward pass 2× slower).
     */
    private static float slope(float z, float alpha) {
        return 1f - (1f - alpha) * (Float.floatToRawIntBits(z) >>> 31);
    }
}
