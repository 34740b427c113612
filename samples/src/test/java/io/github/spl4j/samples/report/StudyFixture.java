package io.github.spl4j.samples.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Writes small study run folders like {@code spl sweep} does: config.json (the trainer's field names),
 * evaluations.csv (step, teacher_error, student_error) and metrics.csv (one row per iteration, counted from 0).
 */
public final class StudyFixture {
    /** Steps of every fixture run. */
    public static final int STEPS = 40;
    /** Evaluation interval. */
    public static final int EVAL_EVERY = 10;
    private static final String METRICS_HEADER = "step,supervised_loss,unsupervised_loss,total_loss,score,mean_weight,"
            + "fraction_weighted,mean_confidence,pseudo_label_accuracy,learning_rate,step_seconds";

    private StudyFixture() {
    }

    /**
     * @param weighting HARD or SMOOTH
     * @param tau       τ
     * @param mu        µ
     * @param seed      seed (and split seed)
     * @return a config like the trainer's, 40 balanced labels, ratio 3, EMA 0.999, {@value #STEPS} steps
     */
    public static Map<String, Object> config(String weighting, double tau, double mu, long seed) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("dataset", "FASHION_MNIST");
        c.put("splitStrategy", "BALANCED");
        c.put("labels", 40);
        c.put("splitSeed", seed);
        c.put("model", "SMALL_CNN");
        c.put("weighting", weighting);
        c.put("tau", tau);
        c.put("mu", mu);
        c.put("lambdaU", 1.0);
        c.put("batchSize", 32);
        c.put("unlabeledRatio", 3);
        c.put("steps", STEPS);
        c.put("learningRate", 0.03);
        c.put("emaDecay", 0.999);
        c.put("seed", seed);
        c.put("evalInterval", EVAL_EVERY);
        c.put("medianOfLast", 2);
        c.put("outputDir", "runs/study/x");
        return c;
    }

    /**
     * Writes a run folder.
     *
     * @param dir      the folder
     * @param config   config.json fields
     * @param teacher  the teacher's errors at steps 10, 20, … (fewer than 4: the run is unfinished)
     * @param weight   mean weight logged at every step (fraction weighted is 1.25 × it, capped at 1)
     * @return the folder
     * @throws IOException if writing fails
     */
    public static Path run(Path dir, Map<String, Object> config, double[] teacher, double weight) throws IOException {
        Files.createDirectories(dir);
        StringBuilder json = new StringBuilder("{\n");
        int i = 0;
        for (Map.Entry<String, Object> e : config.entrySet()) {
            Object v = e.getValue();
            json.append("  \"").append(e.getKey()).append("\" : ")
                    .append(v instanceof String ? "\"" + v + "\"" : String.valueOf(v))
                    .append(++i < config.size() ? ",\n" : "\n");
        }
        Files.writeString(dir.resolve("config.json"), json.append('}').toString(), StandardCharsets.UTF_8);
        StringBuilder ev = new StringBuilder("step,teacher_error,student_error\n");
        for (int k = 0; k < teacher.length; k++) {
            ev.append(String.format(Locale.ROOT, "%d,%.6f,%.6f%n", (k + 1) * EVAL_EVERY, teacher[k],
                    teacher[k] + 0.01));
        }
        Files.writeString(dir.resolve("evaluations.csv"), ev.toString(), StandardCharsets.UTF_8);
        StringBuilder m = new StringBuilder(METRICS_HEADER).append('\n');
        int logged = teacher.length * EVAL_EVERY;
        for (int s = 0; s < logged; s++) {
            double w = weight * (s + 1) / STEPS;
            m.append(String.format(Locale.ROOT, "%d,1.0,0.1,1.1,1.2,%.6f,%.6f,0.8,0.7,0.03,0.5%n", s, w,
                    Math.min(1, 1.25 * w)));
        }
        Files.writeString(dir.resolve("metrics.csv"), m.toString(), StandardCharsets.UTF_8);
        return dir;
    }

    /**
     * @param fin the final error
     * @return four evaluations ending at {@code fin}, each earlier one 0.05 higher
     */
    public static double[] finished(double fin) {
        return new double[] {fin + 0.15, fin + 0.10, fin + 0.05, fin};
    }
}
