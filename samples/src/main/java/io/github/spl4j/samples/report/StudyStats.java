package io.github.spl4j.samples.report;

import io.github.spl4j.samples.report.StudySetting.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * The statistics of a study: mean ± sample standard deviation over seeds per setting, the spread of the setting
 * means per method, error against τ, and curves averaged over seeds. Errors are fractions in [0, 1].
 */
public final class StudyStats {
    private StudyStats() {
    }

    /**
     * Statistics of some values (NaN values are left out).
     *
     * @param n    number of values used
     * @param mean their mean, NaN if none
     * @param std  their sample standard deviation (divisor n − 1), NaN if fewer than 2
     * @param min  smallest, NaN if none
     * @param max  largest, NaN if none
     */
    public record Summary(int n, double mean, double std, double min, double max) {
        /**
         * @param values the values; NaN are ignored
         * @return their statistics
         */
        public static Summary of(double[] values) {
            int n = 0;
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double v : values) {
                if (!Double.isNaN(v)) {
                    n++;
                    sum += v;
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            if (n == 0) {
                return new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            }
            double mean = sum / n;
            double ss = 0;
            for (double v : values) {
                if (!Double.isNaN(v)) {
                    ss += (v - mean) * (v - mean);
                }
            }
            return new Summary(n, mean, n < 2 ? Double.NaN : Math.sqrt(ss / (n - 1)), min, max);
        }
    }

    /**
     * The runs of one setting (over seeds) and their statistics.
     *
     * @param sweep   the sweep, or the sweeps joined by {@code " + "} when merged across sweeps
     * @param setting the setting
     * @param runs    its finished runs, one per seed
     */
    public record SettingStats(String sweep, StudySetting setting, List<StudyRun> runs) {
        /** Copies the runs. @throws IllegalArgumentException if there are none */
        public SettingStats {
            Objects.requireNonNull(sweep, "sweep");
            Objects.requireNonNull(setting, "setting");
            runs = List.copyOf(runs);
            if (runs.isEmpty()) {
                throw new IllegalArgumentException("runs must not be empty for setting " + setting.methodLabel());
            }
        }

        /** @return statistics of the teacher's final errors (the runs' results) */
        public Summary finalTeacher() {
            return summary(StudyRun::finalTeacherError);
        }

        /** @return statistics of the teacher's median-of-last errors */
        public Summary medianTeacher() {
            return summary(StudyRun::medianTeacherError);
        }

        /** @return statistics of the student's final errors */
        public Summary finalStudent() {
            return summary(StudyRun::finalStudentError);
        }

        private Summary summary(ToDoubleFunction<StudyRun> f) {
            return Summary.of(runs.stream().mapToDouble(f).toArray());
        }
    }

    /**
     * The spread of the setting means of one method over settings that share their context (they differ only in τ
     * and µ).
     *
     * @param method   the method
     * @param context  the shared context
     * @param settings the settings, ordered by τ and µ
     * @param best     the setting with the lowest mean final teacher error
     * @param worst    the setting with the highest
     * @param means    statistics of the settings' mean final teacher errors (its max − min is the range)
     */
    public record Spread(Method method, Map<String, String> context, List<SettingStats> settings, SettingStats best,
                         SettingStats worst, Summary means) {
        /** @return the number of runs over all settings */
        public int runs() {
            return settings.stream().mapToInt(s -> s.runs().size()).sum();
        }
    }

    /**
     * One point of an error-vs-τ line.
     *
     * @param tau     τ
     * @param setting the setting's runs at this τ (merged over sweeps)
     */
    public record TauPoint(double tau, SettingStats setting) {
    }

    /**
     * The final teacher error against τ of one method (and µ) in one context, with at least two τ.
     *
     * @param method  hard or smooth
     * @param mu      µ, NaN for hard
     * @param context the shared context
     * @param points  one per τ, ascending
     */
    public record TauCurve(Method method, double mu, Map<String, String> context, List<TauPoint> points) {
        /**
         * @param base the study's base context
         * @return a legend label, e.g. {@code Smooth FixMatch, mu = 1} (plus the context where it is not the base)
         */
        public String label(Map<String, String> base) {
            String l = method == Method.HARD ? method.title() : method.title() + ", mu = " + StudySetting.fmt(mu);
            String diff = StudySetting.contextLabel(context, base);
            return diff.isEmpty() ? l : l + " (" + diff + ")";
        }
    }

    /**
     * Groups runs by sweep and setting.
     *
     * @param runs finished runs
     * @return one entry per (sweep, setting), in first-seen order
     */
    public static List<SettingStats> bySetting(List<StudyRun> runs) {
        Map<List<Object>, List<StudyRun>> groups = new LinkedHashMap<>();
        for (StudyRun r : runs) {
            groups.computeIfAbsent(List.of(r.sweep(), r.setting()), k -> new ArrayList<>()).add(r);
        }
        List<SettingStats> out = new ArrayList<>();
        for (Map.Entry<List<Object>, List<StudyRun>> e : groups.entrySet()) {
            out.add(new SettingStats((String) e.getKey().get(0), (StudySetting) e.getKey().get(1), e.getValue()));
        }
        return out;
    }

