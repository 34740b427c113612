package io.github.spl4j.arbiter;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The files of a search folder: one {@code candidate-<index>.json} per candidate (written atomically, the source of
 * truth) with its network configuration in {@code candidate-<index>-network.json}, {@code candidates.csv} (all records by index), {@code summary.csv} and {@code summary.txt} (sorted by
 * validation error, failed candidates last) and {@code error-vs-tau.png} (validation error against τ for the hard
 * threshold and the smooth ramp: the SPL paper's robustness picture).
 */
public final class SearchResults {

    /** File name of the records by index. */
    public static final String CANDIDATES_CSV = "candidates.csv";
    /** File name of the ranked records. */
    public static final String SUMMARY_CSV = "summary.csv";
    /** File name of the ranked, aligned text table. */
    public static final String SUMMARY_TXT = "summary.txt";
    /** File name of the validation error vs τ plot. */
    public static final String PLOT_PNG = "error-vs-tau.png";
    /** Plot width, pixels. */
    public static final int PLOT_WIDTH = 800;
    /** Plot height, pixels. */
    public static final int PLOT_HEIGHT = 500;

    private static final String PREFIX = "candidate-";
    private static final String NETWORK_SUFFIX = "-network.json";

    /** Ranks complete candidates by validation error (ties by index), failed ones after them by index. */
    public static final Comparator<CandidateRecord> BY_SCORE = Comparator
            .comparing((CandidateRecord r) -> !r.isComplete())
            .thenComparingDouble(r -> r.isComplete() ? r.getValidationError() : 0)
            .thenComparingInt(CandidateRecord::getIndex);

    private SearchResults() {
    }

    /** @return the JSON file of candidate {@code index} in {@code folder} */
    static Path recordFile(Path folder, int index) {
        return folder.resolve(PREFIX + index + ".json");
    }

    /**
     * Writes a record atomically (a temporary file moved into place) and refreshes the CSV tables.
     *
     * @param folder the search folder (created if missing)
     * @param record the record
     * @throws UncheckedIOException if writing fails
     */
    public static synchronized void write(Path folder, CandidateRecord record) {
        try {
            Files.createDirectories(folder);
            writeAtomically(recordFile(folder, record.getIndex()), record.toJson());
            writeTables(folder, load(folder));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the record of candidate " + record.getIndex() + " to "
                    + folder, e);
        }
    }

    /**
     * Writes the candidate's full network configuration (DL4J JSON, every layer hyperparameter) atomically as
     * {@code candidate-<index>-network.json}.
     *
     * @param folder      the search folder (created if missing)
     * @param index       the candidate index
     * @param networkJson the configuration as JSON
     * @throws UncheckedIOException if writing fails
     */
    public static void writeNetwork(Path folder, int index, String networkJson) {
        try {
            Files.createDirectories(folder);
            writeAtomically(folder.resolve(PREFIX + index + NETWORK_SUFFIX), networkJson);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the network of candidate " + index + " to " + folder, e);
        }
    }

    /**
     * @param folder a search folder
     * @param index  a candidate index
     * @return the stored record of that candidate, if any
     * @throws IllegalArgumentException if the stored file is not a valid record
     */
    public static Optional<CandidateRecord> read(Path folder, int index) {
        Path file = recordFile(folder, index);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(CandidateRecord.fromJson(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * @param folder a search folder (may be missing: no records)
     * @return every stored record, by index
     * @throws IllegalArgumentException if a stored file is not a valid record
     */
    public static List<CandidateRecord> load(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<CandidateRecord> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (name.startsWith(PREFIX) && name.endsWith(".json") && !name.endsWith(NETWORK_SUFFIX)) {
                    try {
                        out.add(CandidateRecord.fromJson(Files.readString(f, StandardCharsets.UTF_8)));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(f + " is not a candidate record: " + e.getMessage(), e);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
        out.sort(Comparator.comparingInt(CandidateRecord::getIndex));
        return out;
    }

    /**
     * @param records records in any order
     * @return the records ranked by {@link #BY_SCORE}
     */
    public static List<CandidateRecord> ranked(List<CandidateRecord> records) {
        return records.stream().sorted(BY_SCORE).toList();
    }

    /**
     * Writes {@value #CANDIDATES_CSV}, {@value #SUMMARY_CSV} and {@value #SUMMARY_TXT}.
     *
     * @param folder  the search folder
     * @param records the records
     * @throws IOException if writing fails
     */
    public static void writeTables(Path folder, List<CandidateRecord> records) throws IOException {
        List<CandidateRecord> byIndex = records.stream()
                .sorted(Comparator.comparingInt(CandidateRecord::getIndex)).toList();
        writeAtomically(folder.resolve(CANDIDATES_CSV), csv(byIndex));
        List<CandidateRecord> ranked = ranked(records);
        writeAtomically(folder.resolve(SUMMARY_CSV), csv(ranked));
        writeAtomically(folder.resolve(SUMMARY_TXT), summaryTable(ranked));
    }

    private static String csv(List<CandidateRecord> records) {
        StringBuilder sb = new StringBuilder(CandidateRecord.csvHeader()).append('\n');
        for (CandidateRecord r : records) {
            sb.append(r.toCsvRow()).append('\n');
        }
        return sb.toString();
    }

    /**
     * @param records records in any order
     * @return an aligned text table, ranked by validation error (percent), failed candidates last with their reason
     */
    public static String summaryTable(List<CandidateRecord> records) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "%4s %5s %-8s %-6s %6s %6s %7s %7s %9s %6s %8s  %s%n", "rank", "index", "status", "kind", "tau",
                "mu", "lambdaU", "ema", "lr", "steps", "error%", "seconds / message"));
        int rank = 1;
        for (CandidateRecord r : ranked(records)) {
            sb.append(String.format(Locale.ROOT, "%4d %5d %-8s %-6s %6.3f %6s %7.3f %7.4f %9.3g %6d %8s  %s%n",
                    rank++, r.getIndex(), r.getStatus(), r.getWeighting() == null ? "-" : r.getWeighting(), r.getTau(),
                    Double.isNaN(r.getMu()) ? "-" : String.format(Locale.ROOT, "%.3f", r.getMu()), r.getLambdaU(),
                    r.getEmaDecay(), r.getLearningRate(), r.getSteps(),
                    r.isComplete() ? String.format(Locale.ROOT, "%.2f", 100 * r.getValidationError()) : "-",
                    r.isComplete() ? String.format(Locale.ROOT, "%.1f", r.getSeconds()) : r.getMessage()));
        }
        return sb.toString();
    }

    /**
     * Draws validation error (percent) against τ, one series per weighting kind, complete candidates only, and
     * writes it as a PNG. Needs no display (JFreeChart renders off-screen; run with {@code -Djava.awt.headless=true}
     * where no display is set up).
     *
     * @param records records in any order
     * @param png     the output file
     * @throws UncheckedIOException if writing fails
     */
    public static void plotErrorVsTau(List<CandidateRecord> records, Path png) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (WeightingKind kind : WeightingKind.values()) {
            XYSeries series = new XYSeries(kind == WeightingKind.HARD ? "hard threshold (FixMatch)"
                    : "smooth ramp (SPL)", true, true);
            records.stream().filter(r -> r.isComplete() && r.getWeighting() == kind)
                    .forEach(r -> series.add(r.getTau(), 100 * r.getValidationError()));
            data.addSeries(series);
        }
        JFreeChart chart = ChartFactory.createScatterPlot("Validation error vs confidence threshold",
                "tau", "validation error (%)", data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        try {
            Path parent = png.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Path tmp = png.resolveSibling(png.getFileName() + ".tmp");
            ChartUtils.saveChartAsPNG(tmp.toFile(), chart, PLOT_WIDTH, PLOT_HEIGHT);
            Files.move(tmp, png, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the plot " + png, e);
        }
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
