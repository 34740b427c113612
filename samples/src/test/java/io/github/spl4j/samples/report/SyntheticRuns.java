package io.github.spl4j.samples.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/** Writes synthetic run folders (config.json, metrics.csv, confidences.csv) for report tests. */
final class SyntheticRuns {
    static final String HEADER = "step,loss,ls,lu,mean_weight,fraction_weighted,mean_confidence,lr,elapsed_seconds,"
            + "teacher_error,student_error";

    private SyntheticRuns() {
    }

    /**
     * @param dir       folder to create
     * @param steps     rows
     * @param evalEvery evaluation interval
     * @param seed      noise seed
     * @param baseError error level the evaluations approach
     * @return the folder
     */
    static Path write(Path dir, int steps, int evalEvery, long seed, double baseError, String weighting, double tau,
                      double mu) throws IOException {
        Files.createDirectories(dir);
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (int s = 1; s <= steps; s++) {
            double ls = 2.3 * Math.exp(-s / 50.0) + 0.05 * r.nextDouble();
            double lu = 0.3 * (1 - Math.exp(-s / 80.0));
            double w = Math.min(1, s / (double) steps);
            String errors = ",";
            if (s % evalEvery == 0) {
                errors = String.format(Locale.ROOT, "%.4f,%.4f", baseError + 0.5 * Math.exp(-s / 40.0)
                        + 0.01 * r.nextDouble(), baseError + 0.02 + 0.5 * Math.exp(-s / 40.0) + 0.01 * r.nextDouble());
            }
            sb.append(String.format(Locale.ROOT, "%d,%.5f,%.5f,%.5f,%.4f,%.4f,%.4f,%.5f,%.2f,%s%n", s, ls + lu, ls, lu,
                    w, Math.min(1, 1.2 * w), 0.5 + 0.4 * w, 0.03 * Math.cos(7 * Math.PI * s / (16.0 * steps)),
                    0.8 * s, errors));
        }
        Files.writeString(dir.resolve(RunReport.METRICS), sb.toString(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(RunReport.CONFIG), String.format(Locale.ROOT,
                "{\"weighting\":\"%s\",\"tau\":%s,\"mu\":%s,\"steps\":%d,\"seed\":%d}", weighting, tau, mu, steps, seed),
                StandardCharsets.UTF_8);
        StringBuilder c = new StringBuilder("confidence\n");
        for (int i = 0; i < 500; i++) {
            c.append(String.format(Locale.ROOT, "%.5f%n", Math.min(1, 0.1 + 0.9 * Math.sqrt(r.nextDouble()))));
        }
        Files.writeString(dir.resolve(RunReport.CONFIDENCES), c.toString(), StandardCharsets.UTF_8);
        return dir;
    }
}
