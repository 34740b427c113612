package io.github.spl4j.samples.report;

import io.github.spl4j.samples.report.MetricsTable.Metric;
import io.github.spl4j.weighting.HardThreshold;
import io.github.spl4j.weighting.PseudoLabelWeighting;
import io.github.spl4j.weighting.SmoothRamp;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The PNG plots of a run, drawn with JFreeChart from {@code metrics.csv} (so they can be redrawn for any finished or
 * interrupted run) and, for the histogram, from the confidences of the final model.
 *
 * <p>Drawing needs no display: this class sets {@code java.awt.headless=true} unless the caller chose otherwise.
 */
public final class RunPlots {
    /** Width of every plot, pixels. */
    public static final int WIDTH = 1000;
    /** Height of every plot, pixels. */
    public static final int HEIGHT = 650;
    /** File name of the learning curves (loss parts above, test errors below). */
    public static final String LEARNING_CURVES = "learning-curves.png";
    /** File name of the mask rate / mean weight plot. */
    public static final String MASK_RATE = "mask-rate.png";
    /** File name of the weighting function plot. */
    public static final String WEIGHTING = "weighting.png";
    /** File name of the confidence histogram. */
    public static final String CONFIDENCE_HISTOGRAM = "confidence-histogram.png";
    /** Number of points on the w(c) curves. */
    private static final int CURVE_POINTS = 1001;
    private static final int HISTOGRAM_BINS = 50;
    private static final float LINE_WIDTH = 2f;
    /** Distinct, print-friendly line colours (no yellow). */
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0x17becf)};
    /** The w(c) plot starts this far below τ (w is 0 further left). */
    private static final double WEIGHTING_MARGIN = 0.3;

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private RunPlots() {
    }

    /**
     * Learning curves: total loss, Ls and Lu per logged step (top), teacher and student test error in % at each
     * evaluation (bottom).
     *
     * @param metrics the run's metrics
     * @param out     PNG file to write (atomically)
     * @return {@code out}
     * @throws IOException if writing fails
     */
    public static Path learningCurves(MetricsTable metrics, Path out) throws IOException {
        XYSeriesCollection losses = collection(metrics, List.of(
                new Named("loss L", Metric.LOSS, 1), new Named("Ls (labelled)", Metric.LS, 1),
                new Named("Lu (unlabelled)", Metric.LU, 1)));
        XYSeriesCollection errors = collection(metrics, List.of(
                new Named("teacher (EMA) error %", Metric.TEACHER_ERROR, 100),
                new Named("student error %", Metric.STUDENT_ERROR, 100)));
        NumberAxis stepAxis = new NumberAxis("step");
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(stepAxis);
        plot.add(linePlot(losses, "loss", false), 3);
        plot.add(linePlot(errors, "test error (%)", true), 2);
        return write(new JFreeChart("Learning curves", JFreeChart.DEFAULT_TITLE_FONT, plot, true), out);
    }

    /**
     * Mean weight (FixMatch's mask rate) and fraction of unlabelled images with w &gt; 0 per logged step.
     *
     * @param metrics the run's metrics
     * @param out     PNG file to write
     * @return {@code out}
     * @throws IOException if writing fails
     */
    public static Path maskRate(MetricsTable metrics, Path out) throws IOException {
        XYSeriesCollection data = collection(metrics, List.of(
                new Named("mean weight (mask rate)", Metric.MEAN_WEIGHT, 1),
                new Named("fraction with w > 0", Metric.FRACTION_WEIGHTED, 1),
                new Named("mean confidence", Metric.MEAN_CONFIDENCE, 1)));
        XYPlot plot = linePlot(data, "fraction of unlabelled images", false);
        plot.setDomainAxis(new NumberAxis("step"));
        ((NumberAxis) plot.getRangeAxis()).setRange(0, 1.02);
        return write(new JFreeChart("Mask rate and mean weight", JFreeChart.DEFAULT_TITLE_FONT, plot, true), out);
    }

    /**
     * The weighting function w(c) of the run next to the other kind at the same τ: FixMatch's hard threshold and
     * Smooth FixMatch's ramp ((c − τ)/(1 − τ))^µ on one figure.
     *
     * @param tau threshold τ in [0, 1)
     * @param mu  ramp exponent µ &gt; 0
     * @param out PNG file to write
     * @return {@code out}
     * @throws IOException if writing fails
     * @throws IllegalArgumentException if τ or µ is out of range (from the weightings)
     */
    public static Path weightingFunction(double tau, double mu, Path out) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(curve(String.format(Locale.ROOT, "FixMatch: hard threshold, tau = %s", fmt(tau)),
                new HardThreshold(tau)));
        data.addSeries(curve(String.format(Locale.ROOT, "Smooth FixMatch: ramp, tau = %s, mu = %s", fmt(tau),
                fmt(mu)), new SmoothRamp(tau, mu)));
        XYPlot plot = linePlot(data, "weight w(c)", false);
        plot.setDomainAxis(new NumberAxis("confidence c = max softmax (w = 0 left of the plot)"));
        ((NumberAxis) plot.getDomainAxis()).setRange(Math.max(0, tau - WEIGHTING_MARGIN), 1);
        ((NumberAxis) plot.getRangeAxis()).setRange(-0.02, 1.05);
        return write(new JFreeChart("Pseudo-label weighting w(c)", JFreeChart.DEFAULT_TITLE_FONT, plot, true), out);
    }

    /**
     * Histogram of pseudo-label confidences.
     *
     * @param confidences confidences in [0, 1], at least one
     * @param title       what the confidences are of, e.g. "teacher on 2,000 unlabelled images"
     * @param tau         threshold drawn for reference, in [0, 1)
     * @param out         PNG file to write
     * @return {@code out}
     * @throws IOException if writing fails
     * @throws IllegalArgumentException if there are no confidences or one is outside [0, 1]
     */
    public static Path confidenceHistogram(double[] confidences, String title, double tau, Path out)
            throws IOException {
        if (confidences.length == 0) {
            throw new IllegalArgumentException("confidences must not be empty, found 0 values");
        }
        for (double c : confidences) {
            if (!(c >= 0 && c <= 1)) {
                throw new IllegalArgumentException("confidences must be in [0, 1], found " + c);
            }
        }
        HistogramDataset data = new HistogramDataset();
        data.addSeries("confidence (" + confidences.length + " images)", confidences, HISTOGRAM_BINS, 0.0, 1.0);
        XYBarRenderer renderer = new XYBarRenderer();
        renderer.setBarPainter(new StandardXYBarPainter());
        renderer.setShadowVisible(false);
        XYPlot plot = new XYPlot(data, new NumberAxis("confidence c"), new NumberAxis("images"), renderer);
        plot.addDomainMarker(new org.jfree.chart.plot.ValueMarker(tau, Color.RED, new BasicStroke(LINE_WIDTH)));
        ((NumberAxis) plot.getDomainAxis()).setRange(0, 1);
        return write(new JFreeChart("Confidence histogram: " + title + " (red: tau = " + fmt(tau) + ")",
                JFreeChart.DEFAULT_TITLE_FONT, plot, true), out);
    }

    /**
     * A line plot of several labelled curves that share an x axis.
     *
     * @param title  chart title
     * @param xLabel x axis label
     * @param yLabel y axis label
     * @param curves series name → {@code [xs, ys]}, drawn in map order
     * @param out    PNG file to write
     * @return {@code out}
     * @throws IOException if writing fails
     */
    public static Path lines(String title, String xLabel, String yLabel, Map<String, double[][]> curves, Path out)
            throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Map.Entry<String, double[][]> e : curves.entrySet()) {
            XYSeries s = new XYSeries(e.getKey(), false, true);
            for (int i = 0; i < e.getValue()[0].length; i++) {
                s.add(e.getValue()[0][i], e.getValue()[1][i]);
            }
            data.addSeries(s);
        }
        XYPlot plot = linePlot(data, yLabel, true);
        plot.setDomainAxis(new NumberAxis(xLabel));
        ((NumberAxis) plot.getDomainAxis()).setAutoRangeIncludesZero(false);
        return write(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true), out);
    }

    private record Named(String label, Metric metric, double scale) {
    }

    private static XYSeriesCollection collection(MetricsTable metrics,
                                                 List<Named> wanted) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Named n : wanted) {
            double[][] s = metrics.series(n.metric());
            if (s[0].length == 0) {
                continue;
            }
            XYSeries series = new XYSeries(n.label(), false, true);
            for (int i = 0; i < s[0].length; i++) {
                series.add(s[0][i], s[1][i] * n.scale());
            }
            data.addSeries(series);
        }
        return data;
    }

    private static XYSeries curve(String name, PseudoLabelWeighting weighting) {
        XYSeries s = new XYSeries(name, false, true);
        for (int i = 0; i < CURVE_POINTS; i++) {
            double c = i / (double) (CURVE_POINTS - 1);
            s.add(c, weighting.weight(c));
        }
        return s;
    }

    private static XYPlot linePlot(XYSeriesCollection data, String yLabel, boolean shapes) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, shapes);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(LINE_WIDTH));
            renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
        }
        NumberAxis y = new NumberAxis(yLabel);
        y.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(data, null, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return plot;
    }

    private static Path write(JFreeChart chart, Path out) throws IOException {
        chart.setBackgroundPaint(Color.WHITE);
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = parent.resolve(out.getFileName() + ".tmp");
        try {
            ChartUtils.saveChartAsPNG(tmp.toFile(), chart, WIDTH, HEIGHT);
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return out;
    }

    static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
