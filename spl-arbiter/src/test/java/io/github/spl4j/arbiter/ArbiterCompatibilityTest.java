package io.github.spl4j.arbiter;

import io.github.spl4j.loss.SmoothPseudoLabelLossFunction;
import org.deeplearning4j.arbiter.ComputationGraphSpace;
import org.deeplearning4j.arbiter.DL4JConfiguration;
import org.deeplearning4j.arbiter.optimize.generator.GridSearchCandidateGenerator;
import org.deeplearning4j.arbiter.task.ComputationGraphTaskCreator;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.arbiter.MultiLayerSpace;
import org.deeplearning4j.arbiter.layers.DenseLayerSpace;
import org.deeplearning4j.arbiter.layers.OutputLayerSpace;
import org.deeplearning4j.arbiter.optimize.api.CandidateGenerator;
import org.deeplearning4j.arbiter.optimize.api.saving.InMemoryResultSaver;
import org.deeplearning4j.arbiter.optimize.api.saving.ResultReference;
import org.deeplearning4j.arbiter.optimize.api.termination.MaxCandidatesCondition;
import org.deeplearning4j.arbiter.optimize.config.OptimizationConfiguration;
import org.deeplearning4j.arbiter.optimize.generator.RandomSearchGenerator;
import org.deeplearning4j.arbiter.optimize.runner.CandidateInfo;
import org.deeplearning4j.arbiter.optimize.runner.CandidateStatus;
import org.deeplearning4j.arbiter.optimize.runner.LocalOptimizationRunner;
import org.deeplearning4j.arbiter.scoring.impl.EvaluationScoreFunction;
import org.deeplearning4j.arbiter.task.MultiLayerNetworkTaskCreator;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;

import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Arbiter 1.0.0-beta7 on DL4J 1.0.0-M2.1: Arbiter's own runner, task creator, candidate generator, score function
 * and result saver, with our loss space inside Arbiter's {@link OutputLayerSpace}.
 */
class ArbiterCompatibilityTest {

    static MultiLayerSpace tinySpace(PseudoLabelLossSpace loss) {
        return new MultiLayerSpace.Builder()
                .seed(7)
                .updater(new Adam(0.02))
                .addLayer(new DenseLayerSpace.Builder().nIn(2).nOut(16).activation(Activation.TANH).build())
                .addLayer(new OutputLayerSpace.Builder().nOut(2).activation(Activation.SOFTMAX)
                        .iLossFunction(loss).build())
                .numEpochs(1)
                .build();
    }

    @Test
    void localOptimizationRunnerRandomSearchEndToEnd() throws Exception {
        PseudoLabelLossSpace loss = PseudoLabelLossSpace.builder()
                .weighting(WeightingKindSpace.both())
                .tau(TauSpace.uniform(0.5, 0.95))
                .mu(MuSpace.shapes())
                .build();
        MultiLayerSpace space = tinySpace(loss);
        CandidateGenerator generator = new RandomSearchGenerator(space);
        Properties props = new Properties();
        props.setProperty(TwoMoonsDataSource.BATCHES_PER_EPOCH, "10");
        OptimizationConfiguration conf = new OptimizationConfiguration.Builder()
                .candidateGenerator(generator)
                .dataSource(TwoMoonsDataSource.class, props)
                .modelSaver(new InMemoryResultSaver())
                .scoreFunction(new EvaluationScoreFunction(Evaluation.Metric.ACCURACY))
                .terminationConditions(new MaxCandidatesCondition(3))
                .rngSeed(11)
                .build();
        LocalOptimizationRunner runner = new LocalOptimizationRunner(conf, new MultiLayerNetworkTaskCreator());
        runner.execute();

        assertEquals(3, runner.numCandidatesCompleted(), "completed candidates");
        assertEquals(0, runner.numCandidatesFailed(), "failed candidates");
        List<CandidateInfo> status = runner.getCandidateStatus();
        assertEquals(3, status.size());
        for (CandidateInfo ci : status) {
            assertEquals(CandidateStatus.Complete, ci.getCandidateStatus());
            assertNotNull(ci.getScore());
            assertTrue(ci.getScore() >= 0 && ci.getScore() <= 1, "accuracy in [0, 1]: " + ci.getScore());
        }
        assertNotNull(runner.bestScore());
        Set<Object> losses = new HashSet<>();
        for (ResultReference ref : runner.getResults()) {
            MultiLayerNetwork net = (MultiLayerNetwork) ref.getResultModel();
            BaseOutputLayer out = (BaseOutputLayer) net.getLayerWiseConfigurations().getConf(1).getLayer();
            SmoothPseudoLabelLossFunction lf = assertInstanceOf(SmoothPseudoLabelLossFunction.class, out.getLossFn());
            double tau = lf.getWeighting().getTau();
            assertTrue(tau >= 0.5 && tau <= 0.95, "tau drawn from [0.5, 0.95]: " + tau);
            losses.add(lf);
            assertTrue(Double.isFinite(net.score()), "trained score is finite");
        }
        assertEquals(3, losses.size(), "three distinct random candidates");
        DL4JConfiguration first = space.getValue(new double[space.numParameters()]);
        assertNotNull(first.getMultiLayerConfiguration());
    }

    @Test
    void computationGraphSpaceWithLossSpaceRunsOnArbitersGraphTaskCreator() throws Exception {
        PseudoLabelLossSpace loss = PseudoLabelLossSpace.builder().tau(TauSpace.values(0.6, 0.9)).build();
        ComputationGraphSpace space = new ComputationGraphSpace.Builder()
                .seed(7)
                .updater(new Adam(0.02))
                .addInputs("in")
                .addLayer("hidden", new DenseLayerSpace.Builder().nIn(2).nOut(16).activation(Activation.TANH).build(),
                        "in")
                .addLayer("out", new OutputLayerSpace.Builder().nOut(2).activation(Activation.SOFTMAX)
                        .iLossFunction(loss).build(), "hidden")
                .setOutputs("out")
                .setInputTypes(InputType.feedForward(2))
                .numEpochs(1)
                .build();
        Properties props = new Properties();
        props.setProperty(TwoMoonsDataSource.BATCHES_PER_EPOCH, "10");
        OptimizationConfiguration conf = new OptimizationConfiguration.Builder()
                .candidateGenerator(new GridSearchCandidateGenerator(space, 2,
                        GridSearchCandidateGenerator.Mode.Sequential, null))
                .dataSource(TwoMoonsDataSource.class, props)
                .modelSaver(new InMemoryResultSaver())
                .scoreFunction(new ValidationErrorScoreFunction())
                .terminationConditions(new MaxCandidatesCondition(10), new CandidatesExhaustedCondition())
                .build();
        LocalOptimizationRunner runner = new LocalOptimizationRunner(conf, new ComputationGraphTaskCreator());
        runner.execute();

        assertEquals(2, runner.numCandidatesCompleted(), "the two grid points of tau");
        assertEquals(0, runner.numCandidatesFailed());
        Set<Double> taus = new HashSet<>();
        for (ResultReference ref : runner.getResults()) {
            ComputationGraph graph = (ComputationGraph) ref.getResultModel();
            var out = (BaseOutputLayer) ((LayerVertex) graph.getConfiguration().getVertices().get("out"))
                    .getLayerConf().getLayer();
            taus.add(((SmoothPseudoLabelLossFunction) out.getLossFn()).getWeighting().getTau());
        }
        assertEquals(Set.of(0.6, 0.9), taus);
        assertTrue(runner.bestScore() < 0.5, "validation error better than chance: " + runner.bestScore());
    }
}
