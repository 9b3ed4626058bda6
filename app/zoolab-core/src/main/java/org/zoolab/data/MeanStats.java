package org.zoolab.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.zoolab.BadInputException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Statistics of a training set as a pipeline sees it after its fixed leading steps (the "key", e.g.
 * {@code warp 256x256}): the per-pixel mean image (when that size is fixed), the per-channel mean, and the
 * eigenvalues and eigenvectors of the 3x3 covariance of RGB values scaled to [0, 1] (for
 * {@link PcaColorNoise}). Computed in one streaming pass by {@code zoolab data mean} and saved beside the data
 * as {@code mean-KEY.json} (+ {@code mean-KEY.f32}, the mean image as little-endian float32, CHW), both
 * written atomically. It records the source's fingerprint, so a pipeline refuses a mean computed on other data
 * or at another size, naming both.
 */
public final class MeanStats {
    private static final String FORMAT = "zoolab-mean/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String key;
    private final String source;
    private final String fingerprint;
    private final long images;
    private final long skipped;
    private final double[] channelMean;
    private final FloatImage meanImage;
    private final double[] eigenvalues;
    private final double[][] eigenvectors;

    public MeanStats(String key, String source, String fingerprint, long images, long skipped, double[] channelMean,
                     FloatImage meanImage, double[] eigenvalues, double[][] eigenvectors) {
        this.key = key;
        this.source = source;
        this.fingerprint = fingerprint;
        this.images = images;
        this.skipped = skipped;
        this.channelMean = channelMean;
        this.meanImage = meanImage;
        this.eigenvalues = eigenvalues;
        this.eigenvectors = eigenvectors;
    }

    /** The fixed leading steps the statistics were taken after, e.g. "warp 256x256", or "decoded". */
    public String key() {
        return key;
    }

    /** The source's description when computed. */
    public String source() {
        return source;
    }

    public String fingerprint() {
        return fingerprint;
    }

    public long images() {
        return images;
    }

    public long skipped() {
        return skipped;
    }

    /** Per-channel mean in pixel units (0..255), RGB order. */
    public double[] channelMean() {
        return channelMean.clone();
    }

    /** The mean image (CHW, pixel units), or null when the size at the key's point varies. */
    public FloatImage meanImage() {
        return meanImage;
    }

    /** Eigenvalues (descending) of the RGB covariance of values in [0, 1]; null for grey sources. */
    public double[] eigenvalues() {
        return eigenvalues == null ? null : eigenvalues.clone();
    }

    /** {@code eigenvectors()[i]} is the unit (r, g, b) eigenvector of {@code eigenvalues()[i]}; null for grey. */
    public double[][] eigenvectors() {
        return eigenvectors == null ? null : new double[][]{eigenvectors[0].clone(), eigenvectors[1].clone(), eigenvectors[2].clone()};
    }

