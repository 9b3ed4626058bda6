package org.zoolab.data;

import java.util.random.RandomGenerator;

/**
 * Cuts the central {@code size x size} window: columns from {@code (w - size) / 2} (integer division, so an
 * odd margin leaves the extra pixel on the right/bottom), optionally after padding the image with {@code padding}
 * zero pixels on every side (MNIST's 28x28 digits centred in LeNet-5's 32x32 field: padding 2, size 32). An image
 * smaller than the window (after padding) is a bad file.
 */
public final class CenterCrop implements Transform {
    private final int size;
    private final int padding;

    public CenterCrop(int size) {
        this(size, 0);
    }

    public CenterCrop(int size, int padding) {
        if (size <= 0 || padding < 0) {
            throw new IllegalArgumentException("crop size must be positive and padding >= 0: " + size + ", " + padding);
        }
        this.size = size;
        this.padding = padding;
    }

    public int size() {
        return size;
    }

    /** The central window of an image of the given size. */
    public static Sample.CropWindow window(int height, int width, int size) {
        return new Sample.CropWindow((width - size) / 2, (height - size) / 2, size, size);
    }

    @Override
    public void apply(Sample s, RandomGenerator rng) throws BadImageException {
        FloatImage img = s.image();
        if (img.height() + 2 * padding < size || img.width() + 2 * padding < size) {
            throw new BadImageException(RandomCrop.smallerThanCrop(img, size, padding));
        }
        Sample.CropWindow padded = window(img.height() + 2 * padding, img.width() + 2 * padding, size);
        Sample.CropWindow win = new Sample.CropWindow(padded.x() - padding, padded.y() - padding, size, size);
        s.image(RandomCrop.crop(img, win));
        if (s.mask() != null) {
            s.mask(RandomCrop.crop(s.mask(), win));
        }
        s.crop(win);
    }

    @Override
    public boolean isRandom() {
        return false;
    }

    @Override
    public int[] outputSize(int[] in) {
        return new int[]{size, size};
    }

    @Override
    public String describe() {
        return "center-crop " + size + (padding > 0 ? " (padding " + padding + ")" : "");
    }
}
