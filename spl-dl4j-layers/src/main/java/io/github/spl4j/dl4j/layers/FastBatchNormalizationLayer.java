package io.github.spl4j.dl4j.layers;

import java.util.Arrays;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.LayerHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The layer implementation of {@link FastBatchNormalization}: DL4J's batch normalisation layer with its forward and
 * backward pass replaced by {@link BatchNormKernels} (FLOAT) or {@link BatchNormRows} (other types) on the
 * channels-last {@code [M, C]} row view. Parameters, updater handling of the running statistics and everything else
 * are DL4J's.
 */
public class FastBatchNormalizationLayer extends BatchNormalization {
    private static final long serialVersionUID = 1L;

    /** Batch mean and 1/sqrt(var + eps) of the last training forward pass, [1, C], detached; for backprop. */
    private INDArray cachedMean;
    private INDArray cachedInvStd;
    /** A [1, M] row of ones kept outside workspaces, reused while M and the data type stay the same. */
    private INDArray ones;

    /**
     * @param conf     the layer's configuration (its layer is a {@link FastBatchNormalization})
     * @param dataType the network's data type
     */
    public FastBatchNormalizationLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private FastBatchNormalization fastConf() {
        return (FastBatchNormalization) conf.getLayer();
    }

    /** @return null: this layer does not use DL4J's helpers */
    @Override
    public LayerHelper getHelper() {
        return null;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        return forward(input, training, workspaceMgr);
    }

    @Override
    public INDArray preOutput(INDArray x, TrainingMode training, LayerWorkspaceMgr workspaceMgr) {
        return forward(x, training == TrainingMode.TRAIN, workspaceMgr);
    }

    private INDArray forward(INDArray in, boolean training, LayerWorkspaceMgr workspaceMgr) {
        FastBatchNormalization lc = fastConf();
        INDArray x = in.castTo(dataType);
        RowView view = RowView.of(x, lc.getCnn2DFormat(), lc.getNOut(), layerId());
        INDArray xRows = view.rows(x);
        long m = xRows.rows();
        INDArray gamma = gammaRow(lc);
        INDArray beta = betaRow(lc);
        double alpha = lc.isLeakyRelu() ? lc.getLeakyReluAlpha() : 1.0;

        INDArray out;
        INDArray outRows;
        if (view.isCopyFree()) {
            out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, x.shape(), 'c');
            outRows = out.reshape('c', m, xRows.columns());
        } else {
            out = null;
            outRows = Nd4j.createUninitialized(dataType, m, xRows.columns());
        }

