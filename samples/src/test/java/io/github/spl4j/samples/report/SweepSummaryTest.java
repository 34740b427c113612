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
        List<SweepSummary.Row> rows = SweepSummary.write(tmp, runs, 5);
        assertEquals(4, rows.size());
        SweepSummary.Row hard08 = rows.get(0);
        assertEquals("hard tau=0.8", hard08.setting());
        assertEquals(3, hard08.n());
        double[] e = new double[3];
        for (int i = 0; i < 3; i++) {
            e[i] = RunReport.Summary.of(MetricsTable.read(runs.get(2 * i).runDir().resolve(RunReport.METRICS)), 5)
                    .medianTeacherError();
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
}
