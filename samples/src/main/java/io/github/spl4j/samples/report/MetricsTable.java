package io.github.spl4j.samples.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run's {@code metrics.csv} read into memory: one row per logged step, one numeric column per metric, empty cells
 * (metrics not logged at that step, e.g. test errors between evaluations) as {@link Double#NaN}.
 *
 * <p>Columns are found by {@link Metric}, whose aliases accept the spellings the trainer's metrics listener may use
 * ({@code mean_weight}, {@code meanWeight}, {@code mask_rate} …): a header name is matched after lower-casing and
 * dropping {@code _}, {@code -} and spaces. Errors are fractions in [0, 1].
 */
public final class MetricsTable {

    /** The metrics the app plots and reports, each with the header spellings it accepts. */
    public enum Metric {
        /** Training step (1-based count of optimiser steps done). */
        STEP("step", "iteration", "iter"),
        /** Total loss L = Ls + λu·Lu. */
        LOSS("loss", "totalloss", "score"),
        /** Supervised loss Ls. */
        LS("ls", "supervisedloss", "losssupervised", "losss"),
        /** Unsupervised loss Lu. */
        LU("lu", "unsupervisedloss", "lossunsupervised", "lossu"),
        /** Mean weight over the unlabelled images (FixMatch's mask rate). */
        MEAN_WEIGHT("meanweight", "maskrate", "mask"),
        /** Fraction of unlabelled images with w &gt; 0. */
        FRACTION_WEIGHTED("fractionweighted", "fractionpositive", "weightedfraction"),
        /** Mean confidence of the pseudo-labels. */
        MEAN_CONFIDENCE("meanconfidence", "confidence"),
        /** Learning rate. */
        LR("lr", "learningrate"),
        /** Test error of the EMA teacher, fraction in [0, 1]. */
        TEACHER_ERROR("teachererror", "emaerror", "testerrorteacher", "errorteacher", "teachertesterror"),
        /** Test error of the student, fraction in [0, 1]. */
        STUDENT_ERROR("studenterror", "testerrorstudent", "errorstudent", "studenttesterror"),
        /** Wall-clock seconds since the run started. */
        ELAPSED_SECONDS("elapsedseconds", "elapseds", "wallseconds", "seconds", "time"),
        /** Seconds the step took. */
        STEP_SECONDS("stepseconds", "steptime");

        private final List<String> aliases;

        Metric(String... aliases) {
            this.aliases = List.of(aliases);
        }

        /** @return the normalised header names this metric accepts, the preferred one first */
        public List<String> aliases() {
            return aliases;
        }
    }

    private final List<String> header;
    private final double[][] columns;
    private final Map<Metric, Integer> index;

    private MetricsTable(List<String> header, double[][] columns) {
        this.header = List.copyOf(header);
        this.columns = columns;
        this.index = new LinkedHashMap<>();
        for (Metric m : Metric.values()) {
            for (int c = 0; c < header.size() && !index.containsKey(m); c++) {
                if (m.aliases().contains(normalise(header.get(c)))) {
                    index.put(m, c);
                }
            }
        }
    }

    /**
     * Reads a metrics CSV (comma-separated, one header line, numeric cells, empty cells allowed).
     *
     * @param file the CSV file
     * @return the table
     * @throws UncheckedIOException if the file cannot be read
     * @throws IllegalArgumentException if the file is empty, has no step column, or a cell is not a number; the
     *                                  message names the file, line and column
     */
    public static MetricsTable read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read metrics file " + file + ": " + e.getMessage(), e);
        }
        return parse(lines, file.toString());
    }

    /** File of the trainer's evaluations (step, teacher_error, student_error), next to metrics.csv. */
    public static final String EVALUATIONS = "evaluations.csv";

    /**
     * Reads a run folder's {@code metrics.csv} and, if present, joins {@value #EVALUATIONS} into it by step (the
     * trainer logs test errors there, one row per evaluation). Steps are steps done (1-based): a metrics file that
     * counts iterations from 0, as the trainer's does, is shifted by one. A folder kept without its per-step
     * {@code metrics.csv} (the study's archived runs in docs/study) gives its evaluations alone.
     *
     * @param runDir the run folder
     * @return the table
     * @throws UncheckedIOException if a file cannot be read
     * @throws IllegalArgumentException if a file is malformed
     */
    public static MetricsTable readRun(Path runDir) {
        Path csv = runDir.resolve("metrics.csv");
        Path evals = runDir.resolve(EVALUATIONS);
        if (!Files.exists(csv) && Files.isRegularFile(evals)) {
            return read(evals);
        }
        MetricsTable metrics = read(csv);
        if (metrics.rows() > 0 && metrics.column(Metric.STEP)[0] == 0) {
            // the trainer's metrics.csv counts DL4J iterations from 0; evaluations.csv counts steps done
            metrics = metrics.shiftSteps(1);
        }
        return Files.isRegularFile(evals) ? metrics.join(read(evals)) : metrics;
    }

    /**
     * @param delta added to every step
     * @return a copy with shifted steps
     */
    public MetricsTable shiftSteps(long delta) {
        double[][] cols = new double[columns.length][];
        int stepColumn = index.get(Metric.STEP);
        for (int c = 0; c < columns.length; c++) {
            cols[c] = columns[c].clone();
            if (c == stepColumn) {
                for (int r = 0; r < cols[c].length; r++) {
                    cols[c][r] += delta;
                }
            }
        }
        return new MetricsTable(header, cols);
    }

    /**
     * Adds the columns of another table (matched by step) that this one does not have.
     *
     * @param other a table with a step column
     * @return a new table: this table's rows, with the other's values at equal steps and NaN elsewhere
     */
    public MetricsTable join(MetricsTable other) {
        List<String> h = new ArrayList<>(header);
        List<double[]> cols = new ArrayList<>(Arrays.asList(columns));
        double[] steps = column(Metric.STEP);
        double[] otherSteps = other.column(Metric.STEP);
        Map<Double, Integer> rowOf = new java.util.HashMap<>();
        for (int r = 0; r < steps.length; r++) {
            rowOf.put(steps[r], r);
        }
        for (int c = 0; c < other.header.size(); c++) {
            if (Integer.valueOf(c).equals(other.index.get(Metric.STEP)) || header.contains(other.header.get(c))) {
                continue;
            }
            double[] col = new double[rows()];
            Arrays.fill(col, Double.NaN);
            for (int r = 0; r < otherSteps.length; r++) {
                Integer row = rowOf.get(otherSteps[r]);
                if (row != null) {
                    col[row] = other.columns[c][r];
                }
            }
            h.add(other.header.get(c));
            cols.add(col);
        }
        return new MetricsTable(h, cols.toArray(new double[0][]));
    }

    /**
     * Parses CSV lines.
     *
     * @param lines  the lines, header first; blank lines are skipped
     * @param source name of the source for error messages
     * @return the table
     * @throws IllegalArgumentException as {@link #read(Path)}
     */
    public static MetricsTable parse(List<String> lines, String source) {
        List<String> content = new ArrayList<>();
        for (String line : lines) {
            if (!line.isBlank()) {
                content.add(line);
            }
        }
        if (content.isEmpty()) {
            throw new IllegalArgumentException("metrics file " + source + " is empty, expected a header line");
        }
        List<String> header = new ArrayList<>();
        for (String h : content.get(0).split(",", -1)) {
            header.add(h.trim());
        }
        double[][] cols = new double[header.size()][content.size() - 1];
        for (int r = 1; r < content.size(); r++) {
            String[] cells = content.get(r).split(",", -1);
            if (cells.length != header.size()) {
                throw new IllegalArgumentException("metrics file " + source + " line " + (r + 1) + " has "
                        + cells.length + " cells, expected " + header.size() + " like the header");
            }
            for (int c = 0; c < cells.length; c++) {
                String cell = cells[c].trim();
                try {
                    cols[c][r - 1] = cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("metrics file " + source + " line " + (r + 1) + " column "
                            + header.get(c) + " must be a number or empty, found '" + cell + "'", e);
                }
            }
        }
        MetricsTable table = new MetricsTable(header, cols);
        if (!table.has(Metric.STEP)) {
            throw new IllegalArgumentException("metrics file " + source + " must have a step column, found columns "
                    + header);
        }
        return table;
    }

    private static String normalise(String name) {
        return name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "").replace(" ", "");
    }

    /** @return the header names, in file order */
    public List<String> header() {
        return header;
    }

    /** @return the number of data rows */
    public int rows() {
        return columns.length == 0 ? 0 : columns[0].length;
    }

    /** @param metric a metric @return true if the file has a column for it */
    public boolean has(Metric metric) {
        return index.containsKey(metric);
    }

    /**
     * @param metric a metric
     * @return a copy of its column, NaN where empty; an array of NaN if the file has no such column
     */
    public double[] column(Metric metric) {
        Integer c = index.get(metric);
        if (c == null) {
            double[] nan = new double[rows()];
            Arrays.fill(nan, Double.NaN);
            return nan;
        }
        return columns[c].clone();
    }

    /**
     * @param name a header name, exactly as in the file
     * @return a copy of that column
     * @throws IllegalArgumentException if there is no such column
     */
    public double[] column(String name) {
        int c = header.indexOf(name);
        if (c < 0) {
            throw new IllegalArgumentException("column must be one of " + header + ", found " + name);
        }
        return columns[c].clone();
    }

    /**
     * The rows where a metric has a value, as (step, value) pairs.
     *
     * @param metric a metric
     * @return two arrays {@code [steps, values]} of equal length, in file order; empty if never logged
     */
    public double[][] series(Metric metric) {
        double[] steps = column(Metric.STEP);
        double[] values = column(metric);
        int n = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                n++;
            }
        }
        double[][] out = new double[2][n];
        int k = 0;
        for (int r = 0; r < values.length; r++) {
            if (!Double.isNaN(values[r])) {
                out[0][k] = steps[r];
                out[1][k] = values[r];
                k++;
            }
        }
        return out;
    }

    /** @return the largest step in the file, or 0 if there are no rows */
    public long lastStep() {
        double max = 0;
        for (double s : column(Metric.STEP)) {
            max = Math.max(max, s);
        }
        return (long) max;
    }

    /**
     * @param metric a metric
     * @return its last logged value, or NaN if never logged
     */
    public double last(Metric metric) {
        double[] v = series(metric)[1];
        return v.length == 0 ? Double.NaN : v[v.length - 1];
    }

    /**
     * The median of a metric's last {@code k} logged values (FixMatch reports the median of the last evaluations).
     *
     * @param metric a metric
     * @param k      how many of the last values, {@code >= 1}
     * @return the median, or NaN if never logged
     * @throws IllegalArgumentException if {@code k < 1}
     */
    public double medianOfLast(Metric metric, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, found " + k);
        }
        double[] v = series(metric)[1];
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] tail = Arrays.copyOfRange(v, Math.max(0, v.length - k), v.length);
        return median(tail);
    }

    /**
     * @param values values, not all NaN-free required: NaN are ignored
     * @return their median, NaN if there are none
     */
    public static double median(double[] values) {
        List<Double> list = new ArrayList<>();
        for (double v : values) {
            if (!Double.isNaN(v)) {
                list.add(v);
            }
        }
        if (list.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(list);
        int n = list.size();
        return n % 2 == 1 ? list.get(n / 2) : (list.get(n / 2 - 1) + list.get(n / 2)) / 2;
    }
}
