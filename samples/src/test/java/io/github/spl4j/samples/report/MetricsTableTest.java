package io.github.spl4j.samples.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.spl4j.samples.report.MetricsTable.Metric;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsTableTest {

    @Test
    void readsColumnsByAliasAndEmptyCellsAsNaN() {
        MetricsTable t = MetricsTable.parse(List.of("Step,Total_Loss,mask-rate,teacherError", "1,2.5,0.0,",
                "2,2.0,0.25,0.4", "", "3,1.5,0.5,"), "test");
        assertEquals(3, t.rows());
        assertTrue(t.has(Metric.LOSS));
        assertTrue(t.has(Metric.MEAN_WEIGHT));
        assertFalse(t.has(Metric.LU));
        assertArrayEquals(new double[] {2.5, 2.0, 1.5}, t.column(Metric.LOSS));
        assertArrayEquals(new double[][] {{2}, {0.4}}, t.series(Metric.TEACHER_ERROR));
        assertTrue(Double.isNaN(t.last(Metric.STUDENT_ERROR)));
        assertEquals(3, t.lastStep());
    }

    @Test
    void medianOfLastUsesOnlyTheLastValues() {
        MetricsTable t = MetricsTable.parse(List.of("step,teacher_error", "1,0.9", "2,0.5", "3,0.1", "4,0.3",
                "5,0.2"), "test");
        assertEquals(0.2, t.medianOfLast(Metric.TEACHER_ERROR, 3), 0);
        assertEquals(0.25, t.medianOfLast(Metric.TEACHER_ERROR, 2), 1e-12);
        assertEquals(0.3, t.medianOfLast(Metric.TEACHER_ERROR, 100), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> t.medianOfLast(Metric.TEACHER_ERROR, 0));
        assertEquals("k must be >= 1, found 0", e.getMessage());
    }

    @Test
    void badFilesGiveMessagesNamingLineColumnAndValue() {
        IllegalArgumentException cell = assertThrows(IllegalArgumentException.class,
                () -> MetricsTable.parse(List.of("step,loss", "1,abc"), "m.csv"));
        assertEquals("metrics file m.csv line 2 column loss must be a number or empty, found 'abc'",
                cell.getMessage());
        IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
                () -> MetricsTable.parse(List.of("step,loss", "1,2,3"), "m.csv"));
        assertTrue(width.getMessage().contains("line 2 has 3 cells, expected 2"), width.getMessage());
        IllegalArgumentException noStep = assertThrows(IllegalArgumentException.class,
                () -> MetricsTable.parse(List.of("loss", "1"), "m.csv"));
        assertTrue(noStep.getMessage().contains("must have a step column"), noStep.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MetricsTable.parse(List.of(), "m.csv"));
    }

    @Test
    void aRunKeptWithoutMetricsCsvReadsAsItsEvaluationsAndAnEmptyFolderIsAnError(@TempDir Path dir)
            throws IOException {
        Files.writeString(dir.resolve(MetricsTable.EVALUATIONS), "step,teacher_error,student_error\n"
                + "500,0.4,0.45\n1000,0.3,0.35\n");
        MetricsTable t = MetricsTable.readRun(dir);
        assertEquals(1000, t.lastStep());
        assertEquals(0.35, t.medianOfLast(Metric.TEACHER_ERROR, 2), 1e-12);
        assertEquals(0.35, t.last(Metric.STUDENT_ERROR), 0);
        assertFalse(t.has(Metric.LU));
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> MetricsTable.readRun(dir.resolve("empty")));
        assertTrue(e.getMessage().contains("metrics.csv"), e.getMessage());
    }
}