    /** The file name part for a key: "warp 256x256" gives "warp-256x256". */
    public static String slug(String key) {
        return key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "-").replaceAll("^-|-$", "");
    }

    /** {@code DIR/mean-SLUG.json} */
    public static Path jsonFile(Path statsDir, String key) {
        return statsDir.resolve("mean-" + slug(key) + ".json");
    }

    /** Saves {@code mean-SLUG.json} (and the mean image {@code mean-SLUG.f32}) into a folder; returns the JSON path. */
    public Path save(Path statsDir) {
        Path json = jsonFile(statsDir, key);
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("key", key);
        root.put("source", source);
        root.put("fingerprint", fingerprint);
        root.put("images", images);
        root.put("skipped", skipped);
        root.put("channels", channelMean.length);
        ArrayNode cm = root.putArray("channelMean");
        for (double v : channelMean) {
            cm.add(v);
        }
        if (meanImage != null) {
            byte[] raw = floats(meanImage.data());
            Path bin = statsDir.resolve("mean-" + slug(key) + ".f32");
            BadFileReport.writeAtomically(bin, raw);
            ObjectNode mi = root.putObject("meanImage");
            mi.put("height", meanImage.height());
            mi.put("width", meanImage.width());
            mi.put("file", bin.getFileName().toString());
            mi.put("sha256", sha256(raw));
        }
        if (eigenvalues != null) {
            ObjectNode pca = root.putObject("pca");
            ArrayNode ev = pca.putArray("eigenvalues");
            for (double v : eigenvalues) {
                ev.add(v);
            }
            ArrayNode vecs = pca.putArray("eigenvectors");
            for (double[] v : eigenvectors) {
                ArrayNode a = vecs.addArray();
                for (double x : v) {
                    a.add(x);
                }
            }
        }
        try {
            BadFileReport.writeAtomically(json, JSON.writeValueAsString(root).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return json;
    }

    /** Loads a mean file; a missing, malformed or altered file is a BadInputException naming it. */
    public static MeanStats load(Path json) {
        if (!Files.isRegularFile(json)) {
            throw new BadInputException(json + ": no such mean file");
        }
        try {
            JsonNode root = JSON.readTree(json.toFile());
            if (!FORMAT.equals(root.path("format").asText())) {
                throw new BadInputException(json + ": not a zoolab mean file (format '" + root.path("format").asText() + "')");
            }
            int channels = root.get("channels").asInt();
            double[] cm = new double[channels];
            for (int c = 0; c < channels; c++) {
                cm[c] = root.get("channelMean").get(c).asDouble();
            }
            FloatImage meanImage = null;
            JsonNode mi = root.get("meanImage");
            if (mi != null && !mi.isNull()) {
                Path bin = json.resolveSibling(mi.get("file").asText());
                if (!Files.isRegularFile(bin)) {
                    throw new BadInputException(json + ": its mean image " + bin + " is missing");
                }
                byte[] raw = Files.readAllBytes(bin);
                if (!sha256(raw).equals(mi.get("sha256").asText())) {
                    throw new BadInputException(bin + ": SHA-256 differs from the one in " + json + " (file altered or half-written)");
                }
                int h = mi.get("height").asInt();
                int w = mi.get("width").asInt();
                float[] data = new float[raw.length / 4];
                ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
                meanImage = new FloatImage(channels, h, w, data);
            }
            double[] ev = null;
            double[][] vec = null;
            JsonNode pca = root.get("pca");
            if (pca != null && !pca.isNull()) {
                ev = new double[3];
                vec = new double[3][3];
                for (int i = 0; i < 3; i++) {
                    ev[i] = pca.get("eigenvalues").get(i).asDouble();
                    for (int c = 0; c < 3; c++) {
                        vec[i][c] = pca.get("eigenvectors").get(i).get(c).asDouble();
                    }
                }
            }
            return new MeanStats(root.get("key").asText(), root.get("source").asText(), root.get("fingerprint").asText(),
                    root.get("images").asLong(), root.path("skipped").asLong(), cm, meanImage, ev, vec);
        } catch (IOException | RuntimeException e) {
            if (e instanceof BadInputException bie) {
                throw bie;
            }
            throw new BadInputException(json + ": cannot read the mean file (" + e.getMessage() + ")");
        }
    }

    /**
     * Refuses statistics computed on other data or at another point/size of the pipeline.
     *
     * @param file   the mean file (for messages)
     * @param source the training source the pipeline reads
     * @param key    the fixed leading steps of the pipeline
     */
    public void checkMatches(Path file, ImageSource source, String key) {
        if (!this.key.equals(key)) {
            throw new BadInputException(file + " was computed after '" + this.key + "' but the pipeline needs it after '"
                    + key + "'; run zoolab data mean for this pipeline");
        }
        if (!fingerprint.equals(source.fingerprint())) {
            throw new BadInputException(file + " was computed on other data: " + this.source + ", fingerprint " + fingerprint
                    + "; training uses " + source.describe() + ", fingerprint " + source.fingerprint()
                    + " (run zoolab data mean again)");
        }
    }

    /**
     * Computes the statistics of a source in one streaming pass over the fixed leading steps of a pipeline
     * ({@link Pipeline#statsPrefix}), decoding with {@code threads} threads. Bad files go to the report.
     *
     * @param progress called with the number of examples done so far (from any thread), may be null
     */
    public static MeanStats compute(Pipeline prefix, BadFileReport report, int threads, IntConsumer progress) {
        ImageSource source = prefix.source();
        int[] hw = prefix.outputSize();
        int channels = prefix.channels();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicLong skipped = new AtomicLong();
        List<Accumulator> parts = Collections.synchronizedList(new ArrayList<>());
        List<Thread> workers = new ArrayList<>();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        for (int t = 0; t < Math.max(1, threads); t++) {
            Thread w = new Thread(() -> {
                Accumulator acc = new Accumulator(channels, hw == null ? 0 : hw[0], hw == null ? 0 : hw[1]);
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
        Accumulator total = new Accumulator(channels, hw == null ? 0 : hw[0], hw == null ? 0 : hw[1]);
        for (Accumulator a : parts) {
            total.merge(a);
        }
        return total.finish(Pipeline.statsKey(prefix.spec()), source, skipped.get());
    }

    private static byte[] floats(float[] data) {
        ByteBuffer buf = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(data);
        return buf.array();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Streaming sums over images (one accumulator per thread, then {@link #merge}): sum image, channel sums,
     * RGB cross products of values scaled to [0, 1].
     */
    public static final class Accumulator {
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
        public Accumulator(int channels, int height, int width) {
            this.channels = channels;
            this.height = height;
            this.width = width;
            this.imageSum = height > 0 ? new double[channels * height * width] : null;
            this.channelSum = new double[channels];
        }

        public void add(FloatImage img) {
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

        public void merge(Accumulator o) {
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

        public long images() {
            return images;
        }

        /** The statistics; at least one image must have been added. */
        public MeanStats finish(String key, ImageSource source, long skipped) {
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
                symmetricEigen(cov, ev, vec);
            }
            return new MeanStats(key, source.describe(), source.fingerprint(), images, skipped, cm, mean, ev, vec);
        }
    }

    /**
     * Eigen-decomposition of a symmetric 3x3 matrix by cyclic Jacobi rotations. Eigenvalues come out in
     * descending order; each unit eigenvector {@code vectors[i]} has its largest-magnitude component positive.
     */
    static void symmetricEigen(double[][] matrix, double[] values, double[][] vectors) {
        double[][] a = {matrix[0].clone(), matrix[1].clone(), matrix[2].clone()};
        double[][] v = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = a[0][1] * a[0][1] + a[0][2] * a[0][2] + a[1][2] * a[1][2];
            if (off < 1e-30) {
                break;
            }
            for (int p = 0; p < 2; p++) {
                for (int q = p + 1; q < 3; q++) {
                    if (Math.abs(a[p][q]) < 1e-300) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < 3; k++) {
                        double akp = a[k][p];
                        double akq = a[k][q];
                        a[k][p] = c * akp - s * akq;
                        a[k][q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < 3; k++) {
                        double apk = a[p][k];
                        double aqk = a[q][k];
                        a[p][k] = c * apk - s * aqk;
                        a[q][k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < 3; k++) {
                        double vkp = v[k][p];
                        double vkq = v[k][q];
                        v[k][p] = c * vkp - s * vkq;
                        v[k][q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        Integer[] order = {0, 1, 2};
        Arrays.sort(order, (i, j) -> Double.compare(a[j][j], a[i][i]));
        for (int r = 0; r < 3; r++) {
            int i = order[r];
            values[r] = a[i][i];
            double[] vec = {v[0][i], v[1][i], v[2][i]};
            int big = 0;
            for (int k = 1; k < 3; k++) {
                if (Math.abs(vec[k]) > Math.abs(vec[big])) {
                    big = k;
                }
            }
            double sign = vec[big] < 0 ? -1 : 1;
            double norm = Math.sqrt(vec[0] * vec[0] + vec[1] * vec[1] + vec[2] * vec[2]);
            for (int k = 0; k < 3; k++) {
                vectors[r][k] = sign * vec[k] / norm;
            }
        }
    }
}
