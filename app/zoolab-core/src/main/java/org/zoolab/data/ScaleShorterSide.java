package org.zoolab.data;

import java.util.random.RandomGenerator;

/**
 * Resizes keeping the aspect ratio so that the shorter side becomes S: a fixed S (VGG single-scale S = 256 or
 * 384, evaluation of ResNet at 256) or S drawn uniformly from {@code [min, max]} per sample (VGG's scale
 * jittering in [256, 512], ResNet's in [256, 480]). The longer side becomes {@code round(longer * S / shorter)}.
 */
public final class ScaleShorterSide implements Transform {
    private final int min;
    private final int max;

    /** S drawn uniformly from {@code min..max} inclusive; {@code min == max} for a fixed S. */
    public ScaleShorterSide(int min, int max) {
        if (min <= 0 || max < min) {
            throw new IllegalArgumentException("shorter side range must be 0 < min <= max, not " + min + ".." + max);
        }
        this.min = min;
        this.max = max;
    }

    public static ScaleShorterSide fixed(int size) {
        return new ScaleShorterSide(size, size);
    }

    @Override
    public void apply(Sample s, RandomGenerator rng) {
        int size = min == max ? min : rng.nextInt(min, max + 1);
        int[] hw = targetSize(s.image().height(), s.image().width(), size);
        s.image(Resampler.bilinear(s.image(), hw[0], hw[1]));
        if (s.mask() != null) {
            s.mask(Resampler.nearest(s.mask(), hw[0], hw[1]));
        }
    }

    /** {h, w} with the shorter side equal to {@code size}. */
    static int[] targetSize(int h, int w, int size) {
        if (h <= w) {
            return new int[]{size, Math.max(1, (int) Math.round((double) w * size / h))};
        }
        return new int[]{Math.max(1, (int) Math.round((double) h * size / w)), size};
    }

    @Override
    public boolean isRandom() {
        return min != max;
    }

    @Override
    public int[] outputSize(int[] in) {
        return null;
    }

    @Override
    public String describe() {
        return min == max ? "scale-shorter-side " + min : "scale-shorter-side " + min + ".." + max;
    }
}
