package io.github.spl4j.dl4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;

import io.github.spl4j.dl4j.layers.FastBatchNormalization;
import io.github.spl4j.dl4j.layers.FastConvolution;
import io.github.spl4j.dl4j.layers.LayerFlavor;

class WideResNetTest {

    private static long trainableParams(ComputationGraph g) {
        long n = 0;
        for (Layer l : g.getLayers()) {
            for (Map.Entry<String, INDArray> e : l.paramTable().entrySet()) {
                if (!(l.conf().getLayer().getUpdaterByParam(e.getKey()) instanceof NoOp)) {
                    n += e.getValue().length();
                }
            }
        }
        return n;
    }

    @Test
    void wrn28x2HasTheReferenceParameterCountMinusTheUnusedBatchNorms() {
        ComputationGraph g = new WideResNet.Builder(1).build();
        // reference FixMatch WRN-28-2: 1,467,610 parameters, 192 of them in two batch norms it never uses
        assertEquals(1_467_610 - 192, trainableParams(g));
        long bnChannels = 0;
        for (Layer l : g.getLayers()) {
            if (l.conf().getLayer() instanceof FastBatchNormalization) {
                bnChannels += ((FastBatchNormalization) l.conf().getLayer()).getNOut();
                assertEquals(0.999, ((FastBatchNormalization) l.conf().getLayer()).getDecay(), 0.0);
                assertTrue(((FastBatchNormalization) l.conf().getLayer()).isLeakyRelu());
            }
        }
        assertEquals(trainableParams(g) + 2 * bnChannels, g.numParams());
    }

    @Test
    void stockFlavorHasTheSameParameterCount() {
        ComputationGraph fast = new WideResNet.Builder(1).depth(10).build();
        ComputationGraph stock = new WideResNet.Builder(1).depth(10).layerFlavor(LayerFlavor.DL4J_STOCK).build();
        assertEquals(fast.numParams(), stock.numParams());
    }

    @Test
    void stemSkipsItsInputGradientAndEveryOtherConvolutionIsFast() {
        ComputationGraph g = new WideResNet.Builder(1).depth(10).build();
        int fast = 0;
        for (Layer l : g.getLayers()) {
            if (l.conf().getLayer() instanceof FastConvolution) {
                fast++;
                boolean stem = "stem".equals(l.conf().getLayer().getLayerName());
                assertEquals(!stem, ((FastConvolution) l.conf().getLayer()).isInputGradient(), l.conf().getLayer()
                        .getLayerName());
            }
        }
        // stem + 3 groups × (2 convolutions) + 2 shortcuts (groups 2 and 3) + 1 shortcut (group 1: 16 -> 32)
        assertEquals(1 + 3 * 2 + 3, fast);
    }

    @Test
    void spl4jLayersTrainLikeStockLayersFromTheSameWeights() {
        ComputationGraph fast = new WideResNet.Builder(5).depth(10).widenFactor(1).inputShape(12, 12, 3).build();
        ComputationGraph stock = new WideResNet.Builder(5).depth(10).widenFactor(1).inputShape(12, 12, 3)
                .layerFlavor(LayerFlavor.DL4J_STOCK).build();
        // copied by vertex name: the extra activation vertices of the stock flavor change the topological order
        for (Layer l : fast.getLayers()) {
            String name = l.conf().getLayer().getLayerName();
            for (Map.Entry<String, INDArray> e : l.paramTable().entrySet()) {
                stock.getLayer(name).setParam(e.getKey(), e.getValue().dup());
            }
        }
        java.util.Random r = new java.util.Random(9);
        for (int step = 0; step < 3; step++) {
            float[] data = new float[6 * 12 * 12 * 3];
            for (int i = 0; i < data.length; i++) {
                data[i] = r.nextFloat();
            }
            INDArray x = Nd4j.create(data, new long[] {6, 12, 12, 3}, 'c');
            INDArray y = Nd4j.zeros(DataType.FLOAT, 6, 10);
            for (int i = 0; i < 6; i++) {
                y.putScalar(i, r.nextInt(10), 1.0);
            }
            fast.fit(new org.nd4j.linalg.dataset.DataSet(x, y));
            stock.fit(new org.nd4j.linalg.dataset.DataSet(x, y));
            assertEquals(stock.score(), fast.score(), 1e-4 * Math.abs(stock.score()), "score at step " + step);
        }
    }

    @Test
    void forwardPassGivesProbabilities() {
        ComputationGraph g = new WideResNet.Builder(3).depth(10).widenFactor(1).build();
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 32, 32, 3);
        INDArray p = g.outputSingle(x);
        assertArrayEquals(new long[] {2, 10}, p.shape());
        assertEquals(2.0, p.sumNumber().doubleValue(), 1e-4);
    }

    @Test
    void weightDecayOnConvolutionAndDenseWeightsOnly() {
        ComputationGraphConfiguration conf = new WideResNet.Builder(1).depth(10).configuration();
        BaseLayer conv = layer(conf, "g1b1_conv1");
        List<Regularization> convReg = conv.getRegularizationByParam("W");
        assertEquals(1, convReg.size());
        assertEquals(5e-4, ((L2Regularization) convReg.get(0)).getL2().valueAt(0, 0), 0.0);
        BaseLayer out = layer(conf, WideResNet.OUTPUT);
        assertTrue(out.getRegularizationByParam("b") == null || out.getRegularizationByParam("b").isEmpty());
        assertEquals(1, out.getRegularizationByParam("W").size());
        BaseLayer bn = layer(conf, "g1b1_bn1");
        assertTrue(bn.getRegularizationByParam("gamma") == null || bn.getRegularizationByParam("gamma").isEmpty());
        assertTrue(bn.getRegularizationByParam("beta") == null || bn.getRegularizationByParam("beta").isEmpty());
    }

    private static BaseLayer layer(ComputationGraphConfiguration conf, String name) {
        return (BaseLayer) ((LayerVertex) conf.getVertices().get(name)).getLayerConf().getLayer();
    }

    @Test
    void configurationJsonRoundTrip() {
        ComputationGraphConfiguration conf = new WideResNet.Builder(1).depth(10).configuration();
        assertEquals(conf, ComputationGraphConfiguration.fromJson(conf.toJson()));
    }

    @Test
    void validation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WideResNet.Builder(1).depth(27));
        assertEquals("depth must be 6n + 4 with n >= 1 (10, 16, 22, 28, ...), found 27", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new WideResNet.Builder(1).widenFactor(0));
        assertThrows(IllegalArgumentException.class, () -> new WideResNet.Builder(1).weightDecay(-1));
        assertThrows(IllegalArgumentException.class, () -> new WideResNet.Builder(1).bnDecay(1.5));
        assertThrows(IllegalArgumentException.class, () -> new WideResNet.Builder(1).numClasses(1));
    }
}
