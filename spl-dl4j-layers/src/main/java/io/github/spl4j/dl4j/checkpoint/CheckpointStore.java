package io.github.spl4j.dl4j.checkpoint;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.core.type.TypeReference;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.spl4j.dl4j.ema.EmaTeacherListener;

/**
 * Writes {@link TrainingCheckpoint}s into a folder and reads back the newest valid one.
 *
 * <p><b>Atomic:</b> a checkpoint is written to a temporary file in the same folder, synced to disk, then renamed to
 * {@code checkpoint-<step>.zip}; a run killed mid-write leaves only a temporary file, which is deleted the next time.
 * <b>Checked:</b> the zip holds {@code state.json}, {@code model.zip} (DL4J's {@link ModelSerializer} format, with
 * updater state), {@code ema.bin} and last a SHA-256 over all of them; a truncated or altered file fails the zip's
 * CRC or the checksum. {@link #loadLatest()} then logs a warning naming the file and the reason and falls back to the
 * previous checkpoint. <b>Bounded:</b> after each save only the newest {@code keepLast} checkpoints are kept.
 */
public final class CheckpointStore {
    /**
     * Fault-injection hook for tests (a system property): when set to a step, the write of that step's checkpoint
     * pauses for {@value #TEST_PAUSE_MILLIS} ms after the temporary file holds part of the checkpoint, so that a test
     * can kill the process in the middle of the write. Never set it in production.
     */
    public static final String TEST_PAUSE_PROPERTY = "spl4j.checkpoint.testPauseAtStep";
    /** How long the {@link #TEST_PAUSE_PROPERTY} hook pauses, ms. */
    public static final long TEST_PAUSE_MILLIS = 60_000;

    /** Version of the checkpoint format. */
    public static final int FORMAT_VERSION = 1;

    private static final Logger log = LoggerFactory.getLogger(CheckpointStore.class);
    private static final Pattern NAME = Pattern.compile("checkpoint-(\\d+)\\.zip");
    private static final String STATE = "state.json";
    private static final String MODEL = "model.zip";
    private static final String EMA = "ema.bin";
    private static final String CHECKSUM = "sha256";
    private static final String TMP_SUFFIX = ".tmp";
    private static final String CORRUPT_SUFFIX = ".corrupt";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path folder;
    private final int keepLast;

    /**
     * @param folder   the checkpoint folder (created when the first checkpoint is saved)
     * @param keepLast how many of the newest checkpoints to keep, {@code >= 1}
     * @throws IllegalArgumentException if {@code keepLast < 1}
     */
    public CheckpointStore(Path folder, int keepLast) {
        this.folder = Objects.requireNonNull(folder, "folder");
        if (keepLast < 1) {
            throw new IllegalArgumentException("keepLast must be >= 1, found " + keepLast);
        }
        this.keepLast = keepLast;
    }

    /** @return the checkpoint folder */
    public Path getFolder() {
        return folder;
    }

    /**
     * @param step a step
     * @return the file a checkpoint of that step is saved to
     */
    public Path fileFor(long step) {
        return folder.resolve(String.format("checkpoint-%010d.zip", step));
    }

