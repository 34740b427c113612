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
import org.nd4j.linalg.factory.Nd4j;

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
        INDArray gradI = workspaceMgr.createUninitialized(lc.isInputGradient() ? ArrayType.ACTIVATION_GRAD
                : ArrayType.BP_WORKING_MEM, dataType, x.shape(), 'c');

        INDArray gradB = lc.hasBias() ? gradientViews.get(ConvolutionParamInitializer.BIAS_KEY) : null;
        INDArray[] inputs = gradB != null
                ? new INDArray[] {x, w, getParamWithNoise(ConvolutionParamInitializer.BIAS_KEY, true,
                        workspaceMgr).reshape(oC), eps}
                : new INDArray[] {x, w, eps};
        INDArray[] outputs = gradB != null ? new INDArray[] {gradI, gradW, gradB.reshape(oC)}
                : new INDArray[] {gradI, gradW};
        Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(inputs).addOutputs(outputs)
                .addIntegerArguments(g.intArgs(lc.getCnn2dDataFormat())).build());

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
