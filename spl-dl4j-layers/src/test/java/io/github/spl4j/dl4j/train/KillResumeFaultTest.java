package io.github.spl4j.dl4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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

import io.github.spl4j.dl4j.checkpoint.CheckpointStore;
import io.github.spl4j.dl4j.testing.ChildJvm;

/**
 * Fault injection in child JVMs running {@link FaultChild}: SIGKILL at seeded random steps and in the middle of a
 * checkpoint write (held open by {@link CheckpointStore#TEST_PAUSE_PROPERTY}), Ctrl-C (SIGINT) and SIGTERM, each
 * followed by a resume; the final run must equal an uninterrupted one bit for bit. Also: an exception in an
 * augmentation worker ends the child JVM (no hang) with the image index in the error.
 */
class KillResumeFaultTest {
    private static final Logger LOG = LoggerFactory.getLogger(KillResumeFaultTest.class);
    private static final long TIMEOUT_SECONDS = 120;

    private static Process start(Path dir, Path log, String... jvmProps) throws IOException {
        List<String> jvm = new ArrayList<>();
        jvm.add("-Xmx512m");
        jvm.addAll(Arrays.asList(jvmProps));
        List<String> cmd = ChildJvm.command(jvm, FaultChild.class.getName(), List.of(dir.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb.start();
    }

    /** Steps whose metrics row is complete (the CSV is flushed line by line). */
    private static long stepsLogged(Path dir) throws IOException {
        Path csv = dir.resolve("metrics.csv");
        if (!Files.exists(csv)) {
            return 0;
        }
        String s = Files.readString(csv, StandardCharsets.UTF_8);
        return Math.max(0, s.chars().filter(c -> c == '\n').count() - 1);
    }

    private static void await(Process p, String what, BooleanSupplier condition) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (!p.isAlive()) {
                fail("the child exited (" + p.exitValue() + ") before " + what);
            }
            if (System.nanoTime() > end) {
                p.destroyForcibly();
                fail("timeout waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    private static BooleanSupplier stepsAtLeast(Path dir, long k) {
        return () -> {
            try {
                return stepsLogged(dir) >= k;
            } catch (IOException e) {
                return false;
            }
        };
    }

    private static void exitsWithin(Process p, long seconds) throws InterruptedException {
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the child JVM hung: still alive " + seconds + " s after the signal");
        }
    }

    private static long newestCheckpoint(CheckpointStore store) {
        List<Path> files = store.list();
        if (files.isEmpty()) {
            return 0;
        }
        String name = files.get(0).getFileName().toString();
        return Long.parseLong(name.substring("checkpoint-".length(), name.length() - ".zip".length()));
    }

    private static void signal(Process p, String sig) throws Exception {
        Process k = new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).start();
        assertEquals(0, k.waitFor(), "kill -" + sig);
    }

    @Test
    void killsAtRandomStepsAndMidCheckpointThenResumeEqualAnUninterruptedRun(@TempDir Path tmp) throws Exception {
        Path log = tmp.resolve("children.log");
        Path ref = tmp.resolve("reference");
        Process p = start(ref, log);
        exitsWithin(p, TIMEOUT_SECONDS);
        assertEquals(0, p.exitValue(), "reference run; see " + Files.readString(log));

        Path dir = tmp.resolve("faulty");
        CheckpointStore store = new CheckpointStore(dir.resolve("checkpoints"), 2);
        Random random = new Random(20261126);
        List<String> faults = new ArrayList<>();

        // 1. SIGKILL at a random step (before or after the first checkpoint at step 7)
        p = start(dir, log);
        long k = 3 + random.nextInt(12);
        await(p, "step " + k, stepsAtLeast(dir, k));
        p.destroyForcibly();
        exitsWithin(p, 30);
        faults.add("SIGKILL after step " + stepsLogged(dir));

        // 2. SIGKILL in the middle of writing a checkpoint
        long from = newestCheckpoint(store);
        long pauseAt = (from / 7 + 1 + random.nextInt(2)) * 7;
        Path partial = store.getFolder().resolve(store.fileFor(pauseAt).getFileName() + ".tmp");
        p = start(dir, log, "-D" + CheckpointStore.TEST_PAUSE_PROPERTY + "=" + pauseAt);
        await(p, "the checkpoint write of step " + pauseAt, () -> {
            try {
                return Files.exists(partial) && Files.size(partial) > 0;
            } catch (IOException e) {
                return false;
            }
        });
        p.destroyForcibly();
        exitsWithin(p, 30);
        assertTrue(Files.exists(partial), "the partial file is left behind");
        assertTrue(newestCheckpoint(store) < pauseAt, "the partial write is not listed as a checkpoint");
        faults.add("SIGKILL inside the checkpoint write of step " + pauseAt);

        // 3. SIGKILL at another random step
        p = start(dir, log);
        k = stepsLogged(dir) + 2 + random.nextInt(8);
        await(p, "step " + k, stepsAtLeast(dir, k));
        assertFalse(Files.exists(partial), "the resume deleted the partial file");
        p.destroyForcibly();
        exitsWithin(p, 30);
        faults.add("SIGKILL after step " + stepsLogged(dir));

        // 4. Ctrl-C (SIGINT): stops after the current step with a checkpoint, within the timeout
        p = start(dir, log);
        k = stepsLogged(dir) + 2;
        await(p, "step " + k, stepsAtLeast(dir, k));
        signal(p, "INT");
        exitsWithin(p, 60);
        long stoppedAt = stepsLogged(dir);
        assertEquals(stoppedAt, newestCheckpoint(store), "Ctrl-C leaves a checkpoint of the last step");
        faults.add("SIGINT after step " + stoppedAt);

        // 5. SIGTERM (Process.destroy): same
        p = start(dir, log);
        k = stoppedAt + 2;
        await(p, "step " + k, stepsAtLeast(dir, k));
        p.destroy();
        exitsWithin(p, 60);
        stoppedAt = stepsLogged(dir);
        assertEquals(stoppedAt, newestCheckpoint(store), "SIGTERM leaves a checkpoint of the last step");
        assertTrue(stoppedAt < FaultChild.STEPS, "the faults came before the end");
        faults.add("SIGTERM after step " + stoppedAt);

        // 6. resume to the end
        p = start(dir, log);
        exitsWithin(p, TIMEOUT_SECONDS);
        assertEquals(0, p.exitValue(), "final resume; see " + Files.readString(log));
        LOG.info("faults injected: {}", faults);

        for (String model : List.of("model-student.zip", "model-teacher.zip")) {
            MultiLayerNetwork a = ModelSerializer.restoreMultiLayerNetwork(ref.resolve(model).toFile());
            MultiLayerNetwork b = ModelSerializer.restoreMultiLayerNetwork(dir.resolve(model).toFile());
            assertArrayEquals(a.params().toFloatVector(), b.params().toFloatVector(), model + " bit-identical");
        }
        assertEquals(Files.readString(ref.resolve("evaluations.csv")), Files.readString(dir.resolve("evaluations.csv")));
        assertEquals(lossColumns(ref.resolve("metrics.csv")), lossColumns(dir.resolve("metrics.csv")));
        try (Stream<Path> s = Files.list(store.getFolder())) {
            List<String> names = s.map(f -> f.getFileName().toString()).sorted().toList();
            assertEquals(List.of(store.fileFor(56).getFileName().toString(),
                    store.fileFor(60).getFileName().toString()), names, "no temporary or corrupt files left");
        }
    }

    private static List<String> lossColumns(Path csv) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(csv)) {
            String[] c = line.split(",");
            out.add(String.join(",", Arrays.copyOfRange(c, 0, 10)));
        }
        return out;
    }

    @Test
    void anAugmentationFailureEndsTheChildJvmWithTheImageIndex(@TempDir Path tmp) throws Exception {
        Path log = tmp.resolve("child.log");
        Process p = new ProcessBuilder(startCommand(tmp.resolve("run2"), "bad-augment")).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        exitsWithin(p, 60);
        assertNotEquals(0, p.exitValue());
        String out = Files.readString(log);
        assertTrue(out.matches("(?s).*failed on image \\d+.*"), out);
        assertTrue(out.contains("injected augmentation failure"), out);
    }

    private static List<String> startCommand(Path dir, String mode) {
        return ChildJvm.command(List.of("-Xmx512m"), FaultChild.class.getName(), List.of(dir.toString(), mode));
    }
}
