package org.zoolab.data;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;

/**
 * An in-memory image set whose examples are 8-bit pixels in CHW order: MNIST and Fashion-MNIST (1 x 28 x 28)
 * and CIFAR-10 (3 x 32 x 32, R plane, G plane, B plane) come through this class.
 */
public final class ArrayImageSource implements ImageSource {
    private final String description;
    private final int size;
    private final int channels;
    private final int height;
    private final int width;
    private final IntFunction<byte[]> pixels;
    private final IntUnaryOperator labels;
    private final List<String> classNames;
    private final Path statsDir;
    private volatile String fingerprint;

    /**
     * @param description e.g. "MNIST train (60000 images)"
     * @param pixels      example index to {@code channels * height * width} bytes, CHW
     * @param labels      example index to class index
     * @param statsDir    where means of this set are saved
     */
    public ArrayImageSource(String description, int size, int channels, int height, int width,
                            IntFunction<byte[]> pixels, IntUnaryOperator labels, List<String> classNames, Path statsDir) {
        this.description = description;
        this.size = size;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.pixels = pixels;
        this.labels = labels;
        this.classNames = List.copyOf(classNames);
        this.statsDir = statsDir;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Sample load(int index) {
        byte[] px = pixels.apply(index);
        int n = channels * height * width;
        if (px.length != n) {
            throw new IllegalStateException(name(index) + " has " + px.length + " bytes, expected " + n);
        }
        float[] data = new float[n];
        for (int i = 0; i < n; i++) {
            data[i] = px[i] & 0xff;
        }
        return Sample.of(new FloatImage(channels, height, width, data), labels.applyAsInt(index), name(index));
    }

    @Override
    public int label(int index) {
        return labels.applyAsInt(index);
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public String name(int index) {
        return description + " #" + index;
    }

    @Override
    public String describe() {
        return description;
    }

    /** SHA-256 over all pixels and labels (computed once, on first use). */
    @Override
    public String fingerprint() {
        String f = fingerprint;
        if (f == null) {
            try {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                ByteBuffer buf = ByteBuffer.allocate(16);
                md.update(buf.putInt(size).putInt(channels).putInt(height).putInt(width).array());
                for (int i = 0; i < size; i++) {
                    md.update(pixels.apply(i));
                    md.update((byte) labels.applyAsInt(i));
                }
                f = HexFormat.of().formatHex(md.digest()).substring(0, 16);
                fingerprint = f;
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return f;
    }

    @Override
    public Path statsDir() {
        return statsDir;
    }

    @Override
    public int[] fixedSize() {
        return new int[]{channels, height, width};
    }
}
