package org.zoolab.data;

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
 * {@link PcaColorNoise}). This class holds the values and reads and writes them; {@code MeanAccumulator}
 * computes them in one streaming pass ({@code zoolab data mean}), {@code SymmetricEigen} solves the covariance.
 * Saved beside the data as {@code mean-KEY.json} (+ {@code mean-KEY.f32}, the mean image as little-endian float32, CHW), both
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
     * ({@link Pipeline#statsPrefix}), decoding with {@code threads} threads ({@code MeanAccumulator}). Bad files go
     * to the report.
     *
     * @param progress called with the number of examples done so far (from any thread), may be null
     */
    public static MeanStats compute(Pipeline prefix, BadFileReport report, int threads, IntConsumer progress) {
        return MeanAccumulator.compute(prefix, report, threads, progress);
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
}
