package io.github.spl4j.samples.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * The summary of a sweep, following the study protocol of issue #9: the <b>result of a run is its final evaluation</b>
 * of the EMA teacher (the student's if a run has no teacher evaluation), and the median of the run's last
 * {@code medianOfLast} evaluations (read from each run's {@code config.json}) is recorded next to it. For each setting:
 * mean ± standard deviation over seeds of both, as {@code summary.md} and {@code summary.csv}, and a plot of the final
 * error against τ with one line for the hard threshold and one per µ of the smooth ramp (and per EMA decay when the
 * sweep varies it).
 */
public final class SweepSummary {
    /** Summary file name. */
    public static final String SUMMARY_MD = "summary.md";
    /** Summary CSV file name. */
    public static final String SUMMARY_CSV = "summary.csv";
    /** Header of {@link #SUMMARY_CSV}; errors are fractions. */
    public static final String CSV_HEADER = "setting,seeds,final_error_mean,final_error_std,median_of_last,"
            + "median_error_mean,median_error_std";
    /** Plot file name. */
    public static final String PLOT = "error-vs-tau.png";

    private static final ObjectMapper JSON = new ObjectMapper();

    private SweepSummary() {
    }

    /**
     * One finished run of a sweep.
     *
     * @param weighting {@code hard} or {@code smooth}
     * @param tau       τ
     * @param mu        µ (ignored for hard)
     * @param seed      seed
     * @param runDir    its folder (holding metrics.csv, evaluations.csv and config.json)
     * @param emaDecay  the EMA decay when the sweep varies it (it is then part of the setting), NaN otherwise
     */
    public record Run(String weighting, double tau, double mu, long seed, Path runDir, double emaDecay) {
        /**
         * A run of a sweep that does not vary the EMA decay.
         *
         * @param weighting {@code hard} or {@code smooth}
         * @param tau       τ
         * @param mu        µ (ignored for hard)
         * @param seed      seed
         * @param runDir    its folder
         */
        public Run(String weighting, double tau, double mu, long seed, Path runDir) {
            this(weighting, tau, mu, seed, runDir, Double.NaN);
        }

        /** @return the setting without the seed, e.g. {@code smooth tau=0.95 mu=1} or {@code hard tau=0.95 ema=0.99} */
        public String setting() {
            return ("hard".equals(weighting) ? String.format(Locale.ROOT, "hard tau=%s", RunPlots.fmt(tau))
                    : String.format(Locale.ROOT, "smooth tau=%s mu=%s", RunPlots.fmt(tau), RunPlots.fmt(mu)))
                    + emaSuffix(" ema=");
        }

        /** @return the plot line this run belongs to */
        String line() {
            return ("hard".equals(weighting) ? "FixMatch (hard)" : "Smooth FixMatch, mu = " + RunPlots.fmt(mu))
                    + emaSuffix(", EMA ");
        }

        private String emaSuffix(String prefix) {
            return Double.isNaN(emaDecay) ? "" : prefix + RunPlots.fmt(emaDecay);
        }
    }

    /**
     * Statistics of one setting.
     *
     * @param setting      the setting
     * @param n            number of seeds
     * @param mean         mean final error (the result), fraction
     * @param std          sample standard deviation (n − 1) of the final error, fraction; 0 for one seed
     * @param errors       each seed's final error, fraction
     * @param medianOf     how many last evaluations the runs' medians use (e.g. {@code 2}; {@code 2/5} if the runs
     *                     differ)
     * @param medianMean   mean over seeds of the median of the last evaluations, fraction
     * @param medianStd    its sample standard deviation, fraction
     * @param medianErrors each seed's median of the last evaluations, fraction
     */
    public record Row(String setting, int n, double mean, double std, double[] errors, String medianOf,
                      double medianMean, double medianStd, double[] medianErrors) {
    }

    /**
     * Reads every run's evaluations and config, writes summary.md, summary.csv and the plot into the sweep folder.
     * Each run's median uses its own {@code medianOfLast} from config.json ({@link RunReport#DEFAULT_MEDIAN_OF} if
     * the config has none).
     *
     * @param sweepDir the sweep folder
     * @param runs     the finished runs
     * @return the rows, in first-seen setting order
     * @throws IOException if a file cannot be read or written
     */
    public static List<Row> write(Path sweepDir, List<Run> runs) throws IOException {
        Map<String, List<double[]>> results = new LinkedHashMap<>();
        Map<String, java.util.Set<Integer>> medianOfs = new LinkedHashMap<>();
        Map<String, TreeMap<Double, List<Double>>> lines = new LinkedHashMap<>();
        for (Run r : runs) {
            int medianOf = medianOfLast(r.runDir());
            RunReport.Summary s = RunReport.Summary.of(MetricsTable.readRun(r.runDir()), medianOf);
            boolean teacher = !Double.isNaN(s.finalTeacherError());
            double fin = teacher ? s.finalTeacherError() : s.finalStudentError();
            double median = teacher ? s.medianTeacherError() : s.medianStudentError();
            results.computeIfAbsent(r.setting(), k -> new ArrayList<>()).add(new double[] {fin, median});
            medianOfs.computeIfAbsent(r.setting(), k -> new java.util.TreeSet<>()).add(medianOf);
            lines.computeIfAbsent(r.line(), k -> new TreeMap<>()).computeIfAbsent(r.tau(), k -> new ArrayList<>())
                    .add(fin);
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, List<double[]>> en : results.entrySet()) {
            double[] fin = en.getValue().stream().mapToDouble(v -> v[0]).toArray();
            double[] med = en.getValue().stream().mapToDouble(v -> v[1]).toArray();
            String medianOf = String.join("/", medianOfs.get(en.getKey()).stream().map(String::valueOf).toList());
            rows.add(new Row(en.getKey(), fin.length, mean(fin), std(fin), fin, medianOf, mean(med), std(med), med));
        }
        StringBuilder md = new StringBuilder("# Sweep summary\n\n");
        md.append("Test error in % of the EMA teacher. The result of a run is its **final evaluation**; the median of "
                + "the run's last k evaluations (k = its `medianOfLast`) is recorded next to it. Mean ± sample "
                + "standard deviation over seeds.\n\n");
        md.append("| setting | seeds | final error % mean ± std | k | median of last k evals, error % mean ± std "
                + "| final error % per seed |\n| --- | --- | --- | --- | --- | --- |\n");
        StringBuilder csv = new StringBuilder(CSV_HEADER).append('\n');
        for (Row r : rows) {
            StringBuilder per = new StringBuilder();
            for (double e : r.errors()) {
                per.append(per.length() == 0 ? "" : ", ").append(RunReport.pct(e));
            }
            md.append(String.format(Locale.ROOT, "| %s | %d | %s ± %s | %s | %s ± %s | %s |%n", r.setting(), r.n(),
                    RunReport.pct(r.mean()), RunReport.pct(r.std()), r.medianOf(), RunReport.pct(r.medianMean()),
                    RunReport.pct(r.medianStd()), per));
            csv.append(String.format(Locale.ROOT, "%s,%d,%.6f,%.6f,%s,%.6f,%.6f%n", r.setting(), r.n(), r.mean(),
                    r.std(), r.medianOf(), r.medianMean(), r.medianStd()));
        }
        Map<String, double[][]> curves = new LinkedHashMap<>();
        for (Map.Entry<String, TreeMap<Double, List<Double>>> en : lines.entrySet()) {
            double[][] xy = new double[2][en.getValue().size()];
            int i = 0;
            for (Map.Entry<Double, List<Double>> p : en.getValue().entrySet()) {
                xy[0][i] = p.getKey();
                xy[1][i] = 100 * mean(p.getValue().stream().mapToDouble(Double::doubleValue).toArray());
                i++;
            }
            curves.put(en.getKey(), xy);
        }
        RunPlots.lines("Final test error vs tau (mean over seeds)", "tau", "test error (%)", curves,
                sweepDir.resolve(PLOT));
        md.append("\n![error vs tau](").append(PLOT).append(")\n");
        Files.writeString(sweepDir.resolve(SUMMARY_MD), md.toString(), StandardCharsets.UTF_8);
        Files.writeString(sweepDir.resolve(SUMMARY_CSV), csv.toString(), StandardCharsets.UTF_8);
        return rows;
    }

    /**
     * @param runDir a run folder
     * @return the {@code medianOfLast} of its config.json, {@link RunReport#DEFAULT_MEDIAN_OF} if it has none
     * @throws IOException if config.json exists but cannot be read
     */
    static int medianOfLast(Path runDir) throws IOException {
        Path config = runDir.resolve(RunReport.CONFIG);
        if (!Files.isRegularFile(config)) {
            return RunReport.DEFAULT_MEDIAN_OF;
        }
        JsonNode k = JSON.readTree(config.toFile()).get("medianOfLast");
        return k != null && k.canConvertToInt() && k.asInt() >= 1 ? k.asInt() : RunReport.DEFAULT_MEDIAN_OF;
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    static double std(double[] v) {
        if (v.length < 2) {
            return 0;
        }
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (v.length - 1));
    }
}
