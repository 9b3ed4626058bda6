package org.zoolab.generative;

/**
 * Keeps the process's memory flat during training. The nets run without DL4J workspaces (the input gradients must
 * outlive the backward pass, see {@link ExternalLossGraph}), so every step leaves its arrays' native memory to the
 * garbage collector; with a small Java heap the collector rarely runs and the native memory piles up (measured: the
 * MNIST VAE grew to 23 GB resident in 15 epochs with -Xmx6g). A collection every {@value #EVERY} steps keeps it at
 * about 0.5 GB and made steps faster (21 ms instead of 33 ms, fewer page faults).
 */
public final class OffHeapMemory {
    public static final int EVERY = 50;

    private OffHeapMemory() {
    }

    /** Call once per training step. */
    public static void afterStep(int iteration) {
        if (iteration % EVERY == 0) {
            System.gc();
        }
    }
}
