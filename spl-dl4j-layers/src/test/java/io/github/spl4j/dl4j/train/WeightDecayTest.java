package io.github.spl4j.dl4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;

import io.github.spl4j.dl4j.models.SmallCnn;

class WeightDecayTest {

    private static boolean none(List<Regularization> r) {
        return r == null || r.isEmpty();
    }

    @Test
    void l2OnConvolutionAndDenseWeightsOnlyNotOnBatchNormOrBiases() {
        MultiLayerConfiguration conf = new SmallCnn.Builder(1).configuration();
        FixMatchTrainer.applyWeightDecay(conf, 5e-4);
        int convs = 0;
        int bns = 0;
        for (int i = 0; i < conf.getConfs().size(); i++) {
            org.deeplearning4j.nn.conf.layers.Layer l = conf.getConf(i).getLayer();
            if (l instanceof ConvolutionLayer || l instanceof OutputLayer) {
                List<Regularization> w = ((BaseLayer) l).getRegularizationByParam("W");
                assertEquals(1, w.size());
                assertEquals(5e-4, ((L2Regularization) w.get(0)).getL2().valueAt(0, 0), 0.0);
                assertTrue(none(((BaseLayer) l).getRegularizationByParam("b")));
                convs++;
            }
            if (l instanceof BatchNormalization) {
                assertTrue(none(((BaseLayer) l).getRegularizationByParam("gamma")));
                assertTrue(none(((BaseLayer) l).getRegularizationByParam("beta")));
                bns++;
            }
        }
        assertEquals(6, convs);
        assertEquals(5, bns);
        FixMatchTrainer.applyWeightDecay(conf, 0.0);
        assertTrue(none(((BaseLayer) conf.getConf(0).getLayer()).getRegularizationByParam("W")));
    }
}
