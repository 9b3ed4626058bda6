package org.zoolab.data;

import java.util.Arrays;

/**
 * An image as float samples in channel-major (CHW) order, RGB channel order for colour images, values in
 * pixel units (0..255 after decoding) until a normalising step changes them.
 */
public final class FloatImage {
    private final int channels;
    private final int height;
    private final int width;
    private final float[] data;

    public FloatImage(int channels, int height, int width) {
        this(channels, height, width, new float[checkedSize(channels, height, width)]);
    }

    public FloatImage(int channels, int height, int width, float[] data) {
        if (data.length != checkedSize(channels, height, width)) {
            throw new IllegalArgumentException("data has " + data.length + " values, expected " + channels + "x" + height + "x" + width);
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.data = data;
    }

    private static int checkedSize(int c, int h, int w) {
        if (c <= 0 || h <= 0 || w <= 0) {
            throw new IllegalArgumentException("image dimensions must be positive: " + c + "x" + h + "x" + w);
        }
        return Math.multiplyExact(Math.multiplyExact(c, h), w);
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

    /** The backing array, CHW; changes write through. */
    public float[] data() {
        return data;
    }

    public float get(int c, int y, int x) {
        return data[(c * height + y) * width + x];
    }

    public void set(int c, int y, int x, float v) {
        data[(c * height + y) * width + x] = v;
    }

    public FloatImage copy() {
        return new FloatImage(channels, height, width, data.clone());
    }

    /** "3x256x256" (channels x height x width). */
    public String shape() {
        return channels + "x" + height + "x" + width;
    }

    /** A constant image, handy for tests and padding. */
    public static FloatImage filled(int channels, int height, int width, float value) {
        FloatImage img = new FloatImage(channels, height, width);
        Arrays.fill(img.data, value);
        return img;
    }

    @Override
    public String toString() {
        return "FloatImage[" + shape() + "]";
    }
}
