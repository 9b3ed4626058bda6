package org.zoolab.data;

import java.util.random.RandomGenerator;

/**
 * One step of a pipeline, applied to a sample in place. Geometric steps move the image and its mask
 * together. Random steps draw only from the generator they are given (seeded per sample by the pipeline), so
 * the same seed gives the same crops and flips whatever the number of decode threads.
 */
public interface Transform {

    /** Applies the step. A file that this step cannot use (too small for the crop ...) is a BadImageException. */
    void apply(Sample sample, RandomGenerator rng) throws BadImageException;

    /** Whether the step draws random numbers. */
    boolean isRandom();

    /**
     * The image size {h, w} after this step when it is fixed whatever the input, or the input size when the
     * step keeps it; null when it varies. {@code in} is the size before the step or null if that varies.
     */
    int[] outputSize(int[] in);

    /** The step as written in YAML, e.g. "random-crop 224". */
    String describe();
}
