package io.github.spl4j.samples.bench;

import java.util.Locale;

/**
 * Whether a memory series sampled over a training run is flat. Rule: from the reference point
 * ({@value #DEFAULT_REFERENCE_FRACTION} of the run, after the warm-up allocations) to the end, the least-squares line
 * through the samples must not rise by more than {@code max(relativeTolerance × reference, absoluteTolerance)}, where
 * {@code reference} is the line's value at the reference point. Why a fitted trend rather than two samples: the heap
 * after a collection still moves by about 10 MiB from sample to sample, so any two single samples (or medians of
 * a few) can differ by more than the tolerance in a series that does not grow, while a leak shows as a slope.
 * Decreases always pass. Start, peak and end (single samples) are reported alongside, since the issue asks for them.
 *
 * @param start        first sample
 * @param peak         largest sample
 * @param end          last sample
 * @param reference    the fitted line's value at the reference point
 * @param allowed      largest growth from {@code reference} to {@code endLevel} that still counts as flat
 * @param flat         whether {@code endLevel - reference <= allowed}
 * @param referenceAt  the step of the first sample at or after the reference point
 * @param endLevel     the fitted line's value at the last step
 * @param samples      samples the line was fitted to (from the reference point on)
 */
public record FlatnessVerdict(double start, double peak, double end, double reference, double allowed, boolean flat,
                              long referenceAt, double endLevel, int samples) {
    /** Where the reference sample is taken, as a fraction of the run's steps. */
    public static final double DEFAULT_REFERENCE_FRACTION = 0.2;
    /** Default relative tolerance of the growth after the reference point. */
    public static final double DEFAULT_RELATIVE_TOLERANCE = 0.05;
    /** Default absolute tolerance of that growth, MiB (absorbs noise on small series). */
    public static final double DEFAULT_ABSOLUTE_TOLERANCE_MIB = 4.0;

    /**
     * Applies the rule with the default reference fraction and tolerances (values in MiB).
     *
     * @param steps  the step of each sample, strictly increasing, at least two samples
     * @param values the value of each sample, finite
     * @return the verdict
     */
    public static FlatnessVerdict of(long[] steps, double[] values) {
        return of(steps, values, DEFAULT_REFERENCE_FRACTION, DEFAULT_RELATIVE_TOLERANCE,
                DEFAULT_ABSOLUTE_TOLERANCE_MIB);
    }

    /**
     * Applies the rule.
     *
     * @param steps             the step of each sample, strictly increasing, at least two samples
     * @param values            the value of each sample, finite, same length as {@code steps}
     * @param referenceFraction where the reference sample is taken, in [0, 1): the first sample whose step is at or
     *                          after {@code referenceFraction × last step} (the run starts at step 0)
     * @param relativeTolerance allowed growth as a fraction of the reference, {@code >= 0}
     * @param absoluteTolerance allowed growth in the values' unit, {@code >= 0}
     * @return the verdict
     * @throws IllegalArgumentException if an argument is outside its range
     */
    public static FlatnessVerdict of(long[] steps, double[] values, double referenceFraction,
                                     double relativeTolerance, double absoluteTolerance) {
        if (steps.length != values.length) {
            throw new IllegalArgumentException("steps and values must have the same length, found " + steps.length
                    + " and " + values.length);
        }
        if (steps.length < 2) {
            throw new IllegalArgumentException("the series must have at least 2 samples, found " + steps.length);
        }
        if (!(referenceFraction >= 0 && referenceFraction < 1)) {
            throw new IllegalArgumentException("referenceFraction must be in [0, 1), found " + referenceFraction);
        }
        if (!(relativeTolerance >= 0) || Double.isInfinite(relativeTolerance)) {
            throw new IllegalArgumentException("relativeTolerance must be finite and >= 0, found " + relativeTolerance);
        }
        if (!(absoluteTolerance >= 0) || Double.isInfinite(absoluteTolerance)) {
            throw new IllegalArgumentException("absoluteTolerance must be finite and >= 0, found " + absoluteTolerance);
        }
        double peak = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < steps.length; i++) {
            if (i > 0 && steps[i] <= steps[i - 1]) {
                throw new IllegalArgumentException("steps must be strictly increasing, found " + steps[i - 1]
                        + " then " + steps[i] + " at index " + i);
            }
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("values must be finite, found " + values[i] + " at index " + i);
            }
            peak = Math.max(peak, values[i]);
        }
        double target = referenceFraction * steps[steps.length - 1];
        int ref = 0;
        while (steps[ref] < target) {
            ref++;
        }
        int n = values.length;
        long last = steps[n - 1];
        double reference;
        double endLevel;
        if (ref == n - 1) { // one sample from the reference point on: no line to fit
            reference = values[ref];
            endLevel = values[ref];
        } else {
            double mx = 0;
            double my = 0;
            for (int i = ref; i < n; i++) {
                mx += steps[i];
                my += values[i];
            }
            mx /= n - ref;
            my /= n - ref;
            double sxy = 0;
            double sxx = 0;
            for (int i = ref; i < n; i++) {
                sxy += (steps[i] - mx) * (values[i] - my);
                sxx += (steps[i] - mx) * (steps[i] - mx);
            }
            double slope = sxy / sxx;
            reference = my + slope * (steps[ref] - mx);
            endLevel = my + slope * (last - mx);
        }
        double allowed = Math.max(relativeTolerance * Math.abs(reference), absoluteTolerance);
        return new FlatnessVerdict(values[0], peak, values[n - 1], reference, allowed, endLevel - reference <= allowed,
                steps[ref], endLevel, n - ref);
    }

    /**
     * @param what  the series' name
     * @param steps the run's last step
     * @return one line: start / peak / end, the rule's numbers and FLAT or GROWING
     */
    public String describe(String what, long steps) {
        return String.format(Locale.ROOT, "%-22s start %8.1f  peak %8.1f  end %8.1f MiB | trend over %d samples: "
                        + "%.1f at step %d, %.1f at the end, growth %+.1f, allowed %.1f -> %s", what, start, peak, end,
                samples, reference, referenceAt, endLevel, endLevel - reference, allowed, flat ? "FLAT" : "GROWING");
    }
}
