package io.github.spl4j.samples.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.spl4j.samples.report.MetricsTable.Metric;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReportTest {
    @TempDir
    Path tmp;

    /** Asserts a PNG decodes with the plots' size and is not one flat colour. */
    static void assertPlot(Path png) throws IOException {
        assertTrue(Files.isRegularFile(png), png + " missing");
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img, png + " does not decode as an image");
        assertEquals(RunPlots.WIDTH, img.getWidth());
        assertEquals(RunPlots.HEIGHT, img.getHeight());
        int first = img.getRGB(0, 0);
        boolean varied = false;
        for (int y = 0; y < img.getHeight() && !varied; y += 7) {
            for (int x = 0; x < img.getWidth() && !varied; x += 7) {
                varied = img.getRGB(x, y) != first;
            }
        }
        assertTrue(varied, png + " is blank");
    }

    @Test
    void reportAndPlotsOfASyntheticRunMatchTheCsv() throws IOException {
        Path run = SyntheticRuns.write(tmp.resolve("run"), 200, 20, 7, 0.2, "smooth", 0.9, 2.0);
        RunReport.Summary s = RunReport.write(run, 5);
        MetricsTable m = MetricsTable.read(run.resolve(RunReport.METRICS));
        double[] teacher = m.series(Metric.TEACHER_ERROR)[1];
        assertEquals(10, teacher.length);
        double[] last5 = java.util.Arrays.copyOfRange(teacher, 5, 10);
        java.util.Arrays.sort(last5);
        assertEquals(last5[2], s.medianTeacherError(), 0);
        assertEquals(teacher[9], s.finalTeacherError(), 0);
        assertEquals(200, s.lastStep());
        assertEquals(160.0, s.elapsedSeconds(), 1e-9);

        String md = Files.readString(run.resolve(RunReport.REPORT));
        Matcher row = Pattern.compile("\\| teacher \\(EMA\\) \\| ([0-9.]+) \\| ([0-9.]+) \\|").matcher(md);
        assertTrue(row.find(), md);
        assertEquals(100 * teacher[9], Double.parseDouble(row.group(1)), 0.005);
        assertEquals(100 * last5[2], Double.parseDouble(row.group(2)), 0.005);
        assertTrue(md.contains("| tau | 0.9 |"), md);
        assertTrue(md.contains("| mu | 2.0 |"), md);
        assertTrue(md.contains("- steps: 200"), md);
        assertTrue(md.contains("- time (training steps): 160.0 s"), md);
        for (String p : new String[] {RunPlots.LEARNING_CURVES, RunPlots.MASK_RATE, RunPlots.WEIGHTING,
                RunPlots.CONFIDENCE_HISTOGRAM}) {
            assertPlot(run.resolve(p));
            assertTrue(md.contains("](" + p + ")"), p + " not linked in report");
        }
    }

    @Test
    void runFolderWithoutMetricsIsReportedByName() throws IOException {
        Files.createDirectories(tmp.resolve("empty"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunReport.write(tmp.resolve("empty"), 5));
        assertTrue(e.getMessage().contains("must contain metrics.csv"), e.getMessage());
    }

    @Test
    void histogramRejectsConfidencesOutsideTheUnitInterval() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunPlots.confidenceHistogram(new double[] {0.5, 1.5}, "x", 0.9, tmp.resolve("h.png")));
        assertEquals("confidences must be in [0, 1], found 1.5", e.getMessage());
    }

    @Test
    void perClassSectionShowsTheLastEvaluationAndRejectsMalformedRows(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        Path file = dir.resolve(RunReport.PER_CLASS);
        assertEquals("", RunReport.perClassSection(file));
        Files.writeString(file, io.github.spl4j.dl4j.train.FixMatchTrainer.PER_CLASS_HEADER + "\n"
                + "10,0,shirt,10,600,0.500000,0.600000\n10,1,bag,1,60,0.900000,0.950000\n"
                + "20,0,shirt,10,600,0.250000,0.300000\n20,1,bag,1,60,0.750000,0.800000\n");
        String md = RunReport.perClassSection(file);
        assertTrue(md.contains("at the last evaluation (step 20)"), md);
        assertTrue(md.contains("| 0 | shirt | 10 | 600 | 25.00 | 30.00 |"), md);
        assertTrue(md.contains("| 1 | bag | 1 | 60 | 75.00 | 80.00 |"), md);
        assertTrue(!md.contains("50.00"), "only the last evaluation: " + md);
        Files.writeString(file, "10,0,shirt,10,600,oops,0.6\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunReport.perClassSection(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("oops"), e.getMessage());
    }
}
