package io.github.spl4j.weighting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WeightingValidationTest {

    @ParameterizedTest
    @ValueSource(doubles = {-0.1, 1.0, 1.3, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void badTauIsRejectedByBoth(double tau) {
        IllegalArgumentException hard = assertThrows(IllegalArgumentException.class, () -> new HardThreshold(tau));
        assertEquals("tau must be in [0, 1), found " + tau, hard.getMessage());
        IllegalArgumentException smooth = assertThrows(IllegalArgumentException.class,
                () -> new SmoothRamp(tau, 1.0));
        assertEquals("tau must be in [0, 1), found " + tau, smooth.getMessage());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY})
    void badMuIsRejected(double mu) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SmoothRamp(0.9, mu));
        assertEquals("mu must be finite and > 0, found " + mu, e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.01, 1.01, Double.NaN})
    void badConfidenceIsRejected(double c) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SmoothRamp(0.5, 2.0).weight(c));
        assertTrue(e.getMessage().startsWith("confidence must be in [0, 1], found"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new HardThreshold(0.5).weight(c));
    }

    @Test
    void namedShapesHaveTheirExponents() {
        assertEquals(1.0, SmoothRamp.linear(0.9).getMu());
        assertEquals(2.0, SmoothRamp.quadratic(0.9).getMu());
        assertEquals(0.5, SmoothRamp.squareRoot(0.9).getMu());
        assertEquals(new SmoothRamp(0.95, 1.0), new SmoothRamp());
        assertEquals(new HardThreshold(0.95), new HardThreshold());
    }

    @Test
    void valueSemantics() {
        assertEquals(new SmoothRamp(0.8, 2.0), SmoothRamp.quadratic(0.8));
        assertEquals(new SmoothRamp(0.8, 2.0).hashCode(), SmoothRamp.quadratic(0.8).hashCode());
        assertNotEquals(new SmoothRamp(0.8, 2.0), new SmoothRamp(0.8, 1.0));
        assertNotEquals(new SmoothRamp(0.8, 1.0), new SmoothRamp(0.7, 1.0));
        assertNotEquals(new HardThreshold(0.8), new SmoothRamp(0.8, 1.0));
        assertEquals(new HardThreshold(0.7), new HardThreshold(0.7));
        assertEquals("SmoothRamp(tau=0.8,mu=2.0)", SmoothRamp.quadratic(0.8).toString());
        assertEquals("HardThreshold(tau=0.7)", new HardThreshold(0.7).toString());
    }

    @Test
    void knownValues() {
        SmoothRamp linear = SmoothRamp.linear(0.8);
        assertEquals(0.0, linear.weight(0.79), 0.0);
        assertEquals(0.0, linear.weight(0.8), 0.0);
        assertEquals(0.5, linear.weight(0.9), 1e-12);
        assertEquals(1.0, linear.weight(1.0), 0.0);
        assertEquals(0.25, SmoothRamp.quadratic(0.8).weight(0.9), 1e-12);
        assertEquals(Math.sqrt(0.5), SmoothRamp.squareRoot(0.8).weight(0.9), 1e-12);
        HardThreshold hard = new HardThreshold(0.8);
        assertEquals(0.0, hard.weight(0.7999999), 0.0);
        assertEquals(1.0, hard.weight(0.8), 0.0);
        assertEquals(1.0, hard.weight(1.0), 0.0);
    }
}
