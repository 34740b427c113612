package io.github.spl4j.samples.report;

import io.github.spl4j.samples.report.MetricsTable.Metric;
import io.github.spl4j.samples.report.StudySetting.Method;
import io.github.spl4j.samples.report.StudyStats.SettingStats;
import io.github.spl4j.samples.report.StudyStats.Spread;
import io.github.spl4j.samples.report.StudyStats.Summary;
import io.github.spl4j.samples.report.StudyStats.TauCurve;
import io.github.spl4j.samples.report.StudyStats.TauPoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The report of a whole study ({@code spl study-report}): reads every run folder under a study root (see
 * {@link Study}), counts only finished runs, and writes into an output folder
 * <ul>
 *   <li>{@value #TABLES}: docs-ready Markdown — mean ± sample std / min / max / n of the final test error per
 *   setting, the spread across settings per method, error vs τ, every run, and the runs in progress (not counted);</li>
 *   <li>{@value #RUNS_CSV}: one line per finished run;</li>
 *   <li>PNG plots: per-seed scatter ({@value #SCATTER}), error vs τ with error bars ({@value #ERROR_VS_TAU}), and per
 *   sweep the teacher's test error vs step ({@code learning-curves-<sweep>.png}) and the mean weight / fraction
 *   weighted over training ({@code mask-rate-<sweep>.png}), each averaged over seeds.</li>
 * </ul>
 * Settings (method, τ, µ, sampling, unlabelled ratio, EMA …) come from each run's config.json. Every file is written
 * atomically (temporary file, then rename), so a reader never sees half a table.
 */
public final class StudyReport {
    /** Markdown file name. */
    public static final String TABLES = "tables.md";
    /** Per-run CSV file name. */
    public static final String RUNS_CSV = "runs.csv";
    /** Per-seed scatter plot file name. */
    public static final String SCATTER = "scatter-final-error.png";
    /** Error-vs-τ plot file name. */
    public static final String ERROR_VS_TAU = "error-vs-tau.png";
    /** Prefix of the per-sweep learning-curve plots. */
    public static final String LEARNING_CURVES_PREFIX = "learning-curves-";
    /** Prefix of the per-sweep mask-rate plots. */
    public static final String MASK_RATE_PREFIX = "mask-rate-";
    /** Default study root. */
    public static final String DEFAULT_ROOT = "runs/study";
    /** Default output folder. */
    public static final String DEFAULT_OUT = "docs/study";

    private static final Logger LOG = LoggerFactory.getLogger(StudyReport.class);
    private static final String PNG = ".png";
    private static final double PERCENT = 100;
    /** runs.csv keeps 8 decimals (the evaluations have 4-6). */
    private static final double CSV_SCALE = 1e8;

    private StudyReport() {
    }

    /**
     * Options of a study report.
     *
     * @param medianOf     how many last evaluations the median error uses, {@code >= 0}; 0 takes each run's
     *                     config.json {@code medianOfLast}
     * @param smoothWindow moving-average window of the mask-rate curves, in logged steps, {@code >= 1}
     * @param width        plot width, pixels, {@code >=} {@value StudyPlots#MIN_WIDTH}
     * @param height       plot height, pixels, {@code >=} {@value StudyPlots#MIN_HEIGHT}
     */
    public record Options(int medianOf, int smoothWindow, int width, int height) {
        /** Default {@link #medianOf}: from each run's config. */
        public static final int DEFAULT_MEDIAN_OF = 0;
        /** Default {@link #smoothWindow}, steps. */
        public static final int DEFAULT_SMOOTH_WINDOW = 50;
        /** Default {@link #width}, pixels. */
        public static final int DEFAULT_WIDTH = RunPlots.WIDTH;
        /** Default {@link #height}, pixels. */
        public static final int DEFAULT_HEIGHT = RunPlots.HEIGHT;

        /** @throws IllegalArgumentException if a value is out of range; the message names it */
        public Options {
            if (medianOf < 0) {
                throw new IllegalArgumentException("medianOf must be >= 0 (0: from each run's config.json), found "
                        + medianOf);
            }
            if (smoothWindow < 1) {
                throw new IllegalArgumentException("smoothWindow must be >= 1 steps, found " + smoothWindow);
            }
            if (width < StudyPlots.MIN_WIDTH) {
                throw new IllegalArgumentException("width must be >= " + StudyPlots.MIN_WIDTH + " pixels, found "
                        + width);
            }
            if (height < StudyPlots.MIN_HEIGHT) {
                throw new IllegalArgumentException("height must be >= " + StudyPlots.MIN_HEIGHT + " pixels, found "
                        + height);
            }
        }

        /** @return the defaults */
        public static Options defaults() {
            return new Options(DEFAULT_MEDIAN_OF, DEFAULT_SMOOTH_WINDOW, DEFAULT_WIDTH, DEFAULT_HEIGHT);
        }
    }

    /**
     * What a report wrote.
     *
     * @param study the runs read
     * @param files the files written, Markdown first
     */
    public record Result(Study study, List<Path> files) {
        /** Copies the list. */
        public Result {
            Objects.requireNonNull(study, "study");
            files = List.copyOf(files);
        }
    }

    /**
     * Reads a study root and writes the tables and plots into {@code out}.
     *
     * @param root    the study root ({@code <root>/<sweep>/<run>/})
     * @param out     the output folder (created if needed)
     * @param options the options
     * @return what was written
     * @throws IllegalArgumentException if root is missing or holds no run folder, or a finished run's metrics.csv
     *                                  is malformed; the message names the folder or file
     * @throws IOException              if a file cannot be written
     */
    public static Result write(Path root, Path out, Options options) throws IOException {
        Study study = Study.scan(root, options.medianOf());
        Files.createDirectories(out);
        List<StudyRun> runs = study.finished();
        Map<String, String> base = StudySetting.base(runs.stream().map(StudyRun::setting).toList());
        Map<StudyRun, String> labels = labels(runs, base);
        List<Path> files = new ArrayList<>();
        Path tables = out.resolve(TABLES);
        files.add(tables);
        files.add(out.resolve(RUNS_CSV));
        List<String> plots = new ArrayList<>();
        List<String> sweepPlots = new ArrayList<>();
        if (!runs.isEmpty()) {
            files.add(scatter(runs, labels, out.resolve(SCATTER), options));
            plots.add(SCATTER);
            List<TauCurve> curves = StudyStats.tauCurves(runs);
            if (!curves.isEmpty()) {
                files.add(errorVsTau(curves, base, out.resolve(ERROR_VS_TAU), options));
                plots.add(ERROR_VS_TAU);
            }
            for (String sweep : new LinkedHashSet<>(runs.stream().map(StudyRun::sweep).toList())) {
                List<SettingStats> settings = StudyStats.bySetting(runs.stream()
                        .filter(r -> r.sweep().equals(sweep)).toList());
                String lc = LEARNING_CURVES_PREFIX + fileName(sweep) + PNG;
                files.add(learningCurves(sweep, settings, labels, out.resolve(lc), options));
                sweepPlots.add(lc);
                String mr = MASK_RATE_PREFIX + fileName(sweep) + PNG;
                Path mask = maskRate(sweep, settings, labels, out.resolve(mr), options);
                if (mask != null) {
                    files.add(mask);
                    sweepPlots.add(mr);
                }
            }
        }
        writeAtomically(out.resolve(RUNS_CSV), runsCsv(runs));
        writeAtomically(tables, markdown(study, root, out, base, labels, plots, sweepPlots));
        LOG.info("study report: {} finished runs, {} in progress, {} files in {}", runs.size(),
                study.inProgress().size(), files.size(), out);
        return new Result(study, files);
    }

    /** Each run's setting label, with the sweep appended where two sweeps share a label for different settings. */
    static Map<StudyRun, String> labels(List<StudyRun> runs, Map<String, String> base) {
        Map<String, Set<List<Object>>> owners = new HashMap<>();
        for (StudyRun r : runs) {
            owners.computeIfAbsent(r.setting().label(base), k -> new LinkedHashSet<>())
                    .add(List.of(r.sweep(), r.setting()));
        }
        Map<StudyRun, String> out = new LinkedHashMap<>();
        for (StudyRun r : runs) {
            String l = r.setting().label(base);
            out.put(r, owners.get(l).size() > 1 ? l + " [" + r.sweep() + "]" : l);
        }
        return out;
    }

    private static Path scatter(List<StudyRun> runs, Map<StudyRun, String> labels, Path out, Options o)
            throws IOException {
        List<StudyPlots.Category> cats = new ArrayList<>();
        TreeMap<Long, String> seeds = new TreeMap<>();
        runs.forEach(r -> seeds.put(r.seed(), "seed " + r.seed()));
        for (SettingStats s : StudyStats.bySetting(runs)) {
            Map<String, Double> points = new LinkedHashMap<>();
            for (Map.Entry<Long, String> seed : seeds.entrySet()) {
                s.runs().stream().filter(r -> r.seed() == seed.getKey()).findFirst()
                        .ifPresent(r -> points.put(seed.getValue(), PERCENT * r.finalTeacherError()));
            }
            cats.add(new StudyPlots.Category(labels.get(s.runs().get(0)), points));
        }
        return StudyPlots.scatter("Final test error of the EMA teacher per setting (circles: seeds, bar: mean)",
                "test error (%)", cats, out, o.width(), o.height());
    }

    private static Path errorVsTau(List<TauCurve> curves, Map<String, String> base, Path out, Options o)
            throws IOException {
        List<StudyPlots.Curve> lines = new ArrayList<>();
        for (TauCurve c : curves) {
            int n = c.points().size();
            double[] x = new double[n];
            double[] m = new double[n];
            double[] sd = new double[n];
            for (int i = 0; i < n; i++) {
                Summary s = c.points().get(i).setting().finalTeacher();
                x[i] = c.points().get(i).tau();
                m[i] = PERCENT * s.mean();
                sd[i] = PERCENT * s.std();
            }
            lines.add(new StudyPlots.Curve(c.label(base), x, m, sd, c.method() == Method.SMOOTH));
        }
        return StudyPlots.errorBars("Final test error of the EMA teacher vs tau (mean ± std over seeds)", "tau",
                "test error (%)", lines, out, o.width(), o.height());
    }

    private static Path learningCurves(String sweep, List<SettingStats> settings, Map<StudyRun, String> labels,
                                       Path out, Options o) throws IOException {
        List<StudyPlots.Curve> lines = new ArrayList<>();
        for (SettingStats s : settings) {
            List<double[][]> per = new ArrayList<>();
            for (StudyRun r : s.runs()) {
                per.add(new double[][] {r.evalSteps(), r.teacherErrors()});
            }
            double[][] m = StudyStats.meanOverRuns(per);
            lines.add(new StudyPlots.Curve(labels.get(s.runs().get(0)) + " (n=" + s.runs().size() + ")", m[0],
                    scale(m[1]), scale(m[2]), s.setting().method() == Method.SMOOTH));
        }
        return StudyPlots.errorBars("Test error of the EMA teacher vs step, mean ± std over seeds: " + sweep, "step",
                "test error (%)", lines, out, o.width(), o.height());
    }

    /** @return the plot, or null if no run of the sweep uses unlabelled images or has metrics.csv */
    private static Path maskRate(String sweep, List<SettingStats> settings, Map<StudyRun, String> labels, Path out,
                                 Options o) throws IOException {
        List<StudyPlots.Curve> weight = new ArrayList<>();
        List<StudyPlots.Curve> fraction = new ArrayList<>();
        for (SettingStats s : settings) {
            if (s.setting().method() == Method.SUPERVISED) {
                continue;
            }
            List<double[][]> w = new ArrayList<>();
            List<double[][]> f = new ArrayList<>();
            for (StudyRun r : s.runs()) {
                if (!Files.isRegularFile(r.dir().resolve(RunReport.METRICS))) {
                    LOG.warn("{}: no {}, left out of the mask-rate plot", r.dir(), RunReport.METRICS);
                    continue;
                }
                MetricsTable t = MetricsTable.readRun(r.dir());
                w.add(t.series(Metric.MEAN_WEIGHT));
                f.add(t.series(Metric.FRACTION_WEIGHTED));
            }
            if (w.isEmpty()) {
                continue;
            }
            String label = labels.get(s.runs().get(0)) + " (n=" + w.size() + ")";
            double[][] mw = StudyStats.meanOverRuns(w);
            double[][] mf = StudyStats.meanOverRuns(f);
            boolean dashed = s.setting().method() == Method.SMOOTH;
            weight.add(smoothed(label, mw, o.smoothWindow(), dashed));
            fraction.add(smoothed(label, mf, o.smoothWindow(), dashed));
        }
        if (weight.isEmpty()) {
            return null;
        }
        return StudyPlots.twoPanels("Mean weight (mask rate) and fraction with w > 0, mean over seeds, moving average "
                        + "of " + o.smoothWindow() + " steps: " + sweep, "step",
                new StudyPlots.Panel("mean weight", weight), new StudyPlots.Panel("fraction with w > 0", fraction),
                out, o.width(), o.height());
    }

    private static StudyPlots.Curve smoothed(String label, double[][] mean, int window, boolean dashed) {
        double[] nan = new double[mean[0].length];
        Arrays.fill(nan, Double.NaN);
        return new StudyPlots.Curve(label, mean[0], StudyStats.movingAverage(mean[1], window), nan, dashed);
    }

    private static double[] scale(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = PERCENT * v[i];
        }
        return out;
    }

    /** @return the sweep name as a file-name part: characters other than letters, digits, . _ - become - */
    static String fileName(String sweep) {
        return sweep.replaceAll("[^A-Za-z0-9._-]", "-");
    }

    static String runsCsv(List<StudyRun> runs) {
        List<String> fields = new ArrayList<>(StudySetting.CONTEXT_FIELDS.keySet());
        StringBuilder sb = new StringBuilder("sweep,run,method,tau,mu");
        for (String f : fields) {
            sb.append(',').append(f);
        }
        sb.append(",seed,teacher_error_final,teacher_error_median,median_of,student_error_final\n");
        for (StudyRun r : runs) {
            StudySetting s = r.setting();
            sb.append(csv(r.sweep())).append(',').append(csv(r.name())).append(',').append(s.method().shortName())
                    .append(',').append(num(s.tau())).append(',').append(num(s.mu()));
            for (String f : fields) {
                String v = s.context().get(StudySetting.CONTEXT_FIELDS.get(f));
                sb.append(',').append(v == null ? "" : csv(v));
            }
            sb.append(String.format(Locale.ROOT, ",%d,%s,%s,%d,%s%n", r.seed(), num(r.finalTeacherError()),
                    num(r.medianTeacherError()), r.medianOf(), num(r.finalStudentError())));
        }
        return sb.toString();
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : StudySetting.fmt(Math.round(v * CSV_SCALE) / CSV_SCALE);
    }

    private static String csv(String v) {
        return v.contains(",") || v.contains("\"") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }

    static String markdown(Study study, Path root, Path out, Map<String, String> base, Map<StudyRun, String> labels,
                           List<String> plots, List<String> sweepPlots) {
        List<StudyRun> runs = study.finished();
        StringBuilder sb = new StringBuilder("# Study tables\n\n");
        sb.append("<!-- written by spl study-report; edits are overwritten -->\n\n");
        Set<String> sweeps = new TreeSet<>();
        runs.forEach(r -> sweeps.add(r.sweep()));
        sb.append(String.format(Locale.ROOT, "Written by `spl study-report %s --out %s` from **%s** in %s; %s in "
                + "progress (listed at the end, not counted).%n%n", root, out, count(runs.size(), "finished run"),
                count(sweeps.size(), "sweep"), count(study.inProgress().size(), "run folder")));
        String medianHeader = medianHeader(runs);
        sb.append("Errors are test errors in %. A run's result is the EMA teacher's error at its final evaluation (at "
                + "K steps); the ").append(medianHeader).append(" is recorded too. Mean ± std is over seeds, std is "
                + "the sample standard deviation (n − 1), n/a for one seed. Settings come from each run's config.json;"
                + " a setting's name gives its method, tau and mu and only the other fields that differ from the most "
                + "common values:");
        List<String> baseParts = new ArrayList<>();
        base.forEach((k, v) -> baseParts.add(StudySetting.SAMPLING.equals(k) ? "sampling " + v : k + " " + v));
        sb.append(' ').append(String.join(", ", baseParts)).append(".\n\n");

        sb.append("## Per setting\n\n");
        sb.append("| sweep | setting | n | teacher final %: mean ± std | min | max | teacher ").append(medianHeader)
                .append(" %: mean ± std | student final %: mean ± std |\n");
        sb.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (SettingStats s : StudyStats.bySetting(runs)) {
            Summary t = s.finalTeacher();
            sb.append("| ").append(s.sweep()).append(" | ").append(labels.get(s.runs().get(0))).append(" | ")
                    .append(s.runs().size()).append(" | ").append(meanStd(t)).append(" | ").append(pct(t.min()))
                    .append(" | ").append(pct(t.max())).append(" | ").append(meanStd(s.medianTeacher())).append(" | ")
                    .append(meanStd(s.finalStudent())).append(" |\n");
        }
        if (runs.isEmpty()) {
            sb.append("\nNo finished runs yet.\n");
        }

        sb.append("\n## Spread across settings, per method\n\n");
        sb.append("Settings of one method whose other fields are equal, so they differ only in tau or mu (runs merged "
                + "over sweeps). Range: highest minus lowest setting mean, in points; std: sample standard deviation "
                + "of the setting means.\n\n");
        sb.append("| method | other settings | settings | runs | lowest mean % (setting) | highest mean % (setting) | "
                + "range, points | std of setting means, points |\n");
        sb.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (Spread sp : StudyStats.spreads(runs)) {
            String ctx = StudySetting.contextLabel(sp.context(), base);
            sb.append("| ").append(sp.method().title()).append(" | ").append(ctx.isEmpty() ? "most common" : ctx)
                    .append(" | ").append(sp.settings().size()).append(" | ").append(sp.runs()).append(" | ")
                    .append(pct(sp.best().finalTeacher().mean())).append(" (")
                    .append(sp.best().setting().methodLabel()).append(") | ")
                    .append(pct(sp.worst().finalTeacher().mean())).append(" (")
                    .append(sp.worst().setting().methodLabel()).append(") | ")
                    .append(pct(sp.means().max() - sp.means().min())).append(" | ").append(pct(sp.means().std()))
                    .append(" |\n");
        }

        sb.append("\n## Error vs tau\n\n");
        List<TauCurve> curves = StudyStats.tauCurves(runs);
        if (curves.isEmpty()) {
            sb.append("No method has finished runs at two or more tau with otherwise equal settings yet.\n");
        } else {
            sb.append("Runs of one method (and mu) with otherwise equal settings, merged over sweeps.\n\n");
            sb.append("| line | tau | n | teacher final %: mean ± std | sweeps |\n| --- | --- | --- | --- | --- |\n");
            for (TauCurve c : curves) {
                for (TauPoint p : c.points()) {
                    sb.append("| ").append(c.label(base)).append(" | ").append(StudySetting.fmt(p.tau())).append(" | ")
                            .append(p.setting().runs().size()).append(" | ").append(meanStd(p.setting().finalTeacher()))
                            .append(" | ").append(p.setting().sweep()).append(" |\n");
                }
            }
            sb.append("\n![error vs tau](").append(ERROR_VS_TAU).append(")\n");
        }

        if (plots.contains(SCATTER)) {
            sb.append("\n## Per-seed results\n\n![final error per seed](").append(SCATTER).append(")\n");
        }
        if (!sweepPlots.isEmpty()) {
            sb.append("\n## Over training, per sweep (mean over seeds)\n\n");
            for (String sweep : new LinkedHashSet<>(runs.stream().map(StudyRun::sweep).toList())) {
                sb.append("### ").append(sweep).append("\n\n");
                for (String prefix : List.of(LEARNING_CURVES_PREFIX, MASK_RATE_PREFIX)) {
                    String f = prefix + fileName(sweep) + PNG;
                    if (sweepPlots.contains(f)) {
                        sb.append("![").append(prefix.replace("-", " ").trim()).append(' ').append(sweep).append("](")
                                .append(f).append(")\n\n");
                    }
                }
            }
        }

        sb.append("\n## Per run\n\n");
        sb.append("| sweep | setting | seed | teacher final % | teacher ").append(medianHeader)
                .append(" % | student final % |\n| --- | --- | --- | --- | --- | --- |\n");
        boolean oneK = runs.stream().mapToInt(StudyRun::medianOf).distinct().count() <= 1;
        for (StudyRun r : runs) {
            sb.append("| ").append(r.sweep()).append(" | ").append(labels.get(r)).append(" | ").append(r.seed())
                    .append(" | ").append(pct(r.finalTeacherError())).append(" | ").append(pct(r.medianTeacherError()))
                    .append(oneK ? "" : " (of " + r.medianOf() + ")").append(" | ").append(pct(r.finalStudentError()))
                    .append(" |\n");
        }

        sb.append("\n## In progress (not counted)\n\n");
        if (study.inProgress().isEmpty()) {
            sb.append("None.\n");
        } else {
            sb.append("| sweep | run folder | status |\n| --- | --- | --- |\n");
            for (Study.InProgress p : study.inProgress()) {
                sb.append("| ").append(p.sweep()).append(" | ").append(p.name()).append(" | ")
                        .append(p.status().replace("|", "\\|").replace("\n", " ")).append(" |\n");
            }
        }
        return sb.toString();
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String medianHeader(List<StudyRun> runs) {
        List<Integer> ks = runs.stream().map(StudyRun::medianOf).distinct().toList();
        return ks.size() == 1 ? "median of last " + ks.get(0) : "median of last evaluations";
    }

    private static String meanStd(Summary s) {
        return pct(s.mean()) + " ± " + pct(s.std());
    }

    private static String pct(double fraction) {
        return RunReport.pct(fraction);
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
