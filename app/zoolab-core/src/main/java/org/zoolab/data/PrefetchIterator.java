package org.zoolab.data;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zoolab.BadInputException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The batches of one epoch, prepared ahead by a pool of decode threads so the trainer does not wait: up to
 * {@code prefetch} batches (at least one per thread) are decoded and transformed in parallel while the trainer
 * works on the current one, and handed out in order. Each batch is built by one thread; each example uses its
 * own seeded generator ({@link Pipeline#sampleRandom}), so the output does not depend on the number of threads.
 * <p>
 * Bad files are skipped and recorded in the {@link BadFileReport} (the batch is then smaller); in strict mode
 * {@link #next()} throws the {@link BadInputException} naming the first bad file. At the end of the epoch a
 * summary of the report is logged. Close the iterator to stop the threads early.
 */
public final class PrefetchIterator implements Iterator<Batch>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PrefetchIterator.class);
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final Pipeline pipeline;
    private final int[] order;
    private final int batchSize;
    private final int depth;
    private final long seed;
    private final int epoch;
    private final BadFileReport report;
    private final ExecutorService pool;
    private final ArrayDeque<Future<Batch>> inFlight = new ArrayDeque<>();
    private final int batches;
    private int submitted;
    private int consumed;
    private int skipped;

    PrefetchIterator(Pipeline pipeline, int[] order, int batchSize, int threads, int prefetch, long seed, int epoch,
                     BadFileReport report) {
        if (batchSize <= 0 || threads <= 0 || prefetch <= 0) {
            throw new IllegalArgumentException("batch size, threads and prefetch must be positive");
        }
        this.pipeline = pipeline;
        this.order = order;
        this.batchSize = batchSize;
        this.depth = Math.max(prefetch, threads);
        this.seed = seed;
        this.epoch = epoch;
        this.report = report;
        this.batches = (order.length + batchSize - 1) / batchSize;
        int id = POOLS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "zoolab-decode-" + id + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        fill();
    }

    private void fill() {
        while (submitted < batches && inFlight.size() < depth) {
            int b = submitted++;
            inFlight.add(pool.submit(() -> build(b)));
        }
    }

    /** Number of batches in the epoch. */
    public int batchCount() {
        return batches;
    }

    @Override
    public boolean hasNext() {
        return consumed < batches;
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Future<Batch> f = inFlight.poll();
        Batch batch;
        try {
            batch = f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while waiting for a batch", e);
        } catch (ExecutionException e) {
            close();
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } catch (CancellationException e) {
            throw new IllegalStateException("the iterator was closed", e);
        }
        consumed++;
        skipped += batch.skipped();
        fill();
        if (!hasNext()) {
            pool.shutdown();
            if (!report.isEmpty()) {
                LOG.warn("epoch {}: {} bad files skipped of {} in this epoch; report so far: {}", epoch, skipped, order.length, report.summary());
            }
        }
        return batch;
    }

    private Batch build(int b) {
        int from = b * batchSize;
        int to = Math.min(order.length, from + batchSize);
        List<Sample> out = new ArrayList<>((to - from) * pipeline.views());
        int bad = 0;
        ImageSource source = pipeline.source();
        for (int p = from; p < to; p++) {
            if (Thread.currentThread().isInterrupted()) {
                throw new CancellationException();
            }
            int index = order[p];
            try {
                Sample s = source.load(index);
                if (s.conversion() != null) {
                    report.converted(s.name(), s.conversion());
                }
                out.addAll(pipeline.run(s, Pipeline.sampleRandom(seed, epoch, index)));
            } catch (BadImageException e) {
                bad++;
                report.skipped(source.name(index), e.reason());
            }
        }
        return assemble(out, bad);
    }

    private Batch assemble(List<Sample> samples, int bad) {
        int[] hw = pipeline.outputSize();
        int c = pipeline.channels();
        int h = hw[0];
        int w = hw[1];
        int n = samples.size();
        int per = c * h * w;
        float[] features = new float[n * per];
        int[] labels = new int[n];
        float[] masks = pipeline.segmentation() ? new float[n * h * w] : null;
        List<String> names = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Sample s = samples.get(i);
            FloatImage img = s.image();
            if (img.channels() != c || img.height() != h || img.width() != w) {
                throw new IllegalStateException(s.name() + ": the pipeline made " + img.shape() + ", expected " + c + "x" + h + "x" + w);
            }
            System.arraycopy(img.data(), 0, features, i * per, per);
            labels[i] = s.label();
            if (masks != null) {
                System.arraycopy(s.mask().data(), 0, masks, i * h * w, h * w);
            }
            names.add(s.name());
        }
        return new Batch(features, n, c, h, w, labels, masks, pipeline.views(), List.copyOf(names), bad);
    }

    /** Stops the decode threads; batches not yet handed out are dropped. */
    @Override
    public void close() {
        for (Future<Batch> f : inFlight) {
            f.cancel(true);
        }
        inFlight.clear();
        pool.shutdownNow();
    }
}
