package io.github.spl4j.data;

/** Which part of a benchmark dataset to read: the official training or test images. */
public enum Subset {
    /** The official training images (labelled, unlabelled and validation images are all drawn from these). */
    TRAIN,
    /** The official test images, used only to report test error, never to choose anything. */
    TEST
}
