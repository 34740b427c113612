package io.github.spl4j.dl4j.layers;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.LayerHelper;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The layer implementation of {@link FastConvolution}: libnd4j's {@code conv2d} forward and {@code conv2d_bp}
 * backward on the activations in their own layout, weights in DL4J's {@code [out, in, kH, kW]} order (the ops'
 * weight format 1). Nothing is cached between forward and backward except the input, so the cache mode changes
 * nothing here.
 */
public class FastConvolutionLayer extends ConvolutionLayer {
    private static final long serialVersionUID = 1L;
    /** libnd4j's weight-format integer argument for {@code [oC, iC, kH, kW]}. */
    private static final int WEIGHTS_OUT_IN_KH_KW = 1;

    /**
     * @param conf     the layer's configuration (its layer is a {@link FastConvolution})
     * @param dataType the network's data type
     */
    public FastConvolutionLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
        helper = null;
    }

    private FastConvolution fastConf() {
        return (FastConvolution) conf.getLayer();
    }

    /** @return null: this layer calls libnd4j's ops itself, not through DL4J's helpers */
    @Override
    public LayerHelper getHelper() {
        return null;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, workspaceMgr);
        return forward(training, workspaceMgr);
    }

    @Override
    public INDArray preOutput(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, workspaceMgr);
        return forward(training, workspaceMgr);
    }

    @Override
    protected Pair<INDArray, INDArray> preOutput(boolean training, boolean forBackprop,
                                                 LayerWorkspaceMgr workspaceMgr) {
        return new Pair<>(forward(training, workspaceMgr), null);
    }

    private INDArray forward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        validateInputRank();
        FastConvolution lc = fastConf();
        INDArray x = input.castTo(dataType);
        INDArray w = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, training, workspaceMgr);
        validateInputDepth(w.size(1));
        Geometry g = geometry(lc, x);
        CNN2DFormat f = lc.getCnn2dDataFormat();
        long oC = w.size(0);
        long[] outShape = f == CNN2DFormat.NCHW ? new long[] {x.size(0), oC, g.outH, g.outW}
                : new long[] {x.size(0), g.outH, g.outW, oC};
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, outShape, 'c');
        INDArray[] inputs = lc.hasBias()
                ? new INDArray[] {x, w, getParamWithNoise(ConvolutionParamInitializer.BIAS_KEY, training,
                        workspaceMgr).reshape(oC)}
                : new INDArray[] {x, w};
        Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(inputs).addOutputs(out)
                .addIntegerArguments(g.intArgs(f)).build());
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        FastConvolution lc = fastConf();
        INDArray x = input.castTo(dataType);
        INDArray eps = epsilon.castTo(dataType);
        INDArray w = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, true, workspaceMgr);
        Geometry g = geometry(lc, x);
        long oC = w.size(0);
        INDArray gradW = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
        INDArray gradB = lc.hasBias() ? gradientViews.get(ConvolutionParamInitializer.BIAS_KEY) : null;
        INDArray gradI = null;
        if (!lc.isInputGradient()) {
            weightGradientOnly(lc, g, x, eps, gradW, gradB, workspaceMgr);
        } else {
            gradI = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, x.shape(), 'c');
            INDArray[] inputs = gradB != null
                    ? new INDArray[] {x, w, getParamWithNoise(ConvolutionParamInitializer.BIAS_KEY, true,
                            workspaceMgr).reshape(oC), eps}
                    : new INDArray[] {x, w, eps};
            INDArray[] outputs = gradB != null ? new INDArray[] {gradI, gradW, gradB.reshape(oC)}
                    : new INDArray[] {gradI, gradW};
            Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(inputs).addOutputs(outputs)
                    .addIntegerArguments(g.intArgs(lc.getCnn2dDataFormat())).build());
        }

        Gradient ret = new DefaultGradient();
        if (gradB != null) {
            ret.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, gradB);
        }
        ret.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, gradW, 'c');
        weightNoiseParams.clear();
        if (!lc.isInputGradient()) {
            return new Pair<>(ret, null);
        }
        return new Pair<>(ret, backpropDropOutIfPresent(gradI));
    }

    /**
     * Weight (and bias) gradient without the input gradient: {@code dW = dY^T col}, where the columns
     * {@code col [iC·kH·kW, M]} are the kH·kW shifted (strided, dilated) windows of the zero-padded input, copied
     * with one strided assign each. Cheap when iC is small, which is the case it exists for (the first layer, whose
     * input has 1-3 channels): libnd4j's {@code conv2d_bp} is slow there (about 20 ms for a 1 → 16 channel 3×3
     * layer at 224×28×28, 12× its forward pass) and always computes the input gradient.
     */
    private void weightGradientOnly(FastConvolution lc, Geometry g, INDArray x, INDArray eps, INDArray gradW,
                                    INDArray gradB, LayerWorkspaceMgr workspaceMgr) {
        boolean nhwc = lc.getCnn2dDataFormat() == CNN2DFormat.NHWC;
        int hDim = nhwc ? 1 : 2;
        long n = x.size(0);
        long iC = x.size(nhwc ? 3 : 1);
        long h = x.size(hDim);
        long wIn = x.size(hDim + 1);
        int kH = g.kernel[0];
        int kW = g.kernel[1];
        long m = n * g.outH * g.outW;
        // rows of the padded input the windows reach: top pad + ... up to the last window's bottom row
        long needH = (long) (g.outH - 1) * g.strides[0] + (long) (kH - 1) * g.dilation[0] + 1;
        long needW = (long) (g.outW - 1) * g.strides[1] + (long) (kW - 1) * g.dilation[1] + 1;
        long padH = Math.max(needH, g.pad[0] + h);
        long padW = Math.max(needW, g.pad[1] + wIn);
        INDArray padded;
        if (g.pad[0] == 0 && g.pad[1] == 0 && padH == h && padW == wIn) {
            padded = x;
        } else {
            long[] shape = nhwc ? new long[] {n, padH, padW, iC} : new long[] {n, iC, padH, padW};
            padded = workspaceMgr.create(ArrayType.BP_WORKING_MEM, dataType, shape, 'c');
            INDArrayIndex rows = NDArrayIndex.interval(g.pad[0], g.pad[0] + h);
            INDArrayIndex cols = NDArrayIndex.interval(g.pad[1], g.pad[1] + wIn);
            INDArray interior = nhwc ? padded.get(NDArrayIndex.all(), rows, cols, NDArrayIndex.all())
                    : padded.get(NDArrayIndex.all(), NDArrayIndex.all(), rows, cols);
            interior.assign(x);
        }
        INDArray col = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType,
                new long[] {iC, kH, kW, n, g.outH, g.outW}, 'c');
        for (int i = 0; i < kH; i++) {
            for (int j = 0; j < kW; j++) {
                long r0 = (long) i * g.dilation[0];
                long c0 = (long) j * g.dilation[1];
                INDArrayIndex rows = NDArrayIndex.interval(r0, g.strides[0], r0 + (long) (g.outH - 1) * g.strides[0]
                        + 1);
                INDArrayIndex cols = NDArrayIndex.interval(c0, g.strides[1], c0 + (long) (g.outW - 1) * g.strides[1]
                        + 1);
                INDArray window = nhwc
                        ? padded.get(NDArrayIndex.all(), rows, cols, NDArrayIndex.all()).permute(3, 0, 1, 2)
                        : padded.get(NDArrayIndex.all(), NDArrayIndex.all(), rows, cols).permute(1, 0, 2, 3);
                col.get(NDArrayIndex.all(), NDArrayIndex.point(i), NDArrayIndex.point(j), NDArrayIndex.all(),
                        NDArrayIndex.all(), NDArrayIndex.all()).assign(window);
            }
        }
        INDArray col2 = col.reshape('c', iC * kH * kW, m);
        long oC = gradW.size(0);
        INDArray gradW2 = gradW.reshape('c', oC, iC * kH * kW);
        if (nhwc) {
            INDArray dy = (Shape.hasDefaultStridesForShape(eps) ? eps : eps.dup('c')).reshape('c', m, oC);
            Nd4j.gemm(dy, col2, gradW2, true, true, 1.0, 0.0);
            if (gradB != null) {
                gradB.assign(dy.sum(true, 0).reshape(gradB.shape()));
            }
        } else {
            INDArray dy = eps.permute(1, 0, 2, 3).dup('c').reshape('c', oC, m);
            Nd4j.gemm(dy, col2, gradW2, false, true, 1.0, 0.0);
            if (gradB != null) {
                gradB.assign(dy.sum(true, 1).reshape(gradB.shape()));
            }
        }
    }

    private Geometry geometry(FastConvolution lc, INDArray x) {
        CNN2DFormat f = lc.getCnn2dDataFormat();
        int hDim = f == CNN2DFormat.NCHW ? 2 : 1;
        int[] kernel = lc.getKernelSize();
        int[] strides = lc.getStride();
        int[] dilation = lc.getDilation();
        ConvolutionMode mode = lc.getConvolutionMode();
        int[] inHw = {(int) x.size(hDim), (int) x.size(hDim + 1)};
        int[] pad;
        int[] outSize;
        if (mode == ConvolutionMode.Same) {
            outSize = ConvolutionUtils.getOutputSize(x, kernel, strides, null, mode, dilation, f);
            pad = ConvolutionUtils.getSameModeTopLeftPadding(outSize, inHw, kernel, strides, dilation);
        } else {
            pad = lc.getPadding();
            outSize = ConvolutionUtils.getOutputSize(x, kernel, strides, pad, mode, dilation, f);
        }
        return new Geometry(kernel, strides, pad, dilation, mode == ConvolutionMode.Same, outSize[0], outSize[1]);
    }

    /** Kernel, stride, padding and output size of one call. */
    private static final class Geometry {
        private final int[] kernel;
        private final int[] strides;
        private final int[] pad;
        private final int[] dilation;
        private final boolean same;
        private final int outH;
        private final int outW;

        Geometry(int[] kernel, int[] strides, int[] pad, int[] dilation, boolean same, int outH, int outW) {
            this.kernel = kernel;
            this.strides = strides;
            this.pad = pad;
            this.dilation = dilation;
            this.same = same;
            this.outH = outH;
            this.outW = outW;
        }

        /** conv2d / conv2d_bp integer arguments: kH, kW, sH, sW, pH, pW, dH, dW, same, format, weight format. */
        int[] intArgs(CNN2DFormat f) {
            return new int[] {kernel[0], kernel[1], strides[0], strides[1], pad[0], pad[1], dilation[0],
                    dilation[1], same ? 1 : 0, f == CNN2DFormat.NCHW ? 0 : 1, WEIGHTS_OUT_IN_KH_KW};
        }
    }
}
