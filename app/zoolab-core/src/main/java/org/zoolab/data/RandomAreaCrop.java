package org.zoolab.data;

import java.util.random.RandomGenerator;

/**
 * GoogLeNet's training crop (Szegedy et al. 2014, sec. 6: "patches whose size is distributed evenly between 8%
 * and 100% of the image area and whose aspect ratio is chosen randomly between 3/4 and 4/3"), as torchvision's
 * {@code RandomResizedCrop} does it: up to 10 tries of an area fraction drawn uniformly from
 * {@code [minArea, maxArea]} and an aspect ratio (width / height) drawn uniformly in log space from
 * {@code [minAspect, maxAspect]}, the window {@code w = round(sqrt(A * r))}, {@code h = round(sqrt(A / r))}
 * placed uniformly where it fits; if no try fits, the central window of the whole image with its aspect ratio
 * clamped to the range. The window is then resized to {@code size x size} ({@link Resampler#bilinear}, masks
 * nearest). The window (before resizing) is recorded in {@link Sample#crop()}.
 */
public final class RandomAreaCrop implements Transform {
    /** Tries before the central fallback (torchvision's). */
    public static final int TRIES = 10;
    private final int size;
    private final double minArea;
    private final double maxArea;
    private final double minAspect;
    private final double maxAspect;

    public RandomAreaCrop(int size, double minArea, double maxArea, double minAspect, double maxAspect) {
        if (size <= 0) {
            throw new IllegalArgumentException("crop size must be positive: " + size);
        }
        if (!(minArea > 0 && minArea <= maxArea && maxArea <= 1)) {
            throw new IllegalArgumentException("area fractions must be 0 < min <= max <= 1, not " + minArea + ".." + maxArea);
        }
        if (!(minAspect > 0 && minAspect <= maxAspect)) {
            throw new IllegalArgumentException("aspect ratios must be 0 < min <= max, not " + minAspect + ".." + maxAspect);
        }
        this.size = size;
        this.minArea = minArea;
        this.maxArea = maxArea;
        this.minAspect = minAspect;
        this.maxAspect = maxAspect;
    }

    /** The paper's: 8% to 100% of the area, aspect ratio 3/4 to 4/3. */
    public static RandomAreaCrop paper(int size) {
        return new RandomAreaCrop(size, 0.08, 1.0, 3.0 / 4, 4.0 / 3);
    }

    /** The window for an image of {@code height x width}. */
    public Sample.CropWindow window(int height, int width, RandomGenerator rng) {
        double area = (double) height * width;
        double logMin = Math.log(minAspect);
        double logMax = Math.log(maxAspect);
        for (int t = 0; t < TRIES; t++) {
            double target = area * (minArea + (maxArea - minArea) * rng.nextDouble());
            double aspect = Math.exp(logMin + (logMax - logMin) * rng.nextDouble());
            int w = (int) Math.round(Math.sqrt(target * aspect));
            int h = (int) Math.round(Math.sqrt(target / aspect));
            if (w > 0 && h > 0 && w <= width && h <= height) {
                int y = rng.nextInt(height - h + 1);
                int x = rng.nextInt(width - w + 1);
                return new Sample.CropWindow(x, y, w, h);
            }
        }
        double ratio = (double) width / height;
        int w = width;
        int h = height;
        if (ratio < minAspect) {
            h = Math.max(1, (int) Math.round(w / minAspect));
        } else if (ratio > maxAspect) {
            w = Math.max(1, (int) Math.round(h * maxAspect));
        }
        return new Sample.CropWindow((width - w) / 2, (height - h) / 2, w, h);
    }

    @Override
    public void apply(Sample s, RandomGenerator rng) {
        FloatImage img = s.image();
        Sample.CropWindow win = window(img.height(), img.width(), rng);
        s.image(Resampler.bilinear(RandomCrop.crop(img, win), size, size));
        if (s.mask() != null) {
            s.mask(Resampler.nearest(RandomCrop.crop(s.mask(), win), size, size));
        }
        s.crop(win);
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
        return "random-area-crop " + size + " area " + minArea + ".." + maxArea + " aspect " + minAspect + ".." + maxAspect;
    }
}
