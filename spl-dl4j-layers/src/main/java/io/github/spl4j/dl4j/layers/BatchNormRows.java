package io.github.spl4j.dl4j.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.transforms.custom.Max;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.LeakyReLUDerivative;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Batch normalisation (+ optional leaky ReLU) on the channels-last row view {@code X [M, C]} of the activations, with
 * plain ND4J ops chosen for speed on the CPU: per-channel column sums are {@code ones[1, M] x X} products (faster than
 * {@code X.sum(0)} with 1 thread, and no slower with 2 on these shapes), every other step is one vectorised element-wise or broadcast op, and the leaky ReLU is
 * branch-free. All row vectors are {@code [1, C]}; every {@code [M, C]} array is c-order.
 */
final class BatchNormRows {
    private BatchNormRows() {
    }

    /**
     * Batch statistics per column: {@code mean = sum(x) / M}, biased {@code var = sum(x^2) / M - mean^2} (clamped at
     * 0 against rounding), {@code invStd = 1 / sqrt(var + eps)}.
     *
     * @param x       [M, C]
     * @param ones    [1, M] ones
     * @param eps     added to the variance
     * @param scratch [M, C], overwritten
     * @return {mean, invStd}, each [1, C]
     */
    static INDArray[] statistics(INDArray x, INDArray ones, double eps, INDArray scratch) {
        double m = x.rows();
        INDArray mean = ones.mmul(x).divi(m);
        Nd4j.exec(new MulOp(x, x, scratch));
        INDArray var = ones.mmul(scratch).divi(m).subi(mean.mul(mean));
        Transforms.max(var, 0.0, false);
        INDArray invStd = Transforms.sqrt(var.addi(eps), false).rdivi(1.0);
        return new INDArray[] {mean, invStd};
    }

    /**
     * {@code out = act(gamma (x - mean) invStd + beta)} computed as {@code x a + b} with {@code a = gamma invStd},
     * {@code b = beta - mean a}; {@code act(y) = max(y, alpha y)} unless {@code alpha == 1} (identity).
     *
     * @param x     [M, C]
     * @param alpha leaky ReLU slope in [0, 1), or exactly 1 for no activation
     * @param out   [M, C] result, must not alias x
     */
    static void affineActivation(INDArray x, INDArray mean, INDArray invStd, INDArray gamma, INDArray beta,
                                 double alpha, INDArray out) {
        INDArray a = gamma.mul(invStd);
        INDArray b = beta.sub(mean.mul(a));
        Nd4j.exec(new BroadcastMulOp(x, a, out, 1));
        out.addiRowVector(b);
        if (alpha != 1.0) {
            Nd4j.exec(new Max(out, out.mul(alpha), out));
        }
    }

    /**
     * Backward pass of {@link #affineActivation} with batch statistics, in closed form. With {@code gz} the gradient
     * at the normalised output (after the leaky ReLU's derivative {@code alpha + (1 - alpha) step(z)}):
     * {@code dBeta = sum(gz)}, {@code dGamma = invStd (sum(gz x) - mean dBeta)} and
     * {@code dx = a gz + k1 x + k0} with {@code k1 = -a invStd dGamma / M}, {@code k0 = -a dBeta / M - k1 mean}.
     *
     * @param x     [M, C] layer input
     * @param g     [M, C] gradient of the loss at the layer output (not modified)
     * @param ones  [1, M] ones
     * @param dx    [M, C] result, must alias neither x nor g
     * @return {dGamma, dBeta}, each [1, C]
     */
    static INDArray[] backward(INDArray x, INDArray g, INDArray mean, INDArray invStd, INDArray gamma,
                               INDArray beta, double alpha, INDArray ones, INDArray dx) {
        double m = x.rows();
        INDArray a = gamma.mul(invStd);
        INDArray gz;
        if (alpha != 1.0) {
            INDArray b = beta.sub(mean.mul(a));
            Nd4j.exec(new BroadcastMulOp(x, a, dx, 1));
            dx.addiRowVector(b);
            // the leaky ReLU's derivative (1 or alpha) in place in one pass, then times g
            Nd4j.exec(new LeakyReLUDerivative(dx, dx, alpha));
            dx.muli(g);
            gz = dx;
        } else {
            gz = g;
        }
        INDArray dBeta = ones.mmul(gz);
        INDArray t = gz.mul(x);
        INDArray dGamma = ones.mmul(t).subi(mean.mul(dBeta)).muli(invStd);
        INDArray k1 = a.mul(invStd).muli(dGamma).muli(-1.0 / m);
        INDArray k0 = a.mul(dBeta).muli(-1.0 / m).subi(k1.mul(mean));
        Nd4j.exec(new BroadcastMulOp(x, k1, t, 1));
        Nd4j.exec(new BroadcastMulOp(gz, a, dx, 1));
        dx.addi(t).addiRowVector(k0);
        return new INDArray[] {dGamma, dBeta};
    }
}
