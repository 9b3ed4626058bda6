package org.zoolab.data;

import java.util.Arrays;
import java.util.List;

/**
 * Labelled images packed in two byte arrays, as the IDX and CIFAR-10 binary files hold them: every image's
 * {@code channels * height * width} unsigned-byte pixels (CHW) one after another, and one label byte per image.
 * A data set is a window {@code [first, first + size)} of the arrays, so a {@code subset} shares its parent's
 * arrays instead of copying them.
 */
public abstract class PackedLabelledImages implements LabelledImages {
    private final byte[] pixels;
    private final byte[] labels;
    private final int first;
    private final int size;
    private final int channels;
    private final int height;
    private final int width;
    private final List<String> classNames;

    /** All images of the arrays; {@code labels.length} images. */
    protected PackedLabelledImages(byte[] pixels, byte[] labels, int channels, int height, int width,
                                   List<String> classNames) {
        this.pixels = pixels;
        this.labels = labels;
        this.first = 0;
        this.size = labels.length;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.classNames = classNames;
    }

    /** Images {@code [from, to)} of {@code parent}, sharing its arrays and classes. */
    protected PackedLabelledImages(PackedLabelledImages parent, int from, int to) {
        if (from < 0 || to > parent.size || from > to) {
            throw new IndexOutOfBoundsException("subset [" + from + ", " + to + ") of " + parent.size + " images");
        }
        this.pixels = parent.pixels;
        this.labels = parent.labels;
        this.first = parent.first + from;
        this.size = to - from;
        this.channels = parent.channels;
        this.height = parent.height;
        this.width = parent.width;
        this.classNames = parent.classNames;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int numClasses() {
        return classNames.size();
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public int label(int i) {
        return labels[first + checkIndex(i)] & 0xff;
    }

    /** Image {@code i}: {@code channels * height * width} unsigned bytes, channel planes each row-major (a copy). */
    @Override
    public byte[] pixels(int i) {
        int n = channels * height * width;
        int from = (first + checkIndex(i)) * n;
        return Arrays.copyOfRange(pixels, from, from + n);
    }

    /** Counts of each class, index = label. */
    public int[] classCounts() {
        int[] counts = new int[numClasses()];
        for (int i = 0; i < size; i++) {
            counts[label(i)]++;
        }
        return counts;
    }

    /**
     * Batches of NCHW features scaled to [0, 1] and one-hot labels, in an order shuffled per epoch from
     * {@code seed} (negative: file order), as {@link EpochShuffledIterator} describes.
     *
     * @param pad zero pixels added on each side: 0, or 2 to turn MNIST's 28x28 into LeNet-5's 32x32
     */
    public EpochShuffledIterator iterator(int batchSize, long seed, int pad) {
        return new EpochShuffledIterator(this, batchSize, seed, pad);
    }

    private int checkIndex(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("image " + i + " of " + size);
        }
        return i;
    }
}
