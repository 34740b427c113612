package io.github.spl4j.samples.cli;

import io.github.spl4j.data.FashionMnistReader;
import io.github.spl4j.data.Subset;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Makes sure the default Fashion-MNIST files exist: when Debian's {@code dataset-fashion-mnist} package is missing,
 * installs it with apt-get if this process runs as root and apt-get exists (saying so), otherwise prints the exact
 * command to run.
 */
public final class DatasetSetup {
    /** The Debian package with Fashion-MNIST. */
    public static final String PACKAGE = "dataset-fashion-mnist";
    /** The command a user runs to install it. */
    public static final String INSTALL_COMMAND = "sudo apt-get install -y " + PACKAGE;
    /** Environment variable that, when set to 0, forbids the automatic install (tests, CI). */
    public static final String AUTO_INSTALL_ENV = "SPL_AUTO_INSTALL";

    private DatasetSetup() {
    }

    /**
     * @param source where the run's images come from
     * @param err    where to say what happens
     * @return true if the data is there (or the run does not use the default location)
     */
    public static boolean ensureDefaultData(io.github.spl4j.samples.train.RunSource source, PrintWriter err) {
        if (source.source() != io.github.spl4j.samples.train.DataSource.FASHION_MNIST || source.data() != null) {
            return true;
        }
        FashionMnistReader reader = new FashionMnistReader();
        if (reader.isAvailable(Subset.TRAIN) && reader.isAvailable(Subset.TEST)) {
            return true;
        }
        err.println("Fashion-MNIST is not installed in " + FashionMnistReader.DEFAULT_FOLDER_NAME + ".");
        boolean allowed = !"0".equals(System.getenv(AUTO_INSTALL_ENV));
        Path aptGet = Path.of("/usr/bin/apt-get");
        if (allowed && isRoot() && Files.isExecutable(aptGet)) {
            err.println("Installing Debian's " + PACKAGE + " (apt-get install -y " + PACKAGE + ") ...");
            err.flush();
            boolean ok = run(List.of(aptGet.toString(), "install", "-y", PACKAGE))
                    || (run(List.of(aptGet.toString(), "update")) && run(List.of(aptGet.toString(), "install", "-y",
                    PACKAGE)));
            if (ok && reader.isAvailable(Subset.TRAIN) && reader.isAvailable(Subset.TEST)) {
                err.println("Installed " + PACKAGE + ".");
                return true;
            }
            err.println("Installing " + PACKAGE + " failed.");
        }
        err.println("Install it with:  " + INSTALL_COMMAND);
        err.println("or give a folder with the idx files: --data DIR");
        return false;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static boolean run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).inheritIO().start();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
