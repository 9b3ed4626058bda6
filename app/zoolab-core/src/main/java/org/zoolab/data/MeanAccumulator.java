package org.zoolab.data;

import org.zoolab.BadInputException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * The streaming sums behind {@link MeanStats} (one accumulator per thread, then {@link #merge}): sum image, channel
 * sums, RGB cross products of values scaled to [0, 1]; {@link #finish} turns them into the statistics.
 */
final class MeanAccumulator {
    private final int channels;
    private final int height;
    private final int width;
    private final double[] imageSum;
    private final double[] channelSum;
    private final double[] cross = new double[6]; // rr, rg, rb, gg, gb, bb of values in [0, 1]
    private final double[] scaledSum = new double[3];
    private long pixels;
    private long images;

    /** {@code height, width} of the mean image, or 0, 0 when the size varies (no mean image). */
    MeanAccumulator(int channels, int height, int width) {
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.imageSum = height > 0 ? new double[channels * height * width] : null;
        this.channelSum = new double[channels];
    }

    void add(FloatImage img) {
        if (img.channels() != channels) {
            throw new IllegalArgumentException("expected " + channels + " channels, got " + img.shape());
        }
        float[] d = img.data();
        if (imageSum != null) {
            if (img.height() != height || img.width() != width) {
                throw new IllegalArgumentException("expected " + height + "x" + width + ", got " + img.shape());
            }
            for (int i = 0; i < d.length; i++) {
                imageSum[i] += d[i];
            }
        }
        int plane = img.height() * img.width();
        for (int c = 0; c < channels; c++) {
            double s = 0;
            for (int i = c * plane, end = i + plane; i < end; i++) {
                s += d[i];
            }
            channelSum[c] += s;
        }
        if (channels == 3) {
            double rr = 0, rg = 0, rb = 0, gg = 0, gb = 0, bb = 0, sr = 0, sg = 0, sb = 0;
            final double k = 1 / 255.0;
            for (int i = 0; i < plane; i++) {
                double r = d[i] * k;
                double g = d[plane + i] * k;
                double b = d[2 * plane + i] * k;
                sr += r;
                sg += g;
                sb += b;
                rr += r * r;
                rg += r * g;
                rb += r * b;
                gg += g * g;
                gb += g * b;
                bb += b * b;
            }
            scaledSum[0] += sr;
            scaledSum[1] += sg;
            scaledSum[2] += sb;
            cross[0] += rr;
            cross[1] += rg;
            cross[2] += rb;
            cross[3] += gg;
            cross[4] += gb;
            cross[5] += bb;
        }
        pixels += plane;
        images++;
    }

    void merge(MeanAccumulator o) {
        if (imageSum != null) {
            for (int i = 0; i < imageSum.length; i++) {
                imageSum[i] += o.imageSum[i];
            }
        }
        for (int c = 0; c < channels; c++) {
            channelSum[c] += o.channelSum[c];
        }
        for (int i = 0; i < 6; i++) {
            cross[i] += o.cross[i];
        }
        for (int i = 0; i < 3; i++) {
            scaledSum[i] += o.scaledSum[i];
        }
        pixels += o.pixels;
        images += o.images;
    }

    long images() {
        return images;
    }

    /** The statistics; at least one image must have been added. */
    MeanStats finish(String key, ImageSource source, long skipped) {
        if (images == 0) {
            throw new BadInputException(source.describe() + ": no usable image to compute a mean from");
        }
        double[] cm = new double[channels];
        for (int c = 0; c < channels; c++) {
            cm[c] = channelSum[c] / pixels;
        }
        FloatImage mean = null;
        if (imageSum != null) {
            float[] m = new float[imageSum.length];
            for (int i = 0; i < m.length; i++) {
                m[i] = (float) (imageSum[i] / images);
            }
            mean = new FloatImage(channels, height, width, m);
        }
        double[] ev = null;
        double[][] vec = null;
        if (channels == 3) {
            double n = pixels;
            double[] mu = {scaledSum[0] / n, scaledSum[1] / n, scaledSum[2] / n};
            double[][] cov = {
                    {cross[0] / n - mu[0] * mu[0], cross[1] / n - mu[0] * mu[1], cross[2] / n - mu[0] * mu[2]},
                    {0, cross[3] / n - mu[1] * mu[1], cross[4] / n - mu[1] * mu[2]},
                    {0, 0, cross[5] / n - mu[2] * mu[2]}};
            cov[1][0] = cov[0][1];
            cov[2][0] = cov[0][2];
            cov[2][1] = cov[1][2];
            ev = new double[3];
            vec = new double[3][3];
            SymmetricEigen.decompose(cov, ev, vec);
        }
        return new MeanStats(key, source.describe(), source.fingerprint(), images, skipped, cm, mean, ev, vec);
    }

    /**
     * Computes the statistics of a source in one streaming pass over the fixed leading steps of a pipeline
     * ({@link Pipeline#statsPrefix}), decoding with {@code threads} threads, one accumulator each, merged at the
     * end. Bad files go to the report.
     *
     * @param progress called with the number of examples done so far (from any thread), may be null
     */
    static MeanStats compute(Pipeline prefix, BadFileReport report, int threads, IntConsumer progress) {
        ImageSource source = prefix.source();
        int[] hw = prefix.outputSize();
        int channels = prefix.channels();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicLong skipped = new AtomicLong();
        List<MeanAccumulator> parts = Collections.synchronizedList(new ArrayList<>());
        List<Thread> workers = new ArrayList<>();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        for (int t = 0; t < Math.max(1, threads); t++) {
            Thread w = new Thread(() -> {
                MeanAccumulator acc = new MeanAccumulator(channels, hw == null ? 0 : hw[0], hw == null ? 0 : hw[1]);
                parts.add(acc);
                try {
                    for (int i = next.getAndIncrement(); i < source.size() && failure.get() == null; i = next.getAndIncrement()) {
                        try {
                            Sample s = source.load(i);
                            if (s.conversion() != null) {
                                report.converted(s.name(), s.conversion());
                            }
                            for (Sample out : prefix.run(s, Pipeline.sampleRandom(0, 0, i))) {
                                acc.add(out.image());
                            }
                        } catch (BadImageException e) {
                            skipped.incrementAndGet();
                            report.skipped(source.name(i), e.reason());
                        }
                        int d = done.incrementAndGet();
                        if (progress != null) {
                            progress.accept(d);
                        }
                    }
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }, "zoolab-mean-" + t);
            w.setDaemon(true);
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            try {
                w.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        MeanAccumulator total = new MeanAccumulator(channels, hw == null ? 0 : hw[0], hw == null ? 0 : hw[1]);
        for (MeanAccumulator a : parts) {
            total.merge(a);
        }
        return total.finish(Pipeline.statsKey(prefix.spec()), source, skipped.get());
    }
}
