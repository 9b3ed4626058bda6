package org.zoolab.bench;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/** Warm-up, then {@code repetitions} timed runs of at least {@code secondsPerRepetition} each; median and spread. */
public final class Harness {
    private static final Logger log = LoggerFactory.getLogger(Harness.class);
    private final int repetitions;
    private final double secondsPerRepetition;
    private final double warmupSeconds;

    public Harness(int repetitions, double secondsPerRepetition, double warmupSeconds) {
        if (repetitions < 1) throw new IllegalArgumentException("repetitions must be >= 1");
        this.repetitions = repetitions;
        this.secondsPerRepetition = secondsPerRepetition;
        this.warmupSeconds = warmupSeconds;
    }

    /** Times {@code w}; {@code ceilingGflops} (0 if unknown) turns GFLOP/s into a fraction of the ceiling. */
    public Measurement measure(Workload w, double ceilingGflops) {
        try (w; MemoryProbe memory = new MemoryProbe()) {
            w.setUp();
            long warmEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
            int warmSteps = 0;
            while (warmSteps < 2 || System.nanoTime() < warmEnd) {
                w.step();
                warmSteps++;
            }
            List<Double> rates = new ArrayList<>();
            long timedStart = System.nanoTime();
            for (int r = 0; r < repetitions; r++) {
                long start = System.nanoTime();
                long end = start + (long) (secondsPerRepetition * 1e9);
                int steps = 0;
                long now;
                do {
                    w.step();
                    steps++;
                    now = System.nanoTime();
                } while (now < end);
                rates.add(steps * (double) w.imagesPerStep() / ((now - start) / 1e9));
            }
            // System.nanoTime is CLOCK_MONOTONIC on Linux: `perf record -k CLOCK_MONOTONIC` samples carry the same
            // clock, so scripts/bench-native-profile keeps only the samples inside this window.
            log.info("{}: timed window {} to {} ns (CLOCK_MONOTONIC)", w.id(), timedStart, System.nanoTime());
            List<Double> sorted = new ArrayList<>(rates);
            sorted.sort(Double::compare);
            double median = median(sorted);
            double stepsPerSecond = median / w.imagesPerStep();
            double gflops = w.flopsPerStep() * stepsPerSecond / 1e9;
            Measurement m = new Measurement(w.id(), median, sorted.get(0), sorted.get(sorted.size() - 1), rates,
                    gflops, ceilingGflops > 0 ? gflops / ceilingGflops : 0,
                    memory.peakRssBytes() / 1048576.0, memory.peakOffHeapBytes() / 1048576.0);
            log.info("{}: {} img/s (min {}, max {}), {} GFLOP/s", w.id(), fmt(median), fmt(sorted.get(0)),
                    fmt(sorted.get(sorted.size() - 1)), fmt(gflops));
            return m;
        }
    }

    static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.2f", v);
    }
}
