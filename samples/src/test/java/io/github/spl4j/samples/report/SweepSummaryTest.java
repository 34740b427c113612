package io.github.spl4j.samples.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepSummaryTest {
    @TempDir
    Path tmp;

    @Test
    void meanAndStdOverSeedsPerSettingAndAPlot() throws IOException {
        List<SweepSummary.Run> runs = new ArrayList<>();
        double[] taus = {0.8, 0.95};
        for (double tau : taus) {
            for (long seed = 1; seed <= 3; seed++) {
                String name = "hard-" + tau + "-" + seed;
                SyntheticRuns.write(tmp.resolve(name), 60, 20, seed, 0.3, "hard", tau, 1);
                runs.add(new SweepSummary.Run("hard", tau, 1, seed, tmp.resolve(name)));
                name = "smooth-" + tau + "-" + seed;
                SyntheticRuns.write(tmp.resolve(name), 60, 20, seed + 10, 0.2, "smooth", tau, 1);
                runs.add(new SweepSummary.Run("smooth", tau, 1, seed, tmp.resolve(name)));
            }
        }
        List<SweepSummary.Row> rows = SweepSummary.write(tmp, runs);
        assertEquals(4, rows.size());
        SweepSummary.Row hard08 = rows.get(0);
        assertEquals("hard tau=0.8", hard08.setting());
        assertEquals(3, hard08.n());
        double[] e = new double[3];
        for (int i = 0; i < 3; i++) {
            e[i] = RunReport.Summary.of(MetricsTable.read(runs.get(2 * i).runDir().resolve(RunReport.METRICS)), 5)
                    .finalTeacherError();
        }
        double mean = (e[0] + e[1] + e[2]) / 3;
        double var = ((e[0] - mean) * (e[0] - mean) + (e[1] - mean) * (e[1] - mean) + (e[2] - mean) * (e[2] - mean))
                / 2;
        assertEquals(mean, hard08.mean(), 1e-12);
        assertEquals(Math.sqrt(var), hard08.std(), 1e-12);
        assertTrue(hard08.std() > 0);
        String md = Files.readString(tmp.resolve(SweepSummary.SUMMARY_MD));
        assertTrue(md.contains("| hard tau=0.8 | 3 | " + RunReport.pct(mean) + " ± " + RunReport.pct(Math.sqrt(var))),
                md);
        assertTrue(md.contains("| smooth tau=0.95 mu=1 | 3 |"), md);
        assertEquals(5, Files.readAllLines(tmp.resolve(SweepSummary.SUMMARY_CSV)).size());
        RunReportTest.assertPlot(tmp.resolve(SweepSummary.PLOT));
    }

    @Test
    void theResultIsTheFinalEvaluationAndTheMedianUsesEachRunsMedianOfLast() throws IOException {
        // teacher errors at 6 evaluations: final 0.40, median of the last 2 = 0.65, median of the last 5 = 0.30
        double[][] teacher = {{0.15, 0.10, 0.20, 0.30, 0.90, 0.40}, {0.15, 0.10, 0.20, 0.30, 0.90, 0.20}};
        List<SweepSummary.Run> runs = new ArrayList<>();
        for (int seed = 1; seed <= 2; seed++) {
            Path dir = tmp.resolve("hard-seed" + seed);
            Files.createDirectories(dir);
            StringBuilder evals = new StringBuilder("step,teacher_error,student_error\n");
            for (int i = 0; i < 6; i++) {
                evals.append((i + 1) * 10).append(',').append(teacher[seed - 1][i]).append(",0.5\n");
            }
            Files.writeString(dir.resolve(RunReport.METRICS), evals.toString());
            Files.writeString(dir.resolve(RunReport.CONFIG), "{\"weighting\":\"HARD\",\"medianOfLast\":2}");
            runs.add(new SweepSummary.Run("hard", 0.95, 1, seed, dir, 0.99));
        }
        SweepSummary.Row row = SweepSummary.write(tmp, runs).get(0);
        assertEquals("hard tau=0.95 ema=0.99", row.setting());
        assertEquals((0.40 + 0.20) / 2, row.mean(), 1e-12, "the result is the final evaluation");
        assertEquals("2", row.medianOf());
        assertEquals((0.65 + 0.55) / 2, row.medianMean(), 1e-12, "median of each run's last 2, not of the last 5");
        assertEquals(Math.sqrt(2 * 0.05 * 0.05), row.medianStd(), 1e-12);
        String md = Files.readString(tmp.resolve(SweepSummary.SUMMARY_MD));
        assertTrue(md.contains("| setting | seeds | final error % mean ± std | k | median of last k evals, error % "
                + "mean ± std | final error % per seed |"), md);
        assertTrue(md.contains("| hard tau=0.95 ema=0.99 | 2 | 30.00 ± 14.14 | 2 | 60.00 ± 7.07 | 40.00, 20.00 |"),
                md);
        List<String> csv = Files.readAllLines(tmp.resolve(SweepSummary.SUMMARY_CSV));
        assertEquals(SweepSummary.CSV_HEADER, csv.get(0));
        assertEquals("hard tau=0.95 ema=0.99,2,0.300000,0.141421,2,0.600000,0.070711", csv.get(1));
    }
}
