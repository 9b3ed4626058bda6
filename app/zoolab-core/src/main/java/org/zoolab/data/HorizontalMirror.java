package org.zoolab.data;

import java.util.random.RandomGenerator;

/**
 * Reverses the columns (a left-right mirror) with probability p, image and mask together. Only horizontal:
 * DataVec's {@code FlipImageTransform(Random)} instead picks among no flip, vertical, horizontal and both,
 * which turns a quarter of the cats upside down. Draws exactly one number per sample whether it flips or not.
 */
public final class HorizontalMirror implements Transform {
    private final double p;

    public HorizontalMirror(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("mirror probability must be in [0, 1], not " + p);
        }
        this.p = p;
    }

    @Override
    public void apply(Sample s, RandomGenerator rng) {
        if (rng.nextDouble() < p) {
            s.image(mirror(s.image()));
            if (s.mask() != null) {
                s.mask(mirror(s.mask()));
            }
            s.mirrored(!s.mirrored());
        }
    }

    /** A copy with the columns reversed. */
    public static FloatImage mirror(FloatImage img) {
        FloatImage out = new FloatImage(img.channels(), img.height(), img.width());
        float[] src = img.data();
        float[] dst = out.data();
        int w = img.width();
        int rows = img.channels() * img.height();
        for (int r = 0; r < rows; r++) {
            int off = r * w;
            for (int x = 0; x < w; x++) {
                dst[off + x] = src[off + w - 1 - x];
            }
        }
        return out;
    }

    @Override
    public boolean isRandom() {
        return p > 0 && p < 1;
    }

    @Override
    public int[] outputSize(int[] in) {
        return in;
    }

    @Override
    public String describe() {
        return "horizontal-mirror p=" + p;
    }
}