    /**
     * Saves a checkpoint atomically and deletes the ones beyond the newest {@code keepLast}.
     *
     * @param checkpoint what to save
     * @return the checkpoint file
     * @throws UncheckedIOException if writing fails (the previous checkpoints are left intact)
     * @throws IllegalStateException if the network's parameters hold NaN or infinite values (nothing is written)
     */
    public Path save(TrainingCheckpoint checkpoint) {
        Path target = fileFor(checkpoint.getStep());
        if (!Double.isFinite(checkpoint.getModel().params().sumNumber().doubleValue())) {
            throw new IllegalStateException("refusing to write the checkpoint of step " + checkpoint.getStep()
                    + ": the network's parameters hold NaN or infinite values (training diverged); the previous "
                    + "checkpoints in " + folder + " are kept");
        }
        Path tmp = target.resolveSibling(target.getFileName() + TMP_SUFFIX);
        try {
            Files.createDirectories(folder);
            Map<String, byte[]> entries = new LinkedHashMap<>();
            entries.put(STATE, stateJson(checkpoint));
            ByteArrayOutputStream model = new ByteArrayOutputStream();
            ModelSerializer.writeModel(checkpoint.getModel(), model, true);
            entries.put(MODEL, model.toByteArray());
            if (checkpoint.getEma() != null) {
                ByteArrayOutputStream ema = new ByteArrayOutputStream();
                try (DataOutputStream out = new DataOutputStream(ema)) {
                    Nd4j.write(checkpoint.getEma().getShadow(), out);
                }
                entries.put(EMA, ema.toByteArray());
            }
            try (FileOutputStream fos = new FileOutputStream(tmp.toFile());
                 ZipOutputStream zip = new ZipOutputStream(fos)) {
                for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                    zip.putNextEntry(new ZipEntry(e.getKey()));
                    zip.write(e.getValue());
                    zip.closeEntry();
                    pauseForTests(checkpoint.getStep(), zip, fos);
                }
                zip.putNextEntry(new ZipEntry(CHECKSUM));
                zip.write(checksum(entries).getBytes(StandardCharsets.US_ASCII));
                zip.closeEntry();
                zip.finish();
                fos.flush();
                fos.getFD().sync();
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the original error is what matters
            }
            throw new UncheckedIOException("cannot write checkpoint " + target + ": " + e.getMessage()
                    + " (is the disk full? earlier checkpoints are intact)", e);
        }
        prune();
        return target;
    }

    /**
     * @return the checkpoint files, newest (highest step) first; temporary files are not listed
     * @throws UncheckedIOException if the folder cannot be listed
     */
    public List<Path> list() {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return files;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder)) {
            for (Path p : ds) {
                if (NAME.matcher(p.getFileName().toString()).matches()) {
                    files.add(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + folder + ": " + e.getMessage(), e);
        }
        files.sort(Comparator.comparingLong(CheckpointStore::stepOf).reversed());
        return files;
    }

    /**
     * Loads the newest checkpoint that is intact. Corrupt ones are reported (WARN, with file and reason) and moved
     * aside to {@code <name>.corrupt} (so that they are never taken for a checkpoint again, and a corrupt file with a
     * high step number cannot make the pruning delete newer good checkpoints); leftover temporary files of killed
     * runs are deleted.
     *
     * @return the newest valid checkpoint, or empty if there is none
     */
    public Optional<TrainingCheckpoint> loadLatest() {
        deleteTemporaryFiles();
        for (Path p : list()) {
            try {
                return Optional.of(load(p));
            } catch (CorruptCheckpointException e) {
                Path aside = p.resolveSibling(p.getFileName() + CORRUPT_SUFFIX);
                try {
                    Files.move(p, aside, StandardCopyOption.REPLACE_EXISTING);
                    log.warn("{}; moved it to {} and falling back to the previous checkpoint", e.getMessage(),
                            aside.getFileName());
                } catch (IOException moveFailed) {
                    log.warn("{}; falling back to the previous checkpoint (cannot move it aside: {})",
                            e.getMessage(), moveFailed.getMessage());
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Loads and verifies one checkpoint file.
     *
     * @param file a checkpoint written by {@link #save}
     * @return the checkpoint with a freshly deserialised network (updater state included)
     * @throws CorruptCheckpointException if the file is truncated, altered or incomplete
     */
    public TrainingCheckpoint load(Path file) throws CorruptCheckpointException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        String storedChecksum = null;
        // ZipFile reads the central directory at the end of the file: a file cut anywhere is refused
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                byte[] bytes;
                try (InputStream in = zip.getInputStream(e)) {
                    bytes = in.readAllBytes();
                }
                if (CHECKSUM.equals(e.getName())) {
                    storedChecksum = new String(bytes, StandardCharsets.US_ASCII);
                } else {
                    entries.put(e.getName(), bytes);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new CorruptCheckpointException(file, "unreadable zip (" + e.getMessage() + ")", e);
        }
        if (storedChecksum == null) {
            throw new CorruptCheckpointException(file, "no checksum entry (incomplete file)", null);
        }
        if (!storedChecksum.equals(checksum(entries))) {
            throw new CorruptCheckpointException(file, "SHA-256 checksum mismatch", null);
        }
        if (!entries.containsKey(STATE) || !entries.containsKey(MODEL)) {
            throw new CorruptCheckpointException(file, "missing " + STATE + " or " + MODEL, null);
        }
        try {
            Map<String, Object> state = MAPPER.readValue(entries.get(STATE), new TypeReference<Map<String, Object>>() {
            });
            int version = ((Number) state.get("formatVersion")).intValue();
            long step = ((Number) state.get("step")).longValue();
            if (stepOf(file) >= 0 && stepOf(file) != step) {
                throw new CorruptCheckpointException(file, "the file is named for step " + stepOf(file)
                        + " but holds step " + step + " (renamed or copied by hand?)", null);
            }
            if (version != FORMAT_VERSION) {
                throw new CorruptCheckpointException(file, "format version " + version + ", this spl4j reads "
                        + FORMAT_VERSION, null);
            }
            String type = (String) state.get("modelType");
            Model model;
            try (InputStream in = new ByteArrayInputStream(entries.get(MODEL))) {
                model = ComputationGraph.class.getSimpleName().equals(type)
                        ? ModelSerializer.restoreComputationGraph(in, true)
                        : ModelSerializer.restoreMultiLayerNetwork(in, true);
            }
            EmaTeacherListener.State ema = null;
            if (entries.containsKey(EMA)) {
                INDArray shadow;
                try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(entries.get(EMA)))) {
                    shadow = Nd4j.read(in);
                }
                ema = new EmaTeacherListener.State(shadow, ((Number) state.get("emaUpdates")).longValue());
            }
            @SuppressWarnings("unchecked")
            Map<String, String> properties = (Map<String, String>) state.get("properties");
            return new TrainingCheckpoint(((Number) state.get("step")).longValue(), model, ema,
                    ((Number) state.get("dataPosition")).longValue(), (String) state.get("config"),
                    (String) state.get("split"), properties);
        } catch (IOException | RuntimeException e) {
            throw new CorruptCheckpointException(file, "invalid content (" + e + ")", e);
        }
    }

    /** The {@link #TEST_PAUSE_PROPERTY} hook: flushes what is written so far and sleeps. */
    private static void pauseForTests(long step, ZipOutputStream zip, FileOutputStream fos) throws IOException {
        String at = System.getProperty(TEST_PAUSE_PROPERTY);
        if (at == null || !at.equals(Long.toString(step))) {
            return;
        }
        zip.flush();
        fos.flush();
        log.warn("test hook {}: pausing inside the write of checkpoint {}", TEST_PAUSE_PROPERTY, step);
        try {
            Thread.sleep(TEST_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted inside the test pause of the checkpoint write", e);
        }
    }

    private static byte[] stateJson(TrainingCheckpoint c) throws IOException {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("formatVersion", FORMAT_VERSION);
        state.put("step", c.getStep());
        state.put("modelType", c.getModel() instanceof ComputationGraph ? ComputationGraph.class.getSimpleName()
                : MultiLayerNetwork.class.getSimpleName());
        state.put("dataPosition", c.getDataPosition());
        state.put("emaUpdates", c.getEma() == null ? null : c.getEma().getUpdates());
        state.put("config", c.getConfigJson());
        state.put("split", c.getSplitJson());
        state.put("properties", c.getProperties());
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(state);
    }

    private static String checksum(Map<String, byte[]> entries) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                sha.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(e.getValue());
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static long stepOf(Path p) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    private void prune() {
        List<Path> files = list();
        for (int i = keepLast; i < files.size(); i++) {
            try {
                Files.deleteIfExists(files.get(i));
            } catch (IOException e) {
                log.warn("cannot delete old checkpoint {}: {}", files.get(i), e.getMessage());
            }
        }
    }

    private void deleteTemporaryFiles() {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder, "checkpoint-*.zip" + TMP_SUFFIX)) {
            for (Path p : ds) {
                log.info("deleting {} left by an interrupted checkpoint write", p);
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            log.warn("cannot delete temporary checkpoint files in {}: {}", folder, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "CheckpointStore(folder=" + folder + ", keepLast=" + keepLast + ")";
    }
}
