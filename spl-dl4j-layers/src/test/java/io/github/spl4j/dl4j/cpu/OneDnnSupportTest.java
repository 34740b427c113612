package io.github.spl4j.dl4j.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** oneDNN helpers: enabled, verified, and the M2.1 workaround class answers like the real binding. */
class OneDnnSupportTest {

    @Test
    void ensureEnabledTurnsHelpersOnForStockLayersBuiltAfterwards() {
        OneDnnSupport.Status status = OneDnnSupport.ensureEnabled();
        assertEquals(OneDnnSupport.Status.ACTIVE, status);
        assertSame(status, OneDnnSupport.ensureEnabled());
        assertEquals("false", System.getProperty(OneDnnSupport.DL4J_HELPERS_DISABLE_PROPERTY));

        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(8, 8, 2))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        assertTrue(OneDnnSupport.isOneDnnHelper(net.getLayer(0)), String.valueOf(net.getLayer(0).getHelper()));
        assertTrue(OneDnnSupport.isOneDnnHelper(net.getLayer(1)), String.valueOf(net.getLayer(1).getHelper()));
        assertFalse(OneDnnSupport.isOneDnnHelper(net.getLayer(2)));
    }

    @Test
    void workaroundClassReportsTheRealBindingsOneDnnFlag() throws ReflectiveOperationException {
        Class<?> real = Class.forName("org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment");
        Object env = real.getMethod("getInstance").invoke(null);
        boolean expected = (Boolean) real.getMethod("isUseONEDNN").invoke(env);
        assertTrue(expected, "the linux-x86_64-onednn natives must report oneDNN");
        assertEquals(expected, org.nd4j.nativeblas.Nd4jCpu.Environment.getInstance().isUseMKLDNN());
    }
}
