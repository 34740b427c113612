package io.github.spl4j.samples.report;

import io.github.spl4j.samples.report.MetricsTable.Metric;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import io.github.spl4j.dl4j.train.FixMatchTrainer;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * Writes a run's {@code report.md} and PNG plots from the files of its run folder, so a finished, interrupted or
 * resumed run can be reported again at any time ({@code spl report RUN_DIR}).
 *
 * <p>Inputs: {@code config.json} (any JSON object: its leaves become the settings table; τ, µ and the weighting kind
 * are looked up by the field names {@code tau}, {@code mu} and {@code weighting}), {@code metrics.csv} (see
 * {@link MetricsTable}) and, if present, {@code confidences.csv} (one confidence per line, written at the end of a
 * run) for the histogram. The reported result follows FixMatch: the median test error of the last
 * {@code medianOf} evaluations, never the best one seen.
 */
public final class RunReport {
    /** Name of the report file. */
    public static final String REPORT = "report.md";
    /** Name of the config file. */
    public static final String CONFIG = "config.json";
    /** Name of the metrics file. */
    public static final String METRICS = "metrics.csv";
    /** Name of the confidences file (optional). */
    public static final String CONFIDENCES = "confidences.csv";
    /** Name of the per-class test errors file (written by the trainer for long-tailed splits; optional). */
    public static final String PER_CLASS = FixMatchTrainer.PER_CLASS_CSV;
    /** Default number of last evaluations whose median is reported. */
    public static final int DEFAULT_MEDIAN_OF = 5;
    /** τ used for the weighting plot when config.json has none. */
    public static final double FALLBACK_TAU = 0.95;
    /** µ used for the weighting plot when config.json has none. */
    public static final double FALLBACK_MU = 1.0;

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunReport() {
    }

    /**
     * The numbers a report states, computed from a metrics table.
     *
     * @param lastStep              largest step logged
     * @param evaluations           number of teacher (or, without a teacher, student) evaluations
     * @param finalTeacherError     last teacher error, fraction, NaN if none
     * @param medianTeacherError    median of the last {@code medianOf} teacher errors, NaN if none
     * @param finalStudentError     last student error, NaN if none
     * @param medianStudentError    median of the last {@code medianOf} student errors, NaN if none
     * @param medianOf              how many last evaluations the medians use
     * @param elapsedSeconds        last logged wall-clock seconds, else the sum of the logged step times (training
     *                              without evaluations), NaN if neither is logged
     */
    public record Summary(long lastStep, int evaluations, double finalTeacherError, double medianTeacherError,
                          double finalStudentError, double medianStudentError, int medianOf, double elapsedSeconds) {

        /**
         * @param metrics  a run's metrics
         * @param medianOf how many last evaluations the medians use, {@code >= 1}
         * @return the summary
         * @throws IllegalArgumentException if {@code medianOf < 1}
         */
        public static Summary of(MetricsTable metrics, int medianOf) {
            int evals = Math.max(metrics.series(Metric.TEACHER_ERROR)[0].length,
                    metrics.series(Metric.STUDENT_ERROR)[0].length);
            return new Summary(metrics.lastStep(), evals, metrics.last(Metric.TEACHER_ERROR),
                    metrics.medianOfLast(Metric.TEACHER_ERROR, medianOf), metrics.last(Metric.STUDENT_ERROR),
                    metrics.medianOfLast(Metric.STUDENT_ERROR, medianOf), medianOf, elapsed(metrics));
        }

        /** Last logged elapsed seconds, else the sum of the step times, else NaN. */
        private static double elapsed(MetricsTable metrics) {
            if (metrics.has(Metric.ELAPSED_SECONDS)) {
                return metrics.last(Metric.ELAPSED_SECONDS);
            }
            if (!metrics.has(Metric.STEP_SECONDS)) {
                return Double.NaN;
            }
            double sum = 0;
            for (double v : metrics.series(Metric.STEP_SECONDS)[1]) {
                sum += v;
            }
            return sum;
        }

        /** @return the headline number: the teacher's median error if there is one, else the student's */
        public double headlineError() {
            return Double.isNaN(medianTeacherError) ? medianStudentError : medianTeacherError;
        }
    }

