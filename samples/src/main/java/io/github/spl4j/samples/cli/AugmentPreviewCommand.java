package io.github.spl4j.samples.cli;

import io.github.spl4j.samples.augment.AugmentPreview;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spl augment-preview}: a PNG grid of weak and strong views of some images. */
@Command(name = "augment-preview", mixinStandardHelpOptions = true,
        description = "Write a PNG grid: per image the original, weak views (flip + translate) and strong views "
                + "(RandAugment + Cutout).")
public final class AugmentPreviewCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "augment-preview.png",
            description = "PNG file to write. Default: ${DEFAULT-VALUE}.")
    private Path out;

    @Option(names = "--images", paramLabel = "FILE", defaultValue = "/usr/share/datasets/fashion-mnist/"
            + "train-images-idx3-ubyte.gz", description = "Gzipped idx image file; synthetic colour images are added "
            + "either way. Default: ${DEFAULT-VALUE}.")
    private Path images;

    @Option(names = "--count", paramLabel = "N", defaultValue = "6",
            description = "Images from the idx file. Default: ${DEFAULT-VALUE}.")
    private int count;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of the views. "
            + "Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Option(names = "--scale", paramLabel = "K", defaultValue = "4",
            description = "Pixel scale factor >= 1. Default: ${DEFAULT-VALUE}.")
    private int scale;

    @Override
    public Integer call() throws Exception {
        if (count < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--count': must be >= 0, found " + count);
        }
        if (scale < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--scale': must be >= 1, found " + scale);
        }
        boolean haveImages = Files.isRegularFile(images);
        if (!haveImages) {
            spec.commandLine().getErr().println("No " + images + ": showing synthetic images only ("
                    + DatasetSetup.INSTALL_COMMAND + " adds Fashion-MNIST).");
        }
        AugmentPreview.run(haveImages ? images : null, count, out, seed, scale);
        spec.commandLine().getOut().println("Wrote " + out);
        return 0;
    }
}
