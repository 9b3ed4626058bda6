package org.zoolab.bench;

import org.bytedeco.javacpp.Pointer;
import java.lang.management.ManagementFactory;

/**
 * Samples every 20 ms the process's resident memory (JavaCPP's reading of RSS) and its native share: RSS minus the
 * JVM's committed heap and non-heap memory (ND4J 1.0.0-M2.1's own AllocationsTracker stays at 0 on the CPU backend,
 * and JavaCPP's Pointer.totalBytes() does not see libnd4j's buffers). Keeps the peaks.
 */
final class MemoryProbe implements AutoCloseable {
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long peakRss;
    private volatile long peakOffHeap;

    MemoryProbe() {
        thread = new Thread(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "memory-probe");
        thread.setDaemon(true);
        thread.start();
    }

    private void sample() {
        long rss = Pointer.physicalBytes();
        peakRss = Math.max(peakRss, rss);
        var mem = ManagementFactory.getMemoryMXBean();
        long jvm = mem.getHeapMemoryUsage().getCommitted() + mem.getNonHeapMemoryUsage().getCommitted();
        peakOffHeap = Math.max(peakOffHeap, Math.max(0, rss - jvm));
    }

    long peakRssBytes() {
        return peakRss;
    }

    long peakOffHeapBytes() {
        return peakOffHeap;
    }

    @Override
    public void close() {
        sample();
        running = false;
        thread.interrupt();
    }
}
