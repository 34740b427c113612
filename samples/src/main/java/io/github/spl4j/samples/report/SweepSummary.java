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

/**
 * The summary of a sweep: mean ± standard deviation over seeds of each setting's reported test error (the median of
 * the last evaluations of the EMA teacher), as {@code summary.md}, {@code summary.csv} and a plot of error against τ
 * with one line for the hard threshold and one per µ of the smooth ramp.
 */
public final class SweepSummary {
    /** Summary file name. */
    public static final String SUMMARY_MD = "summary.md";
    /** Summary CSV file name. */
    public static final String SUMMARY_CSV = "summary.csv";
    /** Plot file name. */
    public static final String PLOT = "error-vs-tau.png";

    private SweepSummary() {
    }

    /**
     * One finished run of a sweep.
     *
     * @param weighting {@code hard} or {@code smooth}
     * @param tau       τ
     * @param mu        µ (ignored for hard)
     * @param seed      seed
     * @param runDir    its folder (holding metrics.csv)
     */
    public record Run(String weighting, double tau, double mu, long seed, Path runDir) {
        /** @return the setting without the seed, e.g. {@code smooth tau=0.95 mu=1} */
        public String setting() {
            return "hard".equals(weighting) ? String.format(Locale.ROOT, "hard tau=%s", RunPlots.fmt(tau))
                    : String.format(Locale.ROOT, "smooth tau=%s mu=%s", RunPlots.fmt(tau), RunPlots.fmt(mu));
        }

        /** @return the plot line this run belongs to */
        String line() {
            return "hard".equals(weighting) ? "FixMatch (hard)" : "Smooth FixMatch, mu = " + RunPlots.fmt(mu);
        }
    }

    /**
     * Statistics of one setting.
     *
     * @param setting the setting
     * @param n       number of seeds
     * @param mean    mean error, fraction
     * @param std     sample standard deviation (n − 1), fraction; 0 for one seed
     * @param errors  each seed's error, fraction
     */
    public record Row(String setting, int n, double mean, double std, double[] errors) {
    }

    /**
     * Reads every run's metrics, writes summary.md, summary.csv and the plot into the sweep folder.
     *
     * @param sweepDir the sweep folder
     * @param runs     the finished runs
     * @param medianOf how many last evaluations each run's error is the median of
     * @return the rows, in first-seen setting order
     * @throws IOException if writing fails
     */
    public static List<Row> write(Path sweepDir, List<Run> runs, int medianOf) throws IOException {
        Map<String, List<Double>> errors = new LinkedHashMap<>();
        Map<String, TreeMap<Double, List<Double>>> lines = new LinkedHashMap<>();
        for (Run r : runs) {
            double e = RunReport.Summary.of(MetricsTable.readRun(r.runDir()), medianOf)
                    .headlineError();
            errors.computeIfAbsent(r.setting(), k -> new ArrayList<>()).add(e);
            lines.computeIfAbsent(r.line(), k -> new TreeMap<>()).computeIfAbsent(r.tau(), k -> new ArrayList<>())
                    .add(e);
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, List<Double>> en : errors.entrySet()) {
            double[] v = en.getValue().stream().mapToDouble(Double::doubleValue).toArray();
            rows.add(new Row(en.getKey(), v.length, mean(v), std(v), v));
        }
        StringBuilder md = new StringBuilder("# Sweep summary\n\n");
        md.append("Test error in % of the EMA teacher (each run: median of its last ").append(medianOf)
                .append(" evaluations); mean ± sample standard deviation over seeds.\n\n");
        md.append("| setting | seeds | error % mean ± std | per seed |\n| --- | --- | --- | --- |\n");
        StringBuilder csv = new StringBuilder("setting,seeds,mean_error,std_error\n");
        for (Row r : rows) {
            StringBuilder per = new StringBuilder();
            for (double e : r.errors()) {
                per.append(per.length() == 0 ? "" : ", ").append(RunReport.pct(e));
            }
            md.append(String.format(Locale.ROOT, "| %s | %d | %s ± %s | %s |%n", r.setting(), r.n(),
                    RunReport.pct(r.mean()), RunReport.pct(r.std()), per));
            csv.append(String.format(Locale.ROOT, "%s,%d,%.6f,%.6f%n", r.setting(), r.n(), r.mean(), r.std()));
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
        RunPlots.lines("Test error vs tau (mean over seeds)", "tau", "test error (%)", curves,
                sweepDir.resolve(PLOT));
        md.append("\n![error vs tau](").append(PLOT).append(")\n");
        Files.writeString(sweepDir.resolve(SUMMARY_MD), md.toString(), StandardCharsets.UTF_8);
        Files.writeString(sweepDir.resolve(SUMMARY_CSV), csv.toString(), StandardCharsets.UTF_8);
        return rows;
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
