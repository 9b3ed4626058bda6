/**
 * The benchmark harness behind {@code scripts/bench} and {@code scripts/bench-levers}. Each
 * {@link org.zoolab.bench.Workload} is warmed up and then timed in several repetitions on random inputs (never
 * zeros) by the {@link org.zoolab.bench.Harness}, which reports the median images/second with its spread, the
 * achieved GFLOP/s as a fraction of the machine's fp32 matrix-multiply ceiling measured in the same run
 * ({@link org.zoolab.bench.GemmCeiling}), and the peak resident and off-heap memory
 * ({@link org.zoolab.bench.MemoryProbe}).
 * <p>
 * Workloads ({@link org.zoolab.bench.BenchMain#suite}, issue 11's list): a zoo classifier's forward pass or training
 * step ({@link org.zoolab.bench.ZooModelWorkload}); one VAE training step and one DCGAN D + G step exactly as
 * {@code zoolab generate train} runs them ({@link org.zoolab.bench.VaeWorkload},
 * {@link org.zoolab.bench.DcganWorkload}); and the 256 to 224 image pipeline over real photos
 * ({@link org.zoolab.bench.PipelineWorkload}). The PyTorch side ({@code scripts/bench-lib/pytorch_suite.py}) times
 * the same workloads under the same ids.
 * <p>
 * A {@link org.zoolab.bench.Variant} ({@code --variant workspace=none,cache=host}) changes performance levers
 * (workspaces, cache mode, data type, oneDNN helpers, thread counts) against zoolab's defaults without changing
 * them. Kept out of the library and the CLI jars.
 */
package org.zoolab.bench;
