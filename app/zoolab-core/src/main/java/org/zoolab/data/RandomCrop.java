package org.zoolab.data;

import java.util.random.RandomGenerator;

/**
 * Cuts a window of exactly {@code size x size} at a uniformly random position, optionally after padding the
 * image with {@code padding} zero pixels on every side (the ResNet paper's CIFAR recipe: pad 4, random 32 crop).
 * Unlike DataVec's {@code CropImageTransform}, which trims a random amount from each side so the output size
 * varies, the output is always {@code size x size}. An image smaller than the window (after padding) is a bad
 * file. The window taken is recorded in {@link Sample#crop()}.
 */
public final class RandomCrop implements Transform {
    private final int size;
    private final int padding;

    public RandomCrop(int size, int padding) {
        if (size <= 0 || padding < 0) {
            throw new IllegalArgumentException("crop size must be positive and padding >= 0: " + size + ", " + padding);
        }
        this.size = size;
        this.padding = padding;
    }

    public RandomCrop(int size) {
        this(size, 0);
    }

    public int size() {
        return size;
    }

    @Override
    public void apply(Sample s, RandomGenerator rng) throws BadImageException {
        FloatImage img = s.image();
        int h = img.height() + 2 * padding;
        int w = img.width() + 2 * padding;
        if (h < size || w < size) {
            throw new BadImageException(smallerThanCrop(img, size, padding));
        }
        int x = rng.nextInt(w - size + 1) - padding;
        int y = rng.nextInt(h - size + 1) - padding;
        Sample.CropWindow window = new Sample.CropWindow(x, y, size, size);
        s.image(crop(img, window));
        if (s.mask() != null) {
            s.mask(crop(s.mask(), window));
        }
        s.crop(window);
    }

    static String smallerThanCrop(FloatImage img, int size, int padding) {
        return "image " + img.width() + "x" + img.height() + " is smaller than the " + size + "x" + size + " crop"
                + (padding > 0 ? " (with padding " + padding + ")" : "");
    }

    /** Copies a window; pixels outside the image read as 0. */
    public static FloatImage crop(FloatImage img, Sample.CropWindow win) {
        int c = img.channels();
        FloatImage out = new FloatImage(c, win.height(), win.width());
        float[] src = img.data();
        float[] dst = out.data();
        int x0 = Math.max(0, win.x());
        int x1 = Math.min(img.width(), win.x() + win.width());
        if (x1 <= x0) {
            return out;
        }
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < win.height(); y++) {
                int sy = win.y() + y;
                if (sy < 0 || sy >= img.height()) {
                    continue;
                }
                System.arraycopy(src, (ch * img.height() + sy) * img.width() + x0,
                        dst, (ch * win.height() + y) * win.width() + (x0 - win.x()), x1 - x0);
            }
        }
        return out;
    }

    @Override
    public boolean isRandom() {
        return true;
    }

    @Override
    public int[] outputSize(int[] in) {
        return new int[]{size, size};
    }

    @Override
    public String describe() {
        return "random-crop " + size + (padding > 0 ? " padding " + padding : "");
    }
}
