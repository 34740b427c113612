package io.github.spl4j.dl4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import io.github.spl4j.dl4j.cpu.OneDnnSupport;
import io.github.spl4j.dl4j.layers.FastBatchNormalizationLayer;
import io.github.spl4j.dl4j.layers.FastConvolution;
import io.github.spl4j.dl4j.layers.FastConvolutionLayer;
import io.github.spl4j.dl4j.layers.LayerFlavor;

/** The SmallCNN builder: oneDNN helpers, equivalence with DL4J's stock layers, serialisation, validation. */
class SmallCnnTest {
    private static final int ROWS = 32;

    private static INDArray images(long seed, int rows) {
        Random r = new Random(seed);
        float[] data = new float[rows * 28 * 28];
        for (int i = 0; i < data.length; i++) {
            data[i] = r.nextFloat();
        }
        return Nd4j.create(data, new long[] {rows, 28, 28, 1}, 'c');
    }

    private static INDArray oneHot(long seed, int rows) {
        Random r = new Random(seed);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, rows, 10);
        for (int i = 0; i < rows; i++) {
            labels.putScalar(i, r.nextInt(10), 1.0);
        }
        return labels;
    }

    @Test
    void freshSmallCnnRunsConvolutionAndPoolingThroughOneDnn() {
        MultiLayerNetwork net = new SmallCnn.Builder(1).build();
        assertEquals(OneDnnSupport.Status.ACTIVE, OneDnnSupport.status(),
                "oneDNN helpers must be active with the linux-x86_64-onednn natives");
        int fastConvolutions = 0;
        int poolings = 0;
        int fastBatchNorms = 0;
        for (Layer l : net.getLayers()) {
            if (l instanceof FastConvolutionLayer) {
                fastConvolutions++;
                boolean first = fastConvolutions == 1;
                assertEquals(!first, ((FastConvolution) l.conf().getLayer()).isInputGradient(),
                        "only the first convolution skips its input gradient; layer " + l.getIndex());
            } else if (l instanceof SubsamplingLayer) {
                poolings++;
                assertTrue(OneDnnSupport.isOneDnnHelper(l), "layer " + l.getIndex() + " helper " + l.getHelper());
            } else if (l instanceof FastBatchNormalizationLayer) {
                fastBatchNorms++;
            }
        }
        assertEquals(5, fastConvolutions);
        assertEquals(2, poolings);
        assertEquals(5, fastBatchNorms);
        assertEquals(CacheMode.DEVICE, net.getLayerWiseConfigurations().getCacheMode());
    }

    @Test
    void stockConvolutionsOfTheBatchNormOnlyFlavorRunThroughOneDnn() {
        MultiLayerNetwork net = new SmallCnn.Builder(1).layerFlavor(LayerFlavor.SPL4J_BATCH_NORM_ONLY).build();
        int convolutions = 0;
        int poolings = 0;
        int fastBatchNorms = 0;
        for (Layer l : net.getLayers()) {
            if (l instanceof ConvolutionLayer) {
                assertFalse(l instanceof FastConvolutionLayer, "layer " + l.getIndex());
                convolutions++;
                assertTrue(OneDnnSupport.isOneDnnHelper(l), "layer " + l.getIndex() + " helper " + l.getHelper());
            } else if (l instanceof SubsamplingLayer) {
                poolings++;
                assertTrue(OneDnnSupport.isOneDnnHelper(l), "layer " + l.getIndex() + " helper " + l.getHelper());
            } else if (l instanceof FastBatchNormalizationLayer) {
                fastBatchNorms++;
            }
        }
        assertEquals(5, convolutions);
        assertEquals(2, poolings);
        assertEquals(5, fastBatchNorms);
        assertEquals(CacheMode.DEVICE, net.getLayerWiseConfigurations().getCacheMode());
    }

    @Test
    void architectureHasTheDocumentedParameterCount() {
        // convs 9*(1*16 + 16*16 + 16*32 + 32*32 + 32*64) + BN 4*(16+16+32+32+64) + dense 64*10+10
        assertEquals(35_994, new SmallCnn.Builder(1).build().numParams());
        MultiLayerNetwork wide = new SmallCnn.Builder(1).widthMultiplier(2).numClasses(3).inputShape(32, 32, 3)
                .build();
        assertEquals(9 * (3 * 32 + 32 * 32 + 32 * 64 + 64 * 64 + 64 * 128) + 4 * (32 + 32 + 64 + 64 + 128)
                + 128 * 3 + 3, wide.numParams());
    }

    @ParameterizedTest
    @EnumSource(value = LayerFlavor.class, names = {"SPL4J", "SPL4J_BATCH_NORM_ONLY"})
    void spl4jLayersTrainLikeStockLayersFromTheSameWeights(LayerFlavor flavor) {
        MultiLayerNetwork fast = new SmallCnn.Builder(7).layerFlavor(flavor).build();
        MultiLayerNetwork stock = new SmallCnn.Builder(7).layerFlavor(LayerFlavor.DL4J_STOCK).build();
        assertEquals(fast.numParams(), stock.numParams());
        stock.setParams(fast.params().dup());
        for (int step = 0; step < 4; step++) {
            INDArray x = images(100 + step, ROWS);
            INDArray y = oneHot(200 + step, ROWS);
            fast.fit(x, y);
            stock.fit(x, y);
            assertEquals(stock.score(), fast.score(), 1e-4 * Math.abs(stock.score()), "score at step " + step);
        }
        INDArray x = images(999, ROWS);
        INDArray expected = stock.output(x, false);
        INDArray actual = fast.output(x, false);
        assertTrue(expected.equalsWithEps(actual, 1e-3), "inference outputs after training differ by "
                + Nd4j.math().abs(expected.sub(actual)).maxNumber() + "; params differ by "
                + Nd4j.math().abs(stock.params().sub(fast.params())).maxNumber() + " at "
                + Nd4j.math().abs(stock.params().sub(fast.params())).argMax());
    }

    @Test
    void nchwAndNhwcAgree() {
        MultiLayerNetwork nhwc = new SmallCnn.Builder(3).build();
        MultiLayerNetwork nchw = new SmallCnn.Builder(3).dataFormat(CNN2DFormat.NCHW).build();
        assertEquals(nhwc.numParams(), nchw.numParams());
        INDArray x = images(5, 8);
        INDArray y = oneHot(6, 8);
        nhwc.fit(x, y);
        // conv weights are stored in the same [out, in, kh, kw] order in both formats, so params transfer
        nchw.setParams(new SmallCnn.Builder(3).build().params());
        nchw.fit(x.permute(0, 3, 1, 2).dup('c'), y);
        assertEquals(nhwc.score(), nchw.score(), 1e-4 * nhwc.score());
    }

    @Test
    void configurationAndModelRoundTrip() throws IOException {
        MultiLayerNetwork net = new SmallCnn.Builder(11).build();
        net.fit(images(1, 8), oneHot(2, 8));
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        assertEquals(conf, MultiLayerConfiguration.fromJson(conf.toJson()));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, bytes, true);
        MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(
                new ByteArrayInputStream(bytes.toByteArray()), true);
        INDArray x = images(3, 4);
        assertEquals(net.output(x, false), back.output(x, false));
    }

    @Test
    void builderRejectsBadValuesNamingTheParameter() {
        assertEquals("numClasses must be >= 2, found 1", assertThrows(IllegalArgumentException.class,
                () -> new SmallCnn.Builder(1).numClasses(1)).getMessage());
        assertEquals("height must be >= 4, found 2", assertThrows(IllegalArgumentException.class,
                () -> new SmallCnn.Builder(1).inputShape(2, 28, 1)).getMessage());
        assertEquals("leakyReluAlpha must be in [0, 1), found -0.1", assertThrows(IllegalArgumentException.class,
                () -> new SmallCnn.Builder(1).leakyReluAlpha(-0.1)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new SmallCnn.Builder(1).widthMultiplier(0.0)).getMessage().startsWith("widthMultiplier"));
    }
}
