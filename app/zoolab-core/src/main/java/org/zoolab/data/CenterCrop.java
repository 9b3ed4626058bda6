package org.zoolab.data;

import java.util.random.RandomGenerator;

/**
 * Cuts the central {@code size x size} window: columns from {@code (w - size) / 2} (integer division, so an
 * odd margin leaves the extra pixel on the right/bottom). An image smaller than the window is a bad file.
 */
public final class CenterCrop implements Transform {
    private final int size;

    public CenterCrop(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("crop size must be positive: " + size);
        }
        this.size = size;
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
        if (img.height() < size || img.width() < size) {
            throw new BadImageException(RandomCrop.smallerThanCrop(img, size, 0));
        }
        Sample.CropWindow win = window(img.height(), img.width(), size);
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
        return "center-crop " + size;
    }
}
