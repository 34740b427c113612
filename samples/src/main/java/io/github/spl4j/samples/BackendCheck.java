package io.github.spl4j.samples;

import io.github.spl4j.dl4j.backend.BackendInfo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs which ND4J backend and native helpers this JVM uses, then exits: 0 if the backend named by the first argument
 * ({@code cpu} or {@code cuda}, optional) is in use, 1 otherwise. Use it to check a GPU machine before training:
 * build with {@code -Pcuda} and run this class with the samples classpath. The app logs the same line at start.
 */
public final class BackendCheck {
    private static final Logger LOG = LoggerFactory.getLogger(BackendCheck.class);

    private BackendCheck() {
    }

    /**
     * @param args optional expected backend, {@code cpu} or {@code cuda}
     */
    public static void main(String[] args) {
        BackendInfo info = BackendInfo.detect();
        LOG.info("{}", info.summary());
        if (args.length > 0 && !args[0].equalsIgnoreCase(info.backend())) {
            LOG.error("expected backend {}, found {}", args[0], info.backend());
            System.exit(1);
        }
    }
}
