package org.zoolab.bench;

/** One thing to time: a step that processes {@link #imagesPerStep()} images. */
public interface Workload extends AutoCloseable {
    /** Stable id, e.g. {@code "resnet-50/train/b8"}; the PyTorch side uses the same ids. */
    String id();

    int imagesPerStep();

    /** Floating-point operations of one step (2 per multiply-add forward, about 6 for a training step), or 0 if not counted. */
    double flopsPerStep();

    /** Allocates the model and inputs. */
    void setUp();

    /** Runs one step and waits for its result. */
    void step();

    @Override
    default void close() {
    }
}
