package io.github.spl4j.dl4j.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.github.spl4j.data.ImageDataset;
import io.github.spl4j.data.InMemoryImageDataset;

/** Small learnable 10-class grey images: class k lights a different 3x3 block, plus noise. */
final class SyntheticImages {
    static final int SIDE = 12;

    private SyntheticImages() {
    }

    static ImageDataset dataset(String name, int count, long seed) {
        Random r = new Random(seed);
        byte[] pixels = new byte[count * SIDE * SIDE];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            int k = i % 10;
            labels[i] = k;
            int top = (k / 4) * 4;
            int left = (k % 4) * 3;
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    boolean on = y >= top && y < top + 3 && x >= left && x < left + 3;
                    int v = (on ? 180 : 40) + r.nextInt(60);
                    pixels[i * SIDE * SIDE + y * SIDE + x] = (byte) v;
                }
            }
        }
        List<String> names = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            names.add("c" + k);
        }
        return new InMemoryImageDataset(name, SIDE, SIDE, 1, pixels, labels, names);
    }
}
