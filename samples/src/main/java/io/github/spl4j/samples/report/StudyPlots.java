package io.github.spl4j.samples.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.ScatterRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.statistics.DefaultMultiValueCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The PNG plots of a study report, drawn with JFreeChart: a per-seed scatter of results per setting, lines with
 * error bars (error vs τ, learning curves averaged over seeds) and two-panel line plots (mean weight and fraction
 * weighted over training). Every file is written atomically (temporary file, then rename).
 *
 * <p>Drawing needs no display: this class sets {@code java.awt.headless=true} unless the caller chose otherwise.
 */
public final class StudyPlots {
    /** Smallest accepted plot width, pixels. */
    public static final int MIN_WIDTH = 300;
    /** Smallest accepted plot height, pixels. */
    public static final int MIN_HEIGHT = 200;
    /** Horizontal offset between the points of neighbouring lines, as a fraction of the x range (so bars at one x
     *  do not hide each other). */
    public static final double DODGE = 0.006;
    /** Scatter categories above this count get their labels rotated. */
    private static final int MAX_UPRIGHT_CATEGORIES = 8;
    private static final int MAX_LABEL_LINES = 4;
    private static final float LINE_WIDTH = 2f;
    private static final float[] DASH = {8f, 5f};
    private static final double AXIS_MARGIN = 0.01;
    private static final double POINT = 9;
    private static final double MIN_MEAN_WIDTH = 12;
    private static final double MAX_MEAN_WIDTH = 60;
    /** Mean bar width as a share of the plot width per category. */
    private static final double MEAN_WIDTH_SHARE = 0.35;
    /** Gap between the seeds' slots within a category, as a share of the category width. */
    private static final double SCATTER_ITEM_MARGIN = 0.05;
    private static final double MEAN_HEIGHT = 3;
    private static final double CAP = 6;
    private static final int LABEL_FONT_SIZE = 11;
    /** Distinct, print-friendly colours (no yellow). */
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0x17becf), new Color(0xe377c2),
        new Color(0x7f7f7f), new Color(0x393b79)};

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private StudyPlots() {
    }

    /**
     * One line of a plot: x values with a mean and a spread (error bar ± std) at each.
     *
     * @param label legend label
     * @param x     x values
     * @param mean  y values
     * @param std    half-length of each error bar; NaN for none
     * @param dashed draw the line dashed (e.g. Smooth FixMatch next to solid FixMatch lines)
     */
    public record Curve(String label, double[] x, double[] mean, double[] std, boolean dashed) {
        /** @throws IllegalArgumentException if the arrays differ in length */
        public Curve {
            Objects.requireNonNull(label, "label");
            if (x.length != mean.length || x.length != std.length) {
                throw new IllegalArgumentException("x, mean and std of curve " + label + " must have equal lengths, "
                        + "found " + x.length + ", " + mean.length + ", " + std.length);
            }
        }

        /**
         * A solid line.
         *
         * @param label legend label
         * @param x     x values
         * @param mean  y values
         * @param std   half-length of each error bar; NaN for none
         */
        public Curve(String label, double[] x, double[] mean, double[] std) {
            this(label, x, mean, std, false);
        }
    }

    /**
     * One category of the scatter: its points, each belonging to a point series (e.g. {@code seed 1}).
     *
     * @param label  category label (x axis)
     * @param points series name → value, NaN values are left out
     */
    public record Category(String label, Map<String, Double> points) {
        /** Copies the map, keeping its order. */
        public Category {
            Objects.requireNonNull(label, "label");
            points = Collections.unmodifiableMap(new LinkedHashMap<>(points));
        }
    }

    /**
     * Per-seed scatter: one column per category; within it one hollow circle per point, each point series (e.g. each
     * seed) at its own horizontal offset and colour, so equal values stay visible and a series can be followed across
     * categories; the mean of the category's points is marked by a black bar behind them.
     *
     * @param title      chart title
     * @param yLabel     y axis label
     * @param categories the categories, left to right (labels must be distinct)
     * @param out        PNG file
     * @param width      pixels, {@code >=} {@value #MIN_WIDTH}
     * @param height     pixels, {@code >=} {@value #MIN_HEIGHT}
     * @return {@code out}
     * @throws IOException              if writing fails
     * @throws IllegalArgumentException if the size is too small or two labels are equal
     */
    public static Path scatter(String title, String yLabel, List<Category> categories, Path out, int width,
                               int height) throws IOException {
        checkSize(width, height);
        List<String> series = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (Category c : categories) {
            if (labels.contains(c.label())) {
                throw new IllegalArgumentException("scatter category labels must be distinct, found " + c.label()
                        + " twice");
            }
            labels.add(c.label());
            for (String k : c.points().keySet()) {
                if (!series.contains(k)) {
                    series.add(k);
                }
            }
        }
        DefaultMultiValueCategoryDataset points = new DefaultMultiValueCategoryDataset();
        DefaultMultiValueCategoryDataset means = new DefaultMultiValueCategoryDataset();
        for (Category c : categories) {
            for (String k : series) {
                Double v = c.points().get(k);
                points.add(v == null || v.isNaN() ? List.of() : List.of(v), k, c.label());
            }
            double[] values = c.points().values().stream().mapToDouble(Double::doubleValue).toArray();
            means.add(List.of(StudyStats.Summary.of(values).mean()), "mean over seeds", c.label());
        }
        ScatterRenderer renderer = new ScatterRenderer();
        renderer.setUseSeriesOffset(true);
        renderer.setItemMargin(SCATTER_ITEM_MARGIN);
        renderer.setDrawOutlines(true);
        renderer.setUseOutlinePaint(false);
        Shape circle = new Ellipse2D.Double(-POINT / 2, -POINT / 2, POINT, POINT);
        for (int i = 0; i < series.size(); i++) {
            renderer.setSeriesShape(i, circle);
            renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            renderer.setSeriesShapesFilled(i, false);
            renderer.setSeriesOutlineStroke(i, new BasicStroke(LINE_WIDTH));
        }
        ScatterRenderer meanRenderer = new ScatterRenderer();
        meanRenderer.setUseSeriesOffset(false);
        double bar = Math.max(MIN_MEAN_WIDTH, Math.min(MAX_MEAN_WIDTH,
                MEAN_WIDTH_SHARE * width / Math.max(1, categories.size())));
        meanRenderer.setSeriesShape(0, new Rectangle2D.Double(-bar / 2, -MEAN_HEIGHT / 2, bar, MEAN_HEIGHT));
        meanRenderer.setSeriesPaint(0, Color.BLACK);
        meanRenderer.setSeriesShapesFilled(0, true);
        CategoryAxis x = new CategoryAxis(null);
        x.setMaximumCategoryLabelLines(MAX_LABEL_LINES);
        x.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, LABEL_FONT_SIZE));
        if (categories.size() > MAX_UPRIGHT_CATEGORIES) {
            x.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        }
        NumberAxis y = new NumberAxis(yLabel);
        y.setAutoRangeIncludesZero(false);
        CategoryPlot plot = new CategoryPlot(points, x, y, renderer);
        plot.setDataset(1, means);
        plot.setRenderer(1, meanRenderer);
        // the mean bars first, the circles on top
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.REVERSE);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinesVisible(true);
        plot.setDomainGridlinePaint(new Color(0xeeeeee));
        return write(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true), out, width, height);
    }

    /**
     * Lines with error bars (mean ± std at each point); the points of neighbouring lines are dodged sideways by
     * {@value #DODGE} of the x range so their bars stay visible.
     *
     * @param title  chart title
     * @param xLabel x axis label
     * @param yLabel y axis label
     * @param curves the lines
     * @param out    PNG file
     * @param width  pixels, {@code >=} {@value #MIN_WIDTH}
     * @param height pixels, {@code >=} {@value #MIN_HEIGHT}
     * @return {@code out}
     * @throws IOException              if writing fails
     * @throws IllegalArgumentException if the size is too small
     */
    public static Path errorBars(String title, String xLabel, String yLabel, List<Curve> curves, Path out, int width,
                                 int height) throws IOException {
        checkSize(width, height);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Curve c : curves) {
            for (double v : c.x()) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        double dodge = curves.size() > 1 && max > min ? DODGE * (max - min) : 0;
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        for (int i = 0; i < curves.size(); i++) {
            Curve c = curves.get(i);
            double shift = (i - (curves.size() - 1) / 2.0) * dodge;
            YIntervalSeries s = new YIntervalSeries(c.label(), false, true);
            for (int k = 0; k < c.x().length; k++) {
                double sd = Double.isNaN(c.std()[k]) ? 0 : c.std()[k];
                s.add(c.x()[k] + shift, c.mean()[k], c.mean()[k] - sd, c.mean()[k] + sd);
            }
            data.addSeries(s);
        }
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDrawXError(false);
        renderer.setCapLength(CAP);
        renderer.setDefaultLinesVisible(true);
        renderer.setDefaultShapesVisible(true);
        style(renderer, curves);
        XYPlot plot = plot(data, renderer, xLabel, yLabel);
        return write(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true), out, width, height);
    }

    /**
     * Two panels of lines sharing the x axis (e.g. mean weight above, fraction weighted below); line i has the same
     * colour in both and one legend entry.
     *
     * @param title  chart title
     * @param xLabel x axis label
     * @param top    top panel: y label and lines (std ignored)
     * @param bottom bottom panel: y label and lines, in the same order as {@code top}
     * @param out    PNG file
     * @param width  pixels, {@code >=} {@value #MIN_WIDTH}
     * @param height pixels, {@code >=} {@value #MIN_HEIGHT}
     * @return {@code out}
     * @throws IOException              if writing fails
     * @throws IllegalArgumentException if the size is too small
     */
    public static Path twoPanels(String title, String xLabel, Panel top, Panel bottom, Path out, int width,
                                 int height) throws IOException {
        checkSize(width, height);
        NumberAxis x = new NumberAxis(xLabel);
        x.setLowerMargin(AXIS_MARGIN);
        x.setUpperMargin(AXIS_MARGIN);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(x);
        plot.setGap(12);
        for (Panel p : List.of(top, bottom)) {
            XYSeriesCollection data = new XYSeriesCollection();
            for (Curve c : p.curves()) {
                XYSeries s = new XYSeries(c.label(), false, true);
                for (int k = 0; k < c.x().length; k++) {
                    s.add(c.x()[k], c.mean()[k]);
                }
                data.addSeries(s);
            }
            XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
            style(renderer, p.curves());
            renderer.setDefaultSeriesVisibleInLegend(p == top);
            XYPlot sub = plot(data, renderer, null, p.yLabel());
            plot.add(sub, 1);
        }
        return write(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true), out, width, height);
    }

    /**
     * One panel of {@link #twoPanels}.
     *
     * @param yLabel y axis label
     * @param curves its lines
     */
    public record Panel(String yLabel, List<Curve> curves) {
        /** Copies the list. */
        public Panel {
            curves = List.copyOf(curves);
        }
    }

    private static void style(XYLineAndShapeRenderer renderer, List<Curve> curves) {
        // one path per line, so dashes run along the whole curve instead of restarting at every point
        renderer.setDrawSeriesLineAsPath(true);
        for (int i = 0; i < curves.size(); i++) {
            renderer.setSeriesStroke(i, curves.get(i).dashed() ? new BasicStroke(LINE_WIDTH, BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER, DASH[0], DASH, 0f) : new BasicStroke(LINE_WIDTH));
            renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
        }
    }

    private static XYPlot plot(org.jfree.data.xy.XYDataset data, XYLineAndShapeRenderer renderer, String xLabel,
                               String yLabel) {
        NumberAxis x = new NumberAxis(xLabel);
        x.setAutoRangeIncludesZero(false);
        NumberAxis y = new NumberAxis(yLabel);
        y.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return plot;
    }

    private static void checkSize(int width, int height) {
        if (width < MIN_WIDTH) {
            throw new IllegalArgumentException("width must be >= " + MIN_WIDTH + " pixels, found " + width);
        }
        if (height < MIN_HEIGHT) {
            throw new IllegalArgumentException("height must be >= " + MIN_HEIGHT + " pixels, found " + height);
        }
    }

    private static Path write(JFreeChart chart, Path out, int width, int height) throws IOException {
        chart.setBackgroundPaint(Color.WHITE);
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = parent.resolve(out.getFileName() + ".tmp");
        try {
            ChartUtils.saveChartAsPNG(tmp.toFile(), chart, width, height);
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return out;
    }
}
