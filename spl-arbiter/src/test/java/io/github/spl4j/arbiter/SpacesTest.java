package io.github.spl4j.arbiter;

import io.github.spl4j.loss.SmoothPseudoLabelLossFunction;
import io.github.spl4j.weighting.HardThreshold;
import io.github.spl4j.weighting.SmoothRamp;
import org.deeplearning4j.arbiter.MultiLayerSpace;
import org.deeplearning4j.arbiter.optimize.api.Candidate;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.generator.GridSearchCandidateGenerator;
import org.deeplearning4j.arbiter.optimize.generator.RandomSearchGenerator;
import org.deeplearning4j.arbiter.optimize.serde.jackson.JsonMapper;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpacesTest {

    static Stream<ParameterSpace<?>> spaces() {
        return Stream.of(
                TauSpace.fixed(0.9), TauSpace.uniform(0.5, 0.99), TauSpace.values(0.8, 0.9, 0.95),
                MuSpace.shapes(), MuSpace.logUniform(0.25, 4), MuSpace.uniform(0.5, 2), MuSpace.fixed(1),
                LambdaUSpace.logUniform(0.1, 10), LambdaUSpace.fixed(0), EmaDecaySpace.values(0.99, 0.999),
                WeightingKindSpace.both(), WeightingKindSpace.of(WeightingKind.HARD),
                PseudoLabelLossSpace.builder().weighting(WeightingKindSpace.both()).tau(TauSpace.uniform(0.6, 0.98))
                        .mu(MuSpace.shapes()).lambdaU(LambdaUSpace.values(0.5, 1)).build());
    }

    @ParameterizedTest
    @MethodSource("spaces")
    void jsonRoundTripThroughArbitersMapper(ParameterSpace<?> space) throws Exception {
        String json = JsonMapper.getMapper().writeValueAsString(space);
        ParameterSpace<?> back = JsonMapper.getMapper().readValue(json, ParameterSpace.class);
        assertEquals(space, back, json);
        assertEquals(space.getClass(), back.getClass());
        assertEquals(space.numParameters(), back.numParameters());
        String yaml = JsonMapper.getYamlMapper().writeValueAsString(space);
        assertEquals(space, JsonMapper.getYamlMapper().readValue(yaml, ParameterSpace.class), yaml);
    }

    @Test
    void multiLayerSpaceWithLossSpaceRoundTripsAndStillSamples() {
        PseudoLabelLossSpace loss = PseudoLabelLossSpace.builder().weighting(WeightingKindSpace.both())
                .tau(TauSpace.uniform(0.6, 0.9)).mu(MuSpace.shapes()).build();
        MultiLayerSpace space = ArbiterCompatibilityTest.tinySpace(loss);
        MultiLayerSpace back = MultiLayerSpace.fromJson(space.toJson());
        assertEquals(space.numParameters(), back.numParameters());
        RandomSearchGenerator gen = new RandomSearchGenerator(back);
        gen.setRngSeed(3);
        Candidate<?> c = gen.getCandidate();
        var conf = ((org.deeplearning4j.arbiter.DL4JConfiguration) c.getValue()).getMultiLayerConfiguration();
        ILossFunction lf = ((BaseOutputLayer) conf.getConf(1).getLayer()).getLossFn();
        double tau = ((SmoothPseudoLabelLossFunction) lf).getWeighting().getTau();
        assertTrue(tau >= 0.6 && tau <= 0.9, "tau " + tau);
    }

    @Test
    void valuesAreMappedFromTheUnitInterval() {
        TauSpace tau = TauSpace.uniform(0.5, 0.9);
        tau.collectLeaves().get(0).setIndices(0);
        assertEquals(0.5, tau.getValue(new double[]{0}), 1e-12);
        assertEquals(0.9, tau.getValue(new double[]{1}), 1e-12);
        assertEquals(0.7, tau.getValue(new double[]{0.5}), 1e-12);
        MuSpace mu = MuSpace.logUniform(0.25, 4);
        mu.collectLeaves().get(0).setIndices(0);
        assertEquals(1.0, mu.getValue(new double[]{0.5}), 1e-9, "log-uniform midpoint is the geometric mean");
        MuSpace shapes = MuSpace.shapes();
        shapes.collectLeaves().get(0).setIndices(0);
        assertEquals(0.5, shapes.getValue(new double[]{0.1}));
        assertEquals(1.0, shapes.getValue(new double[]{0.5}));
        assertEquals(2.0, shapes.getValue(new double[]{0.9}));
    }

    @Test
    void lossSpaceBuildsHardAndSmoothWeightings() {
        PseudoLabelLossSpace space = PseudoLabelLossSpace.builder().weighting(WeightingKindSpace.both())
                .tau(TauSpace.values(0.8, 0.9)).mu(MuSpace.shapes()).lambdaU(LambdaUSpace.fixed(2)).build();
        GridSearchCandidateGenerator grid = new GridSearchCandidateGenerator(space, 3,
                GridSearchCandidateGenerator.Mode.Sequential, null);
        Set<ILossFunction> seen = new HashSet<>();
        while (grid.hasMoreCandidates()) {
            seen.add((ILossFunction) grid.getCandidate().getValue());
        }
        // 2 kinds x 2 taus x 3 mus = 12 grid points; hard ignores mu, leaving 2 + 6 distinct losses.
        assertEquals(8, seen.size(), seen.toString());
        assertTrue(seen.contains(new SmoothPseudoLabelLossFunction(new HardThreshold(0.9), 2)));
        assertTrue(seen.contains(new SmoothPseudoLabelLossFunction(new SmoothRamp(0.8, 0.5), 2)));
    }

    @Test
    void defaultLossSpaceIsPaperSmoothFixMatch() {
        PseudoLabelLossSpace space = PseudoLabelLossSpace.builder().build();
        assertEquals(0, space.numParameters());
        assertEquals(new SmoothPseudoLabelLossFunction(new SmoothRamp(0.95, 1), 1), space.getValue(new double[0]));
    }

    static Stream<Object[]> invalid() {
        return Stream.of(
                new Object[]{(Executable) () -> TauSpace.uniform(0.5, 1.0), "tau must be in [0, 1), found 1.0"},
                new Object[]{(Executable) () -> TauSpace.fixed(-0.1), "tau must be in [0, 1), found -0.1"},
                new Object[]{(Executable) () -> TauSpace.values(0.9, Double.NaN), "tau must be in [0, 1), found NaN"},
                new Object[]{(Executable) () -> TauSpace.uniform(0.9, 0.8), "tau range must have min < max, found min=0.9, max=0.8"},
                new Object[]{(Executable) () -> TauSpace.values(0.9, 0.9), "tau values must be distinct"},
                new Object[]{(Executable) () -> MuSpace.uniform(0, 2), "mu must be in (0, inf), found 0.0"},
                new Object[]{(Executable) () -> MuSpace.values(), "mu space of kind VALUES needs at least one value"},
                new Object[]{(Executable) () -> LambdaUSpace.logUniform(0, 1), "lambdaU log-uniform range must have min > 0, found 0.0"},
                new Object[]{(Executable) () -> LambdaUSpace.fixed(Double.POSITIVE_INFINITY), "lambdaU must be in [0, inf), found Infinity"},
                new Object[]{(Executable) () -> EmaDecaySpace.fixed(1.0), "emaDecay must be in [0, 1), found 1.0"},
                new Object[]{(Executable) () -> WeightingKindSpace.of(WeightingKind.HARD, WeightingKind.HARD), "weighting kinds must be distinct"},
                new Object[]{(Executable) () -> PseudoLabelLossSpace.builder().weighting(WeightingKindSpace.of(WeightingKind.HARD)).mu(MuSpace.shapes()).build(),
                        "mu is searched"});
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void invalidSpacesAreRejectedWithParameterValueAndAllowedRange(Executable bad, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad::run);
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void invalidJsonIsRejectedOnRead() {
        String json = "{\"@class\":\"io.github.spl4j.arbiter.TauSpace\",\"kind\":\"UNIFORM\",\"min\":0.5,\"max\":1.5}";
        Exception e = assertThrows(Exception.class, () -> JsonMapper.getMapper().readValue(json, ParameterSpace.class));
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        assertEquals("tau must be in [0, 1), found 1.5", root.getMessage());
    }

    /** A functional interface that may throw, for the table above. */
    @FunctionalInterface
    interface Executable {
        void run() throws Throwable;
    }
}
