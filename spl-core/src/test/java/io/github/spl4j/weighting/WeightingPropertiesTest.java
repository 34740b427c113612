package io.github.spl4j.weighting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Assume;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Invariants of every weighting, on random parameters and confidences. */
class WeightingPropertiesTest {

    @Provide
    Arbitrary<PseudoLabelWeighting> weightings() {
        Arbitrary<Double> tau = Arbitraries.doubles().between(0.0, true, 1.0, false);
        Arbitrary<Double> mu = Arbitraries.doubles().between(0.01, 20.0);
        return Arbitraries.oneOf(tau.map(HardThreshold::new),
                Combinators.combine(tau, mu).as(SmoothRamp::new),
                tau.map(SmoothRamp::linear), tau.map(SmoothRamp::quadratic), tau.map(SmoothRamp::squareRoot));
    }

    @Property
    void weightIsInUnitInterval(@ForAll("weightings") PseudoLabelWeighting w,
                                @ForAll @DoubleRange(min = 0, max = 1) double c) {
        double value = w.weight(c);
        assertTrue(value >= 0.0 && value <= 1.0, w + " gave " + value + " at c=" + c);
    }

    @Property
    void weightIsNonDecreasing(@ForAll("weightings") PseudoLabelWeighting w,
                               @ForAll @DoubleRange(min = 0, max = 1) double c1,
                               @ForAll @DoubleRange(min = 0, max = 1) double c2) {
        double lo = Math.min(c1, c2);
        double hi = Math.max(c1, c2);
        assertTrue(w.weight(lo) <= w.weight(hi), w + ": w(" + lo + ") > w(" + hi + ")");
    }

    @Property
    void zeroBelowTau(@ForAll("weightings") PseudoLabelWeighting w,
                      @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double fraction) {
        Assume.that(w.getTau() > 0.0);
        assertEquals(0.0, w.weight(w.getTau() * fraction), 0.0);
    }

    @Property
    void smoothRampIsContinuousAtTauAndReachesOne(@ForAll @DoubleRange(min = 0, max = 0.999) @Scale(6) double tau,
                                                  @ForAll @DoubleRange(min = 0.5, max = 10) double mu) {
        SmoothRamp ramp = new SmoothRamp(tau, mu);
        assertEquals(0.0, ramp.weight(tau), 0.0);
        assertEquals(1.0, ramp.weight(1.0), 1e-12);
        // Just above tau the weight is tiny: no jump (a hard threshold jumps to 1 there).
        double justAbove = Math.nextUp(tau);
        assertTrue(ramp.weight(justAbove) < 1e-6, ramp + " jumps to " + ramp.weight(justAbove) + " above tau");
        assertEquals(1.0, new HardThreshold(tau).weight(justAbove), 0.0);
    }

    @Property
    void smallMuApproachesTheHardThresholdAboveTau(@ForAll @DoubleRange(min = 0, max = 0.99) double tau,
                                                   @ForAll @DoubleRange(min = 0.001, max = 1) @Scale(6) double above) {
        double c = tau + above * (1 - tau);
        HardThreshold hard = new HardThreshold(tau);
        double previousGap = Double.POSITIVE_INFINITY;
        for (double mu : new double[] {1.0, 0.1, 0.01, 1e-4, 1e-6}) {
            double gap = Math.abs(new SmoothRamp(tau, mu).weight(c) - hard.weight(c));
            assertTrue(gap <= previousGap, "gap grew as mu shrank");
            previousGap = gap;
        }
        assertTrue(previousGap < 1e-4, "mu=1e-6 still " + previousGap + " away from the hard threshold");
    }

    @Property(tries = 200)
    void vectorisedEqualsScalar(@ForAll("weightings") PseudoLabelWeighting w,
                                @ForAll @DoubleRange(min = 0, max = 1) double c1,
                                @ForAll @DoubleRange(min = 0, max = 1) double c2) {
        double[] cs = {c1, c2, 0.0, 1.0, w.getTau()};
        INDArray out = w.weights(Nd4j.createFromArray(cs));
        assertEquals(DataType.DOUBLE, out.dataType());
        double[] expected = new double[cs.length];
        for (int i = 0; i < cs.length; i++) {
            expected[i] = w.weight(cs[i]);
        }
        assertArrayEquals(expected, out.toDoubleVector(), 1e-12, w.toString());
    }

    @Property(tries = 50)
    void vectorisedKeepsShapeTypeAndInput(@ForAll("weightings") PseudoLabelWeighting w) {
        INDArray c = Nd4j.createFromArray(new float[][] {{0.1f, 0.97f}, {0.5f, 1.0f}});
        INDArray before = c.dup();
        INDArray out = w.weights(c);
        assertEquals(DataType.FLOAT, out.dataType());
        assertArrayEquals(c.shape(), out.shape());
        assertEquals(before, c, "weights() modified its input");
    }
}
