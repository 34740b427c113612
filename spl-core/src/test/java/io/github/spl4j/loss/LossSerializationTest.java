package io.github.spl4j.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.github.spl4j.weighting.HardThreshold;
import io.github.spl4j.weighting.PseudoLabelWeighting;
import io.github.spl4j.weighting.SmoothRamp;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/** The loss (with either weighting) survives DL4J's JSON and ModelSerializer, so saved FixMatch models reload. */
class LossSerializationTest {

    static Stream<PseudoLabelWeighting> weightings() {
        return Stream.of(new HardThreshold(0.95), SmoothRamp.linear(0.9), SmoothRamp.quadratic(0.8),
                SmoothRamp.squareRoot(0.7), new SmoothRamp(0.5, 3.25));
    }

    @ParameterizedTest
    @MethodSource("weightings")
    void multiLayerConfigurationJsonAndYaml(PseudoLabelWeighting weighting) {
        SmoothPseudoLabelLossFunction loss = new SmoothPseudoLabelLossFunction(weighting, 0.75);
        MultiLayerConfiguration conf = mlnConf(loss);
        MultiLayerConfiguration fromJson = MultiLayerConfiguration.fromJson(conf.toJson());
        assertEquals(conf, fromJson);
        assertEquals(loss, ((OutputLayer) fromJson.getConf(1).getLayer()).getLossFn());
        MultiLayerConfiguration fromYaml = MultiLayerConfiguration.fromYaml(conf.toYaml());
        assertEquals(loss, ((OutputLayer) fromYaml.getConf(1).getLayer()).getLossFn());
    }

    @ParameterizedTest
    @MethodSource("weightings")
    void computationGraphConfigurationJsonWithOutputAndLossLayers(PseudoLabelWeighting weighting) {
        SmoothPseudoLabelLossFunction loss = new SmoothPseudoLabelLossFunction(weighting, 2.0);
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).graphBuilder()
                .addInputs("in")
                .addLayer("dense", new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.TANH).build(), "in")
                .addLayer("out", new OutputLayer.Builder(loss).activation(Activation.SOFTMAX).nIn(4).nOut(2)
                        .build(), "dense")
                .addLayer("lossOnly", new LossLayer.Builder(loss).activation(Activation.SOFTMAX).build(), "dense")
                .setOutputs("out", "lossOnly").build();
        ComputationGraphConfiguration fromJson = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertEquals(conf, fromJson);
        OutputLayer out = (OutputLayer) ((LayerVertex) fromJson.getVertices().get("out")).getLayerConf().getLayer();
        assertEquals(loss, out.getLossFn());
        LossLayer lossLayer = (LossLayer) ((LayerVertex) fromJson.getVertices().get("lossOnly")).getLayerConf()
                .getLayer();
        assertEquals(loss, lossLayer.getLossFn());
    }

    @Test
    void modelSerializerRestoresWeightingAndParameters(@TempDir Path dir) throws IOException {
        SmoothPseudoLabelLossFunction loss = new SmoothPseudoLabelLossFunction(SmoothRamp.quadratic(0.85), 0.5);
        MultiLayerNetwork net = new MultiLayerNetwork(mlnConf(loss));
        net.init();
        File file = dir.resolve("fixmatch.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork restored = MultiLayerNetwork.load(file, true);
        assertEquals(net.params(), restored.params());
        assertEquals(loss, ((OutputLayer) restored.getLayerWiseConfigurations().getConf(1).getLayer()).getLossFn());

        ComputationGraph graph = net.toComputationGraph();
        File graphFile = dir.resolve("fixmatch-graph.zip").toFile();
        ModelSerializer.writeModel(graph, graphFile, true);
        ComputationGraph restoredGraph = ComputationGraph.load(graphFile, true);
        assertEquals(graph.params(), restoredGraph.params());
        assertEquals(graph.getConfiguration().toJson(), restoredGraph.getConfiguration().toJson());
    }

    @Test
    void weightingJsonThroughNd4jMapperKeepsTheClass() throws IOException {
        ObjectMapper mapper = NeuralNetConfiguration.mapper();
        for (PseudoLabelWeighting w : weightings().toArray(PseudoLabelWeighting[]::new)) {
            String json = mapper.writeValueAsString(w);
            assertTrue(json.contains("\"@class\""), json);
            assertEquals(w, mapper.readValue(json, PseudoLabelWeighting.class));
        }
        ILossFunction loss = new SmoothPseudoLabelLossFunction(SmoothRamp.linear(0.6), 1.0);
        assertEquals(loss, mapper.readValue(mapper.writeValueAsString(loss), ILossFunction.class));
    }

    /** A configuration saved by spl4j 0.1 must keep loading: class and field names are frozen. */
    @Test
    void savedConfigurationFromVersion01StillLoads() throws IOException {
        String json;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/fixmatch-mln-0.1.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        MultiLayerConfiguration conf = MultiLayerConfiguration.fromJson(json);
        assertEquals(new SmoothPseudoLabelLossFunction(SmoothRamp.linear(0.95), 1.0),
                ((OutputLayer) conf.getConf(1).getLayer()).getLossFn());
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray out = net.output(Nd4j.ones(2, 3));
        assertEquals(2, out.rows());
    }

    private static MultiLayerConfiguration mlnConf(ILossFunction loss) {
        return new NeuralNetConfiguration.Builder().seed(1).updater(new Sgd(0.1)).list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(loss).activation(Activation.SOFTMAX).nIn(4).nOut(2).build())
                .build();
    }
}