    /**
     * Groups runs by setting whatever their sweep (a setting run in two sweeps is one entry).
     *
     * @param runs finished runs
     * @return one entry per setting, ordered by {@link Study#SETTING_ORDER}; its sweep names are joined by " + "
     */
    public static List<SettingStats> bySettingAcrossSweeps(List<StudyRun> runs) {
        Map<StudySetting, List<StudyRun>> groups = new TreeMap<>(Study.SETTING_ORDER);
        for (StudyRun r : runs) {
            groups.computeIfAbsent(r.setting(), k -> new ArrayList<>()).add(r);
        }
        List<SettingStats> out = new ArrayList<>();
        for (Map.Entry<StudySetting, List<StudyRun>> e : groups.entrySet()) {
            TreeSet<String> sweeps = new TreeSet<>();
            e.getValue().forEach(r -> sweeps.add(r.sweep()));
            out.add(new SettingStats(String.join(" + ", sweeps), e.getKey(), e.getValue()));
        }
        return out;
    }

    /**
     * The spread across settings of each method: settings (merged over sweeps) are grouped by method and context.
     *
     * @param runs finished runs
     * @return one spread per (method, context), ordered by method, then by number of runs (most first)
     */
    public static List<Spread> spreads(List<StudyRun> runs) {
        Map<List<Object>, List<SettingStats>> groups = new LinkedHashMap<>();
        for (SettingStats s : bySettingAcrossSweeps(runs)) {
            groups.computeIfAbsent(List.of(s.setting().method(), s.setting().context()), k -> new ArrayList<>())
                    .add(s);
        }
        List<Spread> out = new ArrayList<>();
        for (Map.Entry<List<Object>, List<SettingStats>> e : groups.entrySet()) {
            List<SettingStats> settings = e.getValue();
            SettingStats best = settings.get(0);
            SettingStats worst = settings.get(0);
            double[] means = new double[settings.size()];
            for (int i = 0; i < means.length; i++) {
                SettingStats s = settings.get(i);
                means[i] = s.finalTeacher().mean();
                if (means[i] < best.finalTeacher().mean()) {
                    best = s;
                }
                if (means[i] > worst.finalTeacher().mean()) {
                    worst = s;
                }
            }
            @SuppressWarnings("unchecked")
            Map<String, String> context = (Map<String, String>) e.getKey().get(1);
            out.add(new Spread((Method) e.getKey().get(0), context, settings, best, worst, Summary.of(means)));
        }
        out.sort(Comparator.comparing((Spread s) -> s.method().ordinal()).thenComparing(s -> -s.runs()));
        return out;
    }

    /**
     * Error against τ: hard and smooth settings (merged over sweeps) grouped by method, µ and context; only groups
     * with at least two distinct τ make a curve.
     *
     * @param runs finished runs
     * @return the curves, hard first, then smooth by µ; within a method by number of runs (most first)
     */
    public static List<TauCurve> tauCurves(List<StudyRun> runs) {
        Map<List<Object>, List<TauPoint>> groups = new LinkedHashMap<>();
        for (SettingStats s : bySettingAcrossSweeps(runs)) {
            StudySetting st = s.setting();
            if (st.method() == Method.SUPERVISED) {
                continue;
            }
            groups.computeIfAbsent(List.of(st.method(), st.mu(), st.context()), k -> new ArrayList<>())
                    .add(new TauPoint(st.tau(), s));
        }
        List<TauCurve> out = new ArrayList<>();
        for (Map.Entry<List<Object>, List<TauPoint>> e : groups.entrySet()) {
            List<TauPoint> points = new ArrayList<>(e.getValue());
            points.sort(Comparator.comparingDouble(TauPoint::tau));
            if (points.size() < 2) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, String> context = (Map<String, String>) e.getKey().get(2);
            out.add(new TauCurve((Method) e.getKey().get(0), (Double) e.getKey().get(1), context, points));
        }
        out.sort(Comparator.comparing((TauCurve c) -> c.method().ordinal()).thenComparingDouble(TauCurve::mu)
                .thenComparing(c -> -c.points().stream().mapToInt(p -> p.setting().runs().size()).sum()));
        return out;
    }

    /**
     * Averages curves over runs, step by step.
     *
     * @param curves each run's {@code [steps, values]} (NaN values are ignored)
     * @return {@code [steps, mean, std, n]} over the union of steps, ascending; std is the sample standard deviation
     *         (NaN where fewer than 2 runs have the step)
     */
    public static double[][] meanOverRuns(List<double[][]> curves) {
        TreeMap<Double, List<Double>> byStep = new TreeMap<>();
        for (double[][] c : curves) {
            for (int i = 0; i < c[0].length; i++) {
                if (!Double.isNaN(c[1][i])) {
                    byStep.computeIfAbsent(c[0][i], k -> new ArrayList<>()).add(c[1][i]);
                }
            }
        }
        double[][] out = new double[4][byStep.size()];
        int i = 0;
        for (Map.Entry<Double, List<Double>> e : byStep.entrySet()) {
            Summary s = Summary.of(e.getValue().stream().mapToDouble(Double::doubleValue).toArray());
            out[0][i] = e.getKey();
            out[1][i] = s.mean();
            out[2][i] = s.std();
            out[3][i] = s.n();
            i++;
        }
        return out;
    }

    /**
     * Trailing moving average: element i is the mean of elements {@code max(0, i − window + 1) … i} (fewer at the
     * start).
     *
     * @param values the values
     * @param window the window length, {@code >= 1}
     * @return the smoothed values, same length
     * @throws IllegalArgumentException if {@code window < 1}
     */
    public static double[] movingAverage(double[] values, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1, found " + window);
        }
        double[] out = new double[values.length];
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            sum += values[i];
            if (i >= window) {
                sum -= values[i - window];
            }
            out[i] = sum / Math.min(i + 1, window);
        }
        return out;
    }
}
