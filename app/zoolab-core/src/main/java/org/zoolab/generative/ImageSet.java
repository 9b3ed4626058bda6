package org.zoolab.generative;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import org.zoolab.zoo.FeatureShape;

import java.util.random.RandomGenerator;

/**
 * Labelled grey or colour images in memory: pixel values in [0, 1] as a float matrix [N, C*H*W] (rows in NCHW
 * order) and one class per image. Minibatches come out as [B, C, H, W].
 */
public final class ImageSet {
    private final INDArray pixels;
    private final int[] labels;
    private final int channels;
    private final int height;
    private final int width;
    private final int classes;

    /**
     * @param images  [N, C, H, W] or [N, C*H*W] with values in [0, 1]
     * @param labels  class of each image, 0 to {@code classes - 1}
     */
    public ImageSet(INDArray images, int[] labels, int channels, int height, int width, int classes) {
        long n = images.size(0);
        if (n != labels.length) throw new IllegalArgumentException(n + " images but " + labels.length + " labels");
        if (images.length() != n * channels * height * width) {
            throw new IllegalArgumentException("images " + java.util.Arrays.toString(images.shape()) + " are not "
                    + channels + "x" + height + "x" + width);
        }
        this.pixels = images.reshape('c', n, (long) channels * height * width).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        this.labels = labels.clone();
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.classes = classes;
    }

    /** The images of a data set of the data package, pixels scaled from 0..255 to [0, 1]. */
    public static ImageSet of(org.zoolab.data.LabelledImages images) {
        int n = images.size(), per = images.channels() * images.height() * images.width();
        float[] px = new float[n * per];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            byte[] b = images.pixels(i);
            for (int j = 0; j < per; j++) px[i * per + j] = (b[j] & 0xff) / 255f;
            labels[i] = images.label(i);
        }
        return new ImageSet(Nd4j.create(px, new long[]{n, per}, 'c'), labels, images.channels(), images.height(),
                images.width(), images.numClasses());
    }

    public int size() {
        return labels.length;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** The shape of one image. */
    public FeatureShape shape() {
        return new FeatureShape(channels, height, width);
    }

    /** Number of classes (10 for MNIST and Fashion-MNIST). */
    public int classes() {
        return classes;
    }

    public int label(int i) {
        return labels[i];
    }

    /** All labels, a copy. */
    public int[] labels() {
        return labels.clone();
    }

    /** Images {@code from} (inclusive) to {@code to} (exclusive). */
    public ImageSet subset(int from, int to) {
        if (from < 0 || to > size() || from > to) throw new IllegalArgumentException("bad range " + from + ".." + to + " of " + size());
        int[] l = java.util.Arrays.copyOfRange(labels, from, to);
        INDArray p = to == from ? Nd4j.create(org.nd4j.linalg.api.buffer.DataType.FLOAT, 0, (long) channels * height * width)
                : pixels.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup();
        return new ImageSet(p, l, channels, height, width, classes);
    }

    /** Images {@code from} to {@code to} as [B, C, H, W]. */
    public INDArray images(int from, int to) {
        return pixels.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup().reshape('c', to - from, channels, height, width);
    }

    /** The images with the given indices as [B, C, H, W]. */
    public INDArray images(int[] indices) {
        return Nd4j.pullRows(pixels, 1, indices).reshape('c', indices.length, channels, height, width);
    }

    /** All images as [N, C, H, W] (a view). */
    public INDArray all() {
        return pixels.reshape('c', size(), channels, height, width);
    }

    /** A random order of all indices (Fisher-Yates). */
    public int[] shuffledIndices(RandomGenerator rng) {
        int[] idx = new int[size()];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        for (int i = idx.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        return idx;
    }
}
