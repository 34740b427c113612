package io.github.spl4j.samples.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * Median, minimum and maximum of repeated measurements (a benchmark reports the median and shows the spread, since
 * the machine is shared and single runs are noisy).
 *
 * @param median median (mean of the two middle values for an even count)
 * @param min    smallest value
 * @param max    largest value
 * @param count  number of values, {@code >= 1}
 */
public record BenchStats(double median, double min, double max, int count) {
    /**
     * @param values the measurements, at least one, all finite
     * @return their statistics
     * @throws IllegalArgumentException if {@code values} is empty or holds a NaN or infinite value
     */
    public static BenchStats of(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("values must hold at least one measurement, found none");
        }
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("values must be finite, found " + v);
            }
        }
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        double median = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        return new BenchStats(median, s[0], s[n - 1], n);
    }

    /**
     * @param decimals digits after the point, {@code >= 0}
     * @return {@code median [min–max]}
     */
    public String format(int decimals) {
        String f = "%." + decimals + "f";
        return String.format(Locale.ROOT, f + " [" + f + "-" + f + "]", median, min, max);
    }
}