    /**
     * Reads config.json and metrics.csv of a run folder, draws the plots and writes report.md.
     *
     * @param runDir   the run folder
     * @param medianOf how many last evaluations the reported medians use, {@code >= 1}
     * @return the summary written
     * @throws IOException if a file cannot be read or written
     * @throws IllegalArgumentException if metrics.csv is missing or malformed; the message names the file
     */
    public static Summary write(Path runDir, int medianOf) throws IOException {
        Path metricsFile = runDir.resolve(METRICS);
        if (!Files.isRegularFile(metricsFile)) {
            throw new IllegalArgumentException("run folder " + runDir + " must contain " + METRICS
                    + ", found none: is it a run folder of spl train?");
        }
        MetricsTable metrics = MetricsTable.readRun(runDir);
        JsonNode config = readConfig(runDir.resolve(CONFIG));
        Map<String, String> settings = flatten(config);
        double tau = number(config, "tau", FALLBACK_TAU);
        double mu = number(config, "mu", FALLBACK_MU);
        List<String> plots = new ArrayList<>();
        RunPlots.learningCurves(metrics, runDir.resolve(RunPlots.LEARNING_CURVES));
        plots.add(RunPlots.LEARNING_CURVES);
        RunPlots.maskRate(metrics, runDir.resolve(RunPlots.MASK_RATE));
        plots.add(RunPlots.MASK_RATE);
        RunPlots.weightingFunction(tau, mu, runDir.resolve(RunPlots.WEIGHTING));
        plots.add(RunPlots.WEIGHTING);
        double[] confidences = readConfidences(runDir.resolve(CONFIDENCES));
        if (confidences.length > 0) {
            RunPlots.confidenceHistogram(confidences, "final teacher, " + confidences.length + " unlabelled images",
                    tau, runDir.resolve(RunPlots.CONFIDENCE_HISTOGRAM));
            plots.add(RunPlots.CONFIDENCE_HISTOGRAM);
        }
        Summary summary = Summary.of(metrics, medianOf);
        String md = markdown(runDir, settings, summary, plots) + perClassSection(runDir.resolve(PER_CLASS));
        Path tmp = runDir.resolve(REPORT + ".tmp");
        Files.writeString(tmp, md, StandardCharsets.UTF_8);
        Files.move(tmp, runDir.resolve(REPORT), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return summary;
    }

    static String markdown(Path runDir, Map<String, String> settings, Summary s, List<String> plots) {
        StringBuilder sb = new StringBuilder();
        sb.append("# spl run report: ").append(runDir.toAbsolutePath().normalize().getFileName()).append("\n\n");
        sb.append("## Result\n\n");
        sb.append("Test error in %; the result is the median of the last ").append(s.medianOf())
                .append(" evaluations (as in FixMatch), never the best error seen.\n\n");
        sb.append("| model | final error % | median of last ").append(s.medianOf()).append(" evals, error % |\n");
        sb.append("| --- | --- | --- |\n");
        sb.append("| teacher (EMA) | ").append(pct(s.finalTeacherError())).append(" | ")
                .append(pct(s.medianTeacherError())).append(" |\n");
        sb.append("| student | ").append(pct(s.finalStudentError())).append(" | ")
                .append(pct(s.medianStudentError())).append(" |\n\n");
        sb.append("- steps: ").append(s.lastStep()).append('\n');
        sb.append("- evaluations: ").append(s.evaluations()).append('\n');
        sb.append("- time (training steps): ").append(Double.isNaN(s.elapsedSeconds()) ? "not logged"
                : String.format(Locale.ROOT, "%.1f s", s.elapsedSeconds())).append("\n\n");
        sb.append("## Settings\n\n| setting | value |\n| --- | --- |\n");
        for (Map.Entry<String, String> e : settings.entrySet()) {
            sb.append("| ").append(e.getKey()).append(" | ").append(e.getValue().replace("|", "\\|")).append(" |\n");
        }
        sb.append("\n## Plots\n\n");
        for (String p : plots) {
            sb.append("![").append(p).append("](").append(p).append(")\n\n");
        }
        return sb.toString();
    }

    /**
     * The per-class test errors of the last evaluation in the trainer's per-class file, as a markdown section: with a
     * long-tailed split, what matters is how the tail classes fare.
     *
     * @param file the per-class CSV ({@value #PER_CLASS})
     * @return the section, or an empty string if the file does not exist or holds no rows
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if a row is malformed; the message names the file
     */
    static String perClassSection(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return "";
        }
        List<String[]> last = new ArrayList<>();
        long lastStep = -1;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.equals(FixMatchTrainer.PER_CLASS_HEADER)) {
                continue;
            }
            String[] c = line.split(",");
            long step;
            try {
                if (c.length != 7) {
                    throw new NumberFormatException("7 columns expected");
                }
                step = Long.parseLong(c[0]);
                Double.parseDouble(c[5]);
                Double.parseDouble(c[6]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + " must have rows " + FixMatchTrainer.PER_CLASS_HEADER
                        + ", found: " + line, e);
            }
            if (step > lastStep) {
                last.clear();
                lastStep = step;
            }
            last.add(c);
        }
        if (last.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("## Per-class test error\n\n");
        sb.append("Long-tailed split: test error in % of each class at the last evaluation (step ").append(lastStep)
                .append("), with the class's labelled and unlabelled training images.\n\n");
        sb.append("| class | name | labelled | unlabelled | teacher error % | student error % |\n");
        sb.append("| --- | --- | --- | --- | --- | --- |\n");
        for (String[] c : last) {
            sb.append("| ").append(c[1]).append(" | ").append(c[2].replace("|", "\\|")).append(" | ").append(c[3])
                    .append(" | ").append(c[4]).append(" | ").append(pct(Double.parseDouble(c[5]))).append(" | ")
                    .append(pct(Double.parseDouble(c[6]))).append(" |\n");
        }
        return sb.append('\n').toString();
    }

    /**
     * @param fraction an error as a fraction
     * @return it in percent with two decimals, or {@code n/a} for NaN
     */
    public static String pct(double fraction) {
        return Double.isNaN(fraction) ? "n/a" : String.format(Locale.ROOT, "%.2f", 100 * fraction);
    }

    static JsonNode readConfig(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("config file " + file + " must be JSON: " + e.getMessage(), e);
        }
    }

    /**
     * @param node a JSON tree
     * @return its leaves as dotted path → text, in document order
     */
    static Map<String, String> flatten(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        flatten("", node, out);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (node.isArray() && node.size() > 0 && node.get(0).isContainerNode()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(prefix + "[" + i + "]", node.get(i), out);
            }
        } else {
            out.put(prefix, node.isTextual() ? node.asText() : node.toString());
        }
    }

    /**
     * Finds the first numeric field of a name anywhere in a JSON tree (depth first, document order).
     *
     * @param node     the tree
     * @param name     field name
     * @param fallback value if there is none
     * @return the number
     */
    static double number(JsonNode node, String name, double fallback) {
        JsonNode found = node.findValue(name);
        return found != null && found.isNumber() ? found.asDouble() : fallback;
    }

    static double[] readConfidences(Path file) {
        if (!Files.isRegularFile(file)) {
            return new double[0];
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::trim)
                    .filter(l -> !l.isEmpty() && !l.startsWith("c")).mapToDouble(Double::parseDouble).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
