package org.zoolab.data;

import java.util.random.RandomGenerator;

/**
 * Resizes to a fixed {@code width x height} without keeping the aspect ratio (AlexNet: "we down-sampled the
 * images to a fixed resolution of 256 x 256"). Masks are resized by nearest neighbour.
 */
public final class Warp implements Transform {
    private final int width;
    private final int height;

    public Warp(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("warp size must be positive: " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
    }

    @Override
    public void apply(Sample s, RandomGenerator rng) {
        s.image(Resampler.bilinear(s.image(), height, width));
        if (s.mask() != null) {
            s.mask(Resampler.nearest(s.mask(), height, width));
        }
    }

    @Override
    public boolean isRandom() {
        return false;
    }

    @Override
    public int[] outputSize(int[] in) {
        return new int[]{height, width};
    }

    @Override
    public String describe() {
        return "warp " + width + "x" + height;
    }
}
