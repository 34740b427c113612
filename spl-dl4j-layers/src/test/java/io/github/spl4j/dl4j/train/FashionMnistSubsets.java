package io.github.spl4j.dl4j.train;

import io.github.spl4j.data.FashionMnistReader;
import io.github.spl4j.data.ImageDataset;
import io.github.spl4j.data.InMemoryImageDataset;
import io.github.spl4j.data.Subset;

/** The first n images of Fashion-MNIST's training or test set, for quick end-to-end runs. */
final class FashionMnistSubsets {
    private FashionMnistSubsets() {
    }

    static boolean available() {
        FashionMnistReader r = new FashionMnistReader();
        return r.isAvailable(Subset.TRAIN) && r.isAvailable(Subset.TEST);
    }

    static ImageDataset first(Subset subset, int n) {
        ImageDataset full = new FashionMnistReader().read(subset);
        int side = full.height() * full.width() * full.channels();
        byte[] pixels = new byte[n * side];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(full.image(i).data(), 0, pixels, i * side, side);
            labels[i] = full.label(i);
        }
        return new InMemoryImageDataset(full.name() + "[0:" + n + "]", full.height(), full.width(), full.channels(),
                pixels, labels, full.classNames());
    }
}
