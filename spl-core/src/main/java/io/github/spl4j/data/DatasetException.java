package io.github.spl4j.data;

import java.nio.file.Path;

/**
 * A dataset cannot be read or does not match what was expected: a missing, truncated or corrupt file, or a saved
 * {@link LabelSplit} made for another dataset. The message names the file (when there is one) and says what to do.
 */
public class DatasetException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * @param message what is wrong and what to do
     */
    public DatasetException(String message) {
        this(null, message, null);
    }

    /**
     * @param file    the file concerned, may be {@code null}
     * @param message what is wrong and what to do (the file name is prepended when {@code file} is given)
     * @param cause   the underlying error, may be {@code null}
     */
    public DatasetException(Path file, String message, Throwable cause) {
        super(file == null ? message : file + ": " + message, cause);
        this.file = file;
    }

    /** @return the file concerned, or {@code null} when the problem is not about one file */
    public Path file() {
        return file;
    }
}
