package io.github.spl4j.samples.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.spl4j.samples.SplApp;
import io.github.spl4j.samples.cli.CliRunner;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection through the app: bad datasets, run folders, config files and models each give an exit code and
 * one clear message naming the file and what to do, never a stack trace.
 */
class AppBadInputFaultTest {
    private static final String[] TINY = {"--sampling", "random", "--steps", "4", "--batch", "4",
        "--unlabeled-ratio", "1", "--eval-every", "2", "--checkpoint-every", "2", "--no-progress"};

    @TempDir
    Path tmp;

    private static String[] args(String[] head, String... tail) {
        String[] all = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    private static String[] train(Path data, String dataset, Path out, String... extra) {
        String[] head = args(new String[] {"train", "--dataset", dataset, "--data", data.toString(), "--out",
            out.toString(), "--labels", dataset.equals("folder") ? "4" : "20"}, TINY);
        return args(head, extra);
    }

    /** Exit code as expected, the message in the error output, no stack trace and no exception class name. */
    private static void assertCleanError(CliRunner.Result r, int code, String... parts) {
        assertEquals(code, r.code(), r.err());
        for (String p : parts) {
            assertTrue(r.err().contains(p), "expected '" + p + "' in: " + r.err());
        }
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertFalse(r.err().contains("Exception"), "no exception class name: " + r.err());
    }

    @Test
    void truncatedAndCorruptCifarBatchesAreNamed() throws IOException {
        Path data = FaultData.cifar(tmp.resolve("cifar"), 20, 1);
        Path batch = data.resolve("data_batch_3.bin");
        byte[] bytes = Files.readAllBytes(batch);
        Files.write(batch, Arrays.copyOf(bytes, bytes.length - 100));
        assertCleanError(CliRunner.run(train(data, "cifar10", tmp.resolve("r1"))), SplApp.EXIT_NO_DATA,
                "data_batch_3.bin");
        Files.write(batch, bytes);
        Path test = data.resolve("test_batch.bin");
        byte[] t = Files.readAllBytes(test);
        t[0] = (byte) 37; // label 37 of 10 classes
        Files.write(test, t);
        assertCleanError(CliRunner.run(train(data, "cifar10", tmp.resolve("r2"))), SplApp.EXIT_NO_DATA,
                "test_batch.bin");
    }

    private static void idx(Path file, byte[] content) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(content);
        }
    }

    private static byte[] header(int magic, int... dims) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length);
        b.putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.array();
    }

    @Test
    void truncatedAndCorruptIdxFilesAreNamed() throws IOException {
        Path data = Files.createDirectories(tmp.resolve("fmnist"));
        int n = 30;
        for (String set : new String[] {"train", "t10k"}) {
            byte[] images = Arrays.copyOf(header(0x803, n, 28, 28), 16 + n * 784);
            byte[] labels = Arrays.copyOf(header(0x801, n), 8 + n);
            idx(data.resolve(set + "-images-idx3-ubyte.gz"), images);
            idx(data.resolve(set + "-labels-idx1-ubyte.gz"), labels);
        }
        // truncated image file
        byte[] images = Arrays.copyOf(header(0x803, n, 28, 28), 16 + n * 784 / 2);
        idx(data.resolve("train-images-idx3-ubyte.gz"), images);
        assertCleanError(CliRunner.run(train(data, "fashion-mnist", tmp.resolve("r1"))), SplApp.EXIT_NO_DATA,
                "train-images-idx3-ubyte.gz");
        // not gzip at all
        Files.write(data.resolve("train-images-idx3-ubyte.gz"), new byte[] {0x1f, (byte) 0x8b, 1, 2, 3});
        assertCleanError(CliRunner.run(train(data, "fashion-mnist", tmp.resolve("r2"))), SplApp.EXIT_NO_DATA,
                "train-images-idx3-ubyte.gz");
    }

    @Test
    void imageFolderFaultsNameTheFileOrFolder() throws IOException {
        Path data = FaultData.folder(tmp.resolve("images"), 12);
        // other sizes and channel counts are resized and converted to 32x32 RGB: the run works
        FaultData.png(data.resolve("circle/grey-8x8.png"), 8, 8, BufferedImage.TYPE_BYTE_GRAY, 1);
        FaultData.png(data.resolve("square/argb-20x14.png"), 20, 14, BufferedImage.TYPE_INT_ARGB, 2);
        CliRunner.Result ok = CliRunner.run(train(data, "folder", tmp.resolve("ok")));
        assertEquals(0, ok.code(), ok.err());

        // an empty class folder
        Files.createDirectories(data.resolve("triangle"));
        assertCleanError(CliRunner.run(train(data, "folder", tmp.resolve("r1"))),
                SplApp.EXIT_NO_DATA, "triangle", "class folder holds no images");
        Files.delete(data.resolve("triangle"));

        // a 16-bit image
        FaultData.png(data.resolve("circle/deep.png"), 8, 8, BufferedImage.TYPE_USHORT_GRAY, 3);
        assertCleanError(CliRunner.run(train(data, "folder", tmp.resolve("r2"))),
                SplApp.EXIT_NO_DATA, "deep.png", "8-bit");
        Files.delete(data.resolve("circle/deep.png"));

        // a cut image file
        Path cut = data.resolve("square/0.png");
        byte[] png = Files.readAllBytes(cut);
        Files.write(cut, Arrays.copyOf(png, 20));
        assertCleanError(CliRunner.run(train(data, "folder", tmp.resolve("r3"))),
                SplApp.EXIT_NO_DATA, "0.png");
    }

    @Test
    void unwritableRunFolderFailsBeforeTraining() throws IOException {
        Path data = FaultData.cifar(tmp.resolve("cifar"), 20, 1);
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        CliRunner.Result r = CliRunner.run(train(data, "cifar10", file.resolve("run")));
        assertCleanError(r, SplApp.EXIT_FAILED, "cannot write the run folder", file + " is a file, not a folder");
        assertFalse(r.err().contains("step "), "no step was trained: " + r.err());
    }

    @Test
    void runFolderFilesThatDoNotMatchAreRefused() throws IOException {
        Path cifar = FaultData.cifar(tmp.resolve("cifar"), 20, 1);
        Path folder = FaultData.folder(tmp.resolve("images"), 12);
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        assertEquals(SplApp.EXIT_INTERRUPTED, CliRunner.run(train(cifar, "cifar10", a, "--stop-after", "2")).code());
        assertEquals(SplApp.EXIT_INTERRUPTED, CliRunner.run(train(folder, "folder", b,
                "--stop-after", "2")).code());

        // a split file of another dataset
        Path split = a.resolve("split.json");
        byte[] goodSplit = Files.readAllBytes(split);
        Files.copy(b.resolve("split.json"), split, StandardCopyOption.REPLACE_EXISTING);
        CliRunner.Result r = CliRunner.run("resume", a.toString(), "--no-progress");
        assertTrue(r.code() == SplApp.EXIT_USAGE || r.code() == SplApp.EXIT_NO_DATA, r.err());
        assertCleanError(r, r.code(), "split");
        Files.write(split, goodSplit);

        // a config.json edited out of range
        Path config = a.resolve("config.json");
        String good = Files.readString(config);
        Files.writeString(config, good.replaceFirst("\"tau\" : [0-9.]+", "\"tau\" : 1.5"));
        assertCleanError(CliRunner.run("resume", a.toString(), "--no-progress"), SplApp.EXIT_USAGE,
                "invalid config.json", "tau must be in [0, 1), found 1.5");
        Files.writeString(config, good.replaceFirst("\\{", "{\"tauu\" : 0.5,"));
        assertCleanError(CliRunner.run("resume", a.toString(), "--no-progress"), SplApp.EXIT_USAGE,
                "invalid config.json", "tauu");
        Files.writeString(config, good);

        // a checkpoint of another architecture (2 classes of the image folder instead of 10) under the same name
        List<Path> ca = checkpoints(a);
        List<Path> cb = checkpoints(b);
        Files.copy(cb.get(cb.size() - 1), ca.get(ca.size() - 1), StandardCopyOption.REPLACE_EXISTING);
        assertCleanError(CliRunner.run("resume", a.toString(), "--no-progress"), SplApp.EXIT_USAGE,
                "belongs to another model or dataset");
    }

    private static List<Path> checkpoints(Path run) throws IOException {
        try (Stream<Path> s = Files.list(run.resolve("checkpoints"))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".zip")).sorted().toList();
        }
    }

    @Test
    void aModelOfAnotherArchitectureOrNoModelIsRefusedByEvaluate() throws IOException {
        Path cifar = FaultData.cifar(tmp.resolve("cifar"), 20, 1);
        Path folder = FaultData.folder(tmp.resolve("images"), 12);
        Path run = tmp.resolve("folder-run");
        assertEquals(0, CliRunner.run(train(folder, "folder", run)).code());
        Path model = run.resolve("model-teacher.zip");
        assertCleanError(CliRunner.run("evaluate", model.toString(), "--dataset", "cifar10", "--data",
                cifar.toString()), SplApp.EXIT_USAGE, "has 2 outputs but", "10 classes");
        Path notAModel = Files.writeString(tmp.resolve("notes.zip"), "not a model");
        assertCleanError(CliRunner.run("evaluate", notAModel.toString(), "--dataset", "cifar10", "--data",
                cifar.toString()), SplApp.EXIT_USAGE, "MODEL must be a DL4J model", "notes.zip");
    }
}