        boolean fused = BatchNormKernels.supports(xRows, outRows);
        if (training && fused) {
            float[][] stats = BatchNormKernels.forwardTraining(xRows, gamma.toFloatVector(), beta.toFloatVector(),
                    lc.getEps(), (float) alpha, outRows);
            cachedMean = detachedRow(stats[0]);
            cachedInvStd = detachedRow(stats[1]);
        } else if (training) {
            INDArray[] stats = BatchNormRows.statistics(xRows, onesRow(m), lc.getEps(), outRows);
            cachedMean = stats[0].detach();
            cachedInvStd = stats[1].detach();
            BatchNormRows.affineActivation(xRows, stats[0], stats[1], gamma, beta, alpha, outRows);
        } else {
            INDArray mean = getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN);
            INDArray invStd = Transforms.pow(runningVariance(lc).add(lc.getEps()), -0.5, false);
            if (fused) {
                BatchNormKernels.forwardInference(xRows, mean.toFloatVector(), invStd.toFloatVector(),
                        gamma.toFloatVector(), beta.toFloatVector(), (float) alpha, outRows);
            } else {
                BatchNormRows.affineActivation(xRows, mean, invStd, gamma, beta, alpha, outRows);
            }
        }
        if (out == null) {
            out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, x.shape(), 'c');
            view.fromRows(outRows, out);
        }
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        if (cachedMean == null) {
            throw new IllegalStateException("backpropGradient needs a training forward pass first " + layerId());
        }
        FastBatchNormalization lc = fastConf();
        INDArray x = input.castTo(dataType);
        RowView view = RowView.of(x, lc.getCnn2DFormat(), lc.getNOut(), layerId());
        INDArray xRows = view.rows(x);
        INDArray gRows = view.rows(epsilon.castTo(dataType));
        long m = xRows.rows();
        INDArray gamma = gammaRow(lc);
        INDArray beta = betaRow(lc);
        double alpha = lc.isLeakyRelu() ? lc.getLeakyReluAlpha() : 1.0;

        INDArray dx;
        INDArray dxRows;
        if (view.isCopyFree()) {
            dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, x.shape(), 'c');
            dxRows = dx.reshape('c', m, xRows.columns());
        } else {
            dx = null;
            dxRows = Nd4j.createUninitialized(dataType, m, xRows.columns());
        }
        INDArray[] dGammaBeta;
        if (BatchNormKernels.supports(xRows, gRows, dxRows)) {
            float[][] d = BatchNormKernels.backward(xRows, gRows, cachedMean.toFloatVector(),
                    cachedInvStd.toFloatVector(), gamma.toFloatVector(), beta.toFloatVector(), (float) alpha, dxRows);
            dGammaBeta = new INDArray[] {detachedRow(d[0]), detachedRow(d[1])};
        } else {
            dGammaBeta = BatchNormRows.backward(xRows, gRows, cachedMean, cachedInvStd, gamma, beta, alpha,
                    onesRow(m), dxRows);
        }
        if (dx == null) {
            dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, x.shape(), 'c');
            view.fromRows(dxRows, dx);
        }

        Gradient ret = new DefaultGradient();
        if (!lc.isLockGammaBeta()) {
            INDArray dGammaView = gradientViews.get(BatchNormalizationParamInitializer.GAMMA);
            INDArray dBetaView = gradientViews.get(BatchNormalizationParamInitializer.BETA);
            dGammaView.assign(dGammaBeta[0].reshape(dGammaView.shape()));
            dBetaView.assign(dGammaBeta[1].reshape(dBetaView.shape()));
            ret.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
            ret.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
        }
        runningStatisticsUpdates(lc, ret);
        cachedMean = null;
        cachedInvStd = null;
        return new Pair<>(ret, dx);
    }

    /**
     * DL4J's "distributed-safe" running statistics: the "gradient" of the running mean is
     * {@code (1 - decay)(mean - batchMean)} and the updater (NoOp, not divided by the minibatch size) subtracts it;
     * likewise for the variance or for log10 of the standard deviation.
     */
    private void runningStatisticsUpdates(FastBatchNormalization lc, Gradient ret) {
        double decay = lc.getDecay();
        INDArray batchMean = cachedMean;
        INDArray batchVar = Transforms.pow(cachedInvStd, -2.0, true).subi(lc.getEps());
        INDArray globalMean = getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN);
        INDArray dGlobalMean = gradientViews.get(BatchNormalizationParamInitializer.GLOBAL_MEAN);
        dGlobalMean.assign(globalMean.sub(batchMean.reshape(globalMean.shape())).muli(1.0 - decay));
        ret.setGradientFor(BatchNormalizationParamInitializer.GLOBAL_MEAN, dGlobalMean);
        if (lc.isUseLogStd()) {
            INDArray log10Std = getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD);
            INDArray dLog10Std = gradientViews.get(BatchNormalizationParamInitializer.GLOBAL_LOG_STD);
            INDArray var = runningVariance(lc);
            INDArray varNext = var.mul(decay).addi(batchVar.reshape(var.shape()).muli(1.0 - decay));
            // log10(std_t) - log10(std_t+1) = log10(var_t / var_t+1) / 2
            INDArray delta = Transforms.log(var.divi(varNext), false).muli(1.0 / (2.0 * Math.log(10.0)));
            dLog10Std.assign(delta.reshape(dLog10Std.shape()));
            ret.setGradientFor(BatchNormalizationParamInitializer.GLOBAL_LOG_STD, dLog10Std);
        } else {
            INDArray globalVar = getParam(BatchNormalizationParamInitializer.GLOBAL_VAR);
            INDArray dGlobalVar = gradientViews.get(BatchNormalizationParamInitializer.GLOBAL_VAR);
            dGlobalVar.assign(globalVar.sub(batchVar.reshape(globalVar.shape())).muli(1.0 - decay));
            ret.setGradientFor(BatchNormalizationParamInitializer.GLOBAL_VAR, dGlobalVar);
        }
    }

    /** The running variance as a new [1, C] array (from the variance or from log10 of the std). */
    private INDArray runningVariance(FastBatchNormalization lc) {
        if (lc.isUseLogStd()) {
            INDArray log10Std = getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD);
            INDArray std = Transforms.pow(Nd4j.valueArrayOf(log10Std.shape(), 10.0, dataType), log10Std, false);
            return std.muli(std).reshape(1, lc.getNOut());
        }
        return getParam(BatchNormalizationParamInitializer.GLOBAL_VAR).dup().reshape(1, lc.getNOut());
    }

    private INDArray gammaRow(FastBatchNormalization lc) {
        if (lc.isLockGammaBeta()) {
            return Nd4j.valueArrayOf(new long[] {1, lc.getNOut()}, lc.getGamma(), dataType);
        }
        return getParam(BatchNormalizationParamInitializer.GAMMA).reshape(1, lc.getNOut());
    }

    private INDArray betaRow(FastBatchNormalization lc) {
        if (lc.isLockGammaBeta()) {
            return Nd4j.valueArrayOf(new long[] {1, lc.getNOut()}, lc.getBeta(), dataType);
        }
        return getParam(BatchNormalizationParamInitializer.BETA).reshape(1, lc.getNOut());
    }

    /** @return values as a [1, C] FLOAT array outside any workspace */
    @SuppressWarnings("try") // the scope is what matters, not the workspace object
    private static INDArray detachedRow(float[] values) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return Nd4j.createFromArray(values).reshape(1, values.length);
        }
    }

    @SuppressWarnings("try") // the scope is what matters, not the workspace object
    private INDArray onesRow(long m) {
        if (ones == null || ones.length() != m || ones.dataType() != dataType) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                ones = Nd4j.ones(dataType, 1, m);
            }
        }
        return ones;
    }

    /** How a [N, C], NHWC or NCHW array maps to and from its channels-last [M, C] rows. */
    private static final class RowView {
        private final boolean nchw;
        private final long[] shape;

        private RowView(boolean nchw, long[] shape) {
            this.nchw = nchw;
            this.shape = shape;
        }

        static RowView of(INDArray x, CNN2DFormat format, long channels, String layerId) {
            int rank = x.rank();
            if (rank != 2 && rank != 4) {
                throw new IllegalStateException("FastBatchNormalization supports input of rank 2 or 4, found rank "
                        + rank + " with shape " + Arrays.toString(x.shape()) + " " + layerId);
            }
            boolean nchw = rank == 4 && format == CNN2DFormat.NCHW;
            int chIdx = rank == 2 || nchw ? 1 : 3;
            if (x.size(chIdx) != channels) {
                throw new IllegalArgumentException("input.size(" + chIdx + ") must be nOut = " + channels
                        + ", found input shape " + Arrays.toString(x.shape()) + " " + layerId);
            }
            return new RowView(nchw, x.shape());
        }

        boolean isCopyFree() {
            return !nchw;
        }

        /** The [M, C] c-order rows of x (a view for rank 2 and NHWC c-order input, a copy otherwise). */
        INDArray rows(INDArray x) {
            long c = nchw ? shape[1] : shape[shape.length - 1];
            long m = x.length() / c;
            if (nchw) {
                return x.permute(0, 2, 3, 1).dup('c').reshape('c', m, c);
            }
            INDArray a = x.ordering() == 'c' && Shape.hasDefaultStridesForShape(x) ? x : x.dup('c');
            return a.reshape('c', m, c);
        }

        /** Writes [M, C] rows into an array of the original shape (only needed for NCHW). */
        void fromRows(INDArray rows, INDArray target) {
            INDArray nhwc = rows.reshape('c', shape[0], shape[2], shape[3], shape[1]);
            target.assign(nhwc.permute(0, 3, 1, 2));
        }
    }
}
