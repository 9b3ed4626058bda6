/**
 * The benchmark harness behind {@code scripts/bench}: each {@link org.zoolab.bench.Workload} (a zoo model's forward
 * pass or training step at a fixed batch, a generative step, the image pipeline) is warmed up and then timed in
 * several repetitions on random inputs; the harness reports the median images/second with its spread, the achieved
 * GFLOP/s as a fraction of the machine's fp32 matrix-multiply ceiling measured in the same run, and the peak
 * resident and off-heap memory. Kept out of the library and the CLI jars.
 */
package org.zoolab.bench;
