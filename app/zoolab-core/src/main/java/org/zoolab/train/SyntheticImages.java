package org.zoolab.train;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

/**
 * A learnable synthetic image set for smoke tests, like torchvision's FakeData but with a signal: class
 * {@code c} of {@code k} is a bright square whose position on a grid is {@code c}, on Gaussian noise (sd 0.3),
 * values around [0, 1]. Deterministic in its seed. {@code zoolab train MODEL --data synthetic} uses 10 classes
 * of 1x28x28, 2,000 training and 500 test images.
 */
public final class SyntheticImages {
    public static final String NAME = "synthetic";

    private SyntheticImages() {
    }

    /** {@code n} images of {@code channels x size x size} in {@code classes} classes; example i has class i mod classes. */
    public static DataSet generate(int n, int classes, int channels, int size, long seed) {
        Random r = new Random(seed);
        int grid = (int) Math.ceil(Math.sqrt(classes));
        int cell = size / grid;
        float[] x = new float[n * channels * size * size];
        float[] y = new float[n * classes];
        for (int i = 0; i < n; i++) {
            int c = i % classes;
            int oy = (c / grid) * cell, ox = (c % grid) * cell;
            for (int ch = 0; ch < channels; ch++) {
                int base = ((i * channels) + ch) * size * size;
                for (int p = 0; p < size * size; p++) x[base + p] = (float) (0.3 * r.nextGaussian());
                for (int h = 0; h < cell; h++) for (int w = 0; w < cell; w++) x[base + (oy + h) * size + ox + w] += 1f;
            }
            y[i * classes + c] = 1f;
        }
        return new DataSet(Nd4j.create(x, new long[]{n, channels, size, size}), Nd4j.create(y, new long[]{n, classes}));
    }
}
