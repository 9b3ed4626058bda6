package org.zoolab.bench;

import java.util.List;

/**
 * The result of timing one workload.
 *
 * @param id               the workload id
 * @param imagesPerSecond  median over the repetitions
 * @param minImagesPerSecond slowest repetition
 * @param maxImagesPerSecond fastest repetition
 * @param repetitions      images/second of each timed repetition
 * @param gflops           achieved GFLOP/s at the median (0 when the workload counts no FLOPs)
 * @param ceilingFraction  gflops / the GEMM ceiling of the same run (0 when unknown)
 * @param peakRssMiB       peak resident memory of the process while it ran
 * @param peakOffHeapMiB   peak native memory (resident minus the JVM's committed heap and non-heap) while it ran
 */
public record Measurement(String id, double imagesPerSecond, double minImagesPerSecond, double maxImagesPerSecond,
                          List<Double> repetitions, double gflops, double ceilingFraction, double peakRssMiB,
                          double peakOffHeapMiB) {
}
