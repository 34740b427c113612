package io.github.spl4j.dl4j.train;

import java.nio.file.Path;

import io.github.spl4j.augment.Augmentation;
import io.github.spl4j.augment.WeakAugment;
import io.github.spl4j.data.ImageDataset;

/**
 * The training run of the child-JVM fault tests ({@link KillResumeFaultTest}): {@code FaultChild RUN_DIR [MODE]}
 * trains (or resumes) the same small run with Ctrl-C handling ({@link FixMatchTrainer#stopOnShutdown()}). MODE
 * {@code bad-augment} uses a strong augmentation that always throws.
 */
public final class FaultChild {
    /** Steps of the run. */
    static final int STEPS = 60;

    private FaultChild() {
    }

    static FixMatchConfig config(Path dir) {
        return FixMatchConfig.builder().labels(20).batchSize(4).unlabeledRatio(2).steps(STEPS).evalInterval(20)
                .medianOfLast(2).checkpointInterval(7).keepCheckpoints(2).workers(2).tau(0.5).seed(11)
                .outputDir(dir.toString()).build();
    }

    /**
     * @param args run folder, optional mode
     */
    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        boolean badAugment = args.length > 1 && args[1].equals("bad-augment");
        ImageDataset train = SyntheticImages.dataset("synthetic/train", 200, 1);
        FixMatchTrainer.Builder b = FixMatchTrainer.builder(config(dir)).data(train,
                SyntheticImages.dataset("synthetic/test", 50, 2));
        if (badAugment) {
            Augmentation failing = (image, random) -> {
                throw new IllegalStateException("injected augmentation failure");
            };
            b.augmentations(new WeakAugment(), failing);
        }
        FixMatchTrainer trainer = b.build();
        trainer.stopOnShutdown();
        trainer.run();
    }
}
