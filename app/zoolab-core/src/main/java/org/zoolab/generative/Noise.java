package org.zoolab.generative;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.random.RandomGenerator;

/**
 * Random numbers drawn in Java from a seeded generator, so that a run's noise (GAN inputs, the VAE's
 * reparameterisation, fixed sample grids) depends on the seed alone and a resumed run draws the same numbers.
 */
public final class Noise {
    private Noise() {
    }

    /** Standard normal values, shape {@code [rows, cols]}, float. */
    public static INDArray normal(RandomGenerator rng, int rows, int cols) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) v[i] = (float) rng.nextGaussian();
        return Nd4j.create(v, new long[]{rows, cols}, 'c');
    }

    /** Uniform values in [-1, 1), shape {@code [rows, cols]}, float. */
    public static INDArray uniform(RandomGenerator rng, int rows, int cols) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) v[i] = (float) (2 * rng.nextDouble() - 1);
        return Nd4j.create(v, new long[]{rows, cols}, 'c');
    }

    /** The generator for one epoch of a run: depends on the run's seed and the epoch only. */
    public static RandomGenerator forEpoch(long seed, int epoch, int stream) {
        return new java.util.SplittableRandom(seed * 1_000_003L + epoch * 31L + stream);
    }
}
