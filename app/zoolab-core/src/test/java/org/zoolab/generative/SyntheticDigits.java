package org.zoolab.generative;

import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic 28x28 "digits" for fast tests: class k is a bright bar (vertical for even k, horizontal for odd k)
 * at a class-dependent position, 3 pixels wide, with a little jitter and pixel noise.
 */
final class SyntheticDigits {
    private SyntheticDigits() {
    }

    static ImageSet images(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] pixels = new float[n * 28 * 28];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int k = rng.nextInt(10);
            labels[i] = k;
            int pos = 4 + 2 * (k / 2) * 2 + rng.nextInt(2);
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    int along = (k % 2 == 0) ? x : y;
                    boolean on = along >= pos && along < pos + 3;
                    float v = on ? 0.9f + 0.1f * (float) rng.nextDouble() : 0.05f * (float) rng.nextDouble();
                    pixels[i * 784 + y * 28 + x] = v;
                }
            }
        }
        return new ImageSet(Nd4j.create(pixels, new long[]{n, 784}, 'c'), labels, 1, 28, 28, 10);
    }

    static GenerativeData data(int train, int test) {
        return new GenerativeData("synthetic", images(train, 1), images(test, 2),
                List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
    }
}
