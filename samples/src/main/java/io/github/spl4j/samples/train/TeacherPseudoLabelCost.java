package io.github.spl4j.samples.train;

import io.github.spl4j.data.ImageDataset;
import io.github.spl4j.data.InMemoryImageDataset;
import io.github.spl4j.dl4j.cpu.OneDnnSupport;
import io.github.spl4j.dl4j.ema.EmaTeacherListener;
import io.github.spl4j.dl4j.ema.TeacherPseudoLabels;
import io.github.spl4j.dl4j.train.FixMatchConfig;
import io.github.spl4j.dl4j.train.FixMatchTrainer;
import io.github.spl4j.loss.SmoothPseudoLabelLossFunction;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures what {@code --pseudo-labels teacher} costs per training step: SmallCNN-16 on 28×28×1 at B = 32,
 * unlabeledRatio 3 (224 rows), the same random minibatch fitted in alternating blocks with student pseudo-labels and
 * with teacher pseudo-labels (teacher forward pass + fit), in one process. Reports the calling thread's CPU time
 * (run with {@code OMP_NUM_THREADS=1} so that ND4J's work stays on that thread) and wall time per step, and their
 * ratio.
 *
 * <p>Usage: {@code OMP_NUM_THREADS=1 java -cp ... io.github.spl4j.samples.train.TeacherPseudoLabelCost [STEPS
 * [REPEATS]]} (default 20 steps per block, 3 repeats).
 */
public final class TeacherPseudoLabelCost {
    private static final Logger log = LoggerFactory.getLogger(TeacherPseudoLabelCost.class);
    private static final int B = 32;
    private static final int RATIO = 3;
    private static final int SIDE = 28;

    private TeacherPseudoLabelCost() {
    }

    /**
     * @param args optional: steps per block, repeats
     */
    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        OneDnnSupport.ensureEnabled();
        Random r = new Random(1);
        int rows = B + 2 * B * RATIO;
        byte[] pixels = new byte[rows * SIDE * SIDE];
        r.nextBytes(pixels);
        int[] labels = new int[rows];
        List<String> names = new ArrayList<>();
        for (int c = 0; c < 10; c++) {
            names.add("c" + c);
        }
        for (int i = 0; i < rows; i++) {
            labels[i] = i % 10;
        }
        ImageDataset data = new InMemoryImageDataset("random", SIDE, SIDE, 1, pixels, labels, names);
        FixMatchConfig config = FixMatchConfig.builder().batchSize(B).unlabeledRatio(RATIO).tau(0.5).build();
        MultiLayerNetwork net = (MultiLayerNetwork) FixMatchTrainer.buildModel(config, data, 1, 10_000);
        EmaTeacherListener ema = new EmaTeacherListener.Builder().build();
        ema.initialize(net);
        net.setListeners(ema);
        double[] y = new double[rows * 10];
        for (int i = 0; i < B; i++) {
            y[i * 10 + labels[i]] = 1;
        }
        double[] x = new double[rows * SIDE * SIDE];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextGaussian();
        }
        DataSet batch = new DataSet(Nd4j.create(x, new long[] {rows, SIDE, SIDE, 1}).castTo(net.params().dataType()),
                Nd4j.create(y, new long[] {rows, 10}).castTo(net.params().dataType()));
        TeacherPseudoLabels teacher = new TeacherPseudoLabels(ema);
        List<SmoothPseudoLabelLossFunction> losses = teacher.installOn(net);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        block(net, batch, teacher, losses, false, steps, mx);
        block(net, batch, teacher, losses, true, steps, mx);
        double[] cpu = new double[2];
        double[] wall = new double[2];
        for (int rep = 0; rep < repeats; rep++) {
            for (int mode = 0; mode < 2; mode++) {
                double[] t = block(net, batch, teacher, losses, mode == 1, steps, mx);
                cpu[mode] += t[0] / repeats;
                wall[mode] += t[1] / repeats;
                log.info(String.format(Locale.ROOT, "repeat %d, %s pseudo-labels: %.1f ms CPU, %.1f ms wall per step",
                        rep + 1, mode == 1 ? "teacher" : "student", t[0], t[1]));
            }
        }
        log.info(String.format(Locale.ROOT, "SmallCNN-16, B %d, ratio %d (%d rows), %d steps x %d repeats: student "
                + "%.1f ms CPU / %.1f ms wall per step; teacher %.1f / %.1f; ratio teacher/student CPU %.3f, wall "
                + "%.3f", B, RATIO, rows, steps, repeats, cpu[0], wall[0], cpu[1], wall[1], cpu[1] / cpu[0],
                wall[1] / wall[0]));
    }

    /** @return CPU and wall milliseconds per step of one block */
    private static double[] block(MultiLayerNetwork net, DataSet batch, TeacherPseudoLabels teacher,
                                  List<SmoothPseudoLabelLossFunction> losses, boolean fromTeacher, int steps,
                                  ThreadMXBean mx) {
        for (SmoothPseudoLabelLossFunction loss : losses) {
            loss.setPseudoLabelSource(fromTeacher ? teacher : null);
        }
        long cpu0 = mx.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        for (int s = 0; s < steps; s++) {
            if (fromTeacher) {
                teacher.prepare(batch);
            }
            net.fit(batch);
            teacher.clear();
        }
        return new double[] {(mx.getCurrentThreadCpuTime() - cpu0) / 1e6 / steps,
                (System.nanoTime() - wall0) / 1e6 / steps};
    }
}
