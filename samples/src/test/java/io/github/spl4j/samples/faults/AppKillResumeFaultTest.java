package io.github.spl4j.samples.faults;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.spl4j.dl4j.checkpoint.CheckpointStore;
import io.github.spl4j.dl4j.testing.ChildJvm;
import io.github.spl4j.samples.SplApp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fault injection through {@code spl train} / {@code spl resume} in child JVMs: SIGKILL at seeded random steps
 * (including before the first checkpoint) and in the middle of a checkpoint write, Ctrl-C (SIGINT); after each,
 * {@code spl resume} continues, and the finished run equals an uninterrupted {@code spl train} bit for bit.
 */
class AppKillResumeFaultTest {
    private static final Logger LOG = LoggerFactory.getLogger(AppKillResumeFaultTest.class);
    private static final long TIMEOUT_SECONDS = 180;
    private static final int STEPS = 30;
    private static final int CHECKPOINT_EVERY = 4;

    @TempDir
    Path tmp;

    private Process spl(Path log, List<String> jvmProps, String... args) throws IOException {
        List<String> jvm = new ArrayList<>();
        jvm.add("-Xmx768m");
        jvm.addAll(jvmProps);
        List<String> cmd = ChildJvm.command(jvm, SplApp.class.getName(), Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb.start();
    }

    private Process train(Path data, Path out, Path log) throws IOException {
        return spl(log, List.of(), "train", "--dataset", "cifar10", "--data", data.toString(), "--out",
                out.toString(), "--labels", "20", "--steps", "" + STEPS, "--batch", "4", "--unlabeled-ratio", "1",
                "--eval-every", "10", "--checkpoint-every", "" + CHECKPOINT_EVERY, "--seed", "5", "--no-progress");
    }

    private Process resume(Path run, Path log, String... jvmProps) throws IOException {
        return spl(log, List.of(jvmProps), "resume", run.toString(), "--no-progress");
    }

    private static long stepsLogged(Path run) {
        try {
            Path csv = run.resolve("metrics.csv");
            if (!Files.exists(csv)) {
                return 0;
            }
            String s = Files.readString(csv, StandardCharsets.UTF_8);
            return Math.max(0, s.chars().filter(c -> c == '\n').count() - 1);
        } catch (IOException e) {
            return 0;
        }
    }

    private static void await(Process p, String what, BooleanSupplier condition) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (!p.isAlive()) {
                fail("spl exited (" + p.exitValue() + ") before " + what);
            }
            if (System.nanoTime() > end) {
                p.destroyForcibly();
                fail("timeout waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    private static int exitsWithin(Process p, long seconds) throws InterruptedException {
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("spl hung: still alive " + seconds + " s later");
        }
        return p.exitValue();
    }

    private static long newest(CheckpointStore store) {
        List<Path> files = store.list();
        if (files.isEmpty()) {
            return 0;
        }
        String name = files.get(0).getFileName().toString();
        return Long.parseLong(name.substring("checkpoint-".length(), name.length() - ".zip".length()));
    }

    @Test
    void killedAndInterruptedRunsResumeToTheUninterruptedResult() throws Exception {
        Path data = FaultData.cifar(tmp.resolve("cifar"), 40, 7);
        Path log = tmp.resolve("spl.log");
        Path ref = tmp.resolve("reference");
        assertEquals(0, exitsWithin(train(data, ref, log), TIMEOUT_SECONDS), Files.readString(log));

        Path run = tmp.resolve("faulty");
        CheckpointStore store = new CheckpointStore(run.resolve("checkpoints"), 3);
        Random random = new Random(42);
        List<String> faults = new ArrayList<>();

        // 1. SIGKILL early (seeded step 1..3; the first checkpoint is at step 4)
        Process p = train(data, run, log);
        long k = 1 + random.nextInt(3);
        await(p, "step " + k, () -> stepsLogged(run) >= k);
        p.destroyForcibly();
        exitsWithin(p, 30);
        faults.add("SIGKILL after step " + stepsLogged(run) + " (newest checkpoint " + newest(store) + ")");

        // 2. SIGKILL inside a checkpoint write
        long pauseAt = (newest(store) / CHECKPOINT_EVERY + 1 + random.nextInt(2)) * CHECKPOINT_EVERY;
        Path partial = store.getFolder().resolve(store.fileFor(pauseAt).getFileName() + ".tmp");
        p = resume(run, log, "-D" + CheckpointStore.TEST_PAUSE_PROPERTY + "=" + pauseAt);
        await(p, "the checkpoint write of step " + pauseAt, () -> {
            try {
                return Files.exists(partial) && Files.size(partial) > 0;
            } catch (IOException e) {
                return false;
            }
        });
        p.destroyForcibly();
        exitsWithin(p, 30);
        assertTrue(newest(store) < pauseAt, "the partial file is not a checkpoint");
        faults.add("SIGKILL inside the checkpoint write of step " + pauseAt);

        // 3. SIGKILL at a seeded random later step
        p = resume(run, log);
        long k3 = stepsLogged(run) + 1 + random.nextInt(6);
        await(p, "step " + k3, () -> stepsLogged(run) >= k3);
        p.destroyForcibly();
        exitsWithin(p, 30);
        faults.add("SIGKILL after step " + stepsLogged(run));

        // 4. Ctrl-C: exit 130 with a checkpoint of the last step
        p = resume(run, log);
        long k4 = newest(store) + 2;
        await(p, "step " + k4, () -> stepsLogged(run) >= k4);
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        int code = exitsWithin(p, 60);
        assertEquals(SplApp.EXIT_INTERRUPTED, code, Files.readString(log));
        assertEquals(stepsLogged(run), newest(store), "Ctrl-C leaves a checkpoint of the last step");
        assertTrue(newest(store) < STEPS, "interrupted before the end");
        faults.add("SIGINT after step " + newest(store));

        // 5. resume to the end
        assertEquals(0, exitsWithin(resume(run, log), TIMEOUT_SECONDS), Files.readString(log));
        LOG.info("faults injected through spl: {}", faults);

        for (String model : List.of("model-student.zip", "model-teacher.zip")) {
            MultiLayerNetwork a = ModelSerializer.restoreMultiLayerNetwork(ref.resolve(model).toFile());
            MultiLayerNetwork b = ModelSerializer.restoreMultiLayerNetwork(run.resolve(model).toFile());
            assertArrayEquals(a.params().toFloatVector(), b.params().toFloatVector(), model + " bit-identical");
        }
        assertEquals(Files.readString(ref.resolve("evaluations.csv")), Files.readString(run.resolve("evaluations.csv")));
        try (Stream<Path> s = Files.list(store.getFolder())) {
            assertFalse(s.anyMatch(f -> !f.getFileName().toString().matches("checkpoint-\\d+\\.zip")),
                    "no temporary or corrupt files left");
        }
    }
}
