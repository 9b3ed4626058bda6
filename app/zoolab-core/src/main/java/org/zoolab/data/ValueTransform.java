package org.zoolab.data;

import java.util.random.RandomGenerator;

/**
 * A pipeline step that changes pixel values only, the same way for every sample: no random numbers, the image
 * keeps its size and the mask is left alone (mean subtraction, scaling).
 */
public interface ValueTransform extends Transform {

    /** Changes the image's values in place. */
    void apply(FloatImage image);

    @Override
    default void apply(Sample sample, RandomGenerator rng) {
        apply(sample.image());
    }

    @Override
    default boolean isRandom() {
        return false;
    }

    @Override
    default int[] outputSize(int[] in) {
        return in;
    }
}
