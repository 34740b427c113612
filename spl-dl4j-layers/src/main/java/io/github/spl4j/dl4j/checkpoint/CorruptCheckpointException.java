package io.github.spl4j.dl4j.checkpoint;

import java.nio.file.Path;

/** A checkpoint file that cannot be used: truncated, altered (checksum mismatch) or not a spl4j checkpoint. */
public final class CorruptCheckpointException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * @param file   the checkpoint file
     * @param reason what is wrong
     * @param cause  the underlying error, or null
     */
    public CorruptCheckpointException(Path file, String reason, Throwable cause) {
        super("checkpoint " + file + " is corrupt: " + reason, cause);
        this.file = file;
    }

    /** @return the checkpoint file */
    public Path getFile() {
        return file;
    }
}
