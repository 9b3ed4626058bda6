package org.zoolab.data;

import java.util.random.RandomGenerator;

/**
 * GoogLeNet's "photometric distortions" (Szegedy et al. 2014, sec. 6, after Howard 2013) as the widely used colour
 * jitter does them (fb.resnet.torch's {@code ColorJitter}, torchvision's {@code ColorJitter} without hue):
 * brightness, contrast and saturation changed by factors drawn uniformly from {@code [max(0, 1 - j), 1 + j]}, in
 * a random order per image. Brightness scales the pixels ({@code f x}); contrast blends with the mean luminance of
 * the image ({@code f x + (1 - f) mean}); saturation blends with each pixel's luminance
 * ({@code f x + (1 - f) Y}, {@code Y = 0.299 R + 0.587 G + 0.114 B}, ITU-R 601 as PIL and torchvision). After each
 * change values are clamped to the pixel range [0, 255] (as torchvision), so the step belongs before mean
 * subtraction. Grey images: saturation does nothing, the luminance is the image. Draws exactly five numbers per
 * sample (three factors, then the order), a jitter of 0 giving a factor of exactly 1.
 */
public final class PhotometricDistortion implements Transform {
    private final double brightness;
    private final double contrast;
    private final double saturation;

    public PhotometricDistortion(double brightness, double contrast, double saturation) {
        if (!(brightness >= 0 && contrast >= 0 && saturation >= 0)) {
            throw new IllegalArgumentException("jitter amounts must be >= 0: " + brightness + ", " + contrast + ", " + saturation);
        }
        this.brightness = brightness;
        this.contrast = contrast;
        this.saturation = saturation;
    }

    private static double factor(double jitter, RandomGenerator rng) {
        double u = rng.nextDouble();
        if (jitter == 0) {
            return 1;
        }
        double lo = Math.max(0, 1 - jitter);
        return lo + (1 + jitter - lo) * u;
    }

    @Override
    public void apply(Sample s, RandomGenerator rng) {
        double[] f = {factor(brightness, rng), factor(contrast, rng), factor(saturation, rng)};
        int[] order = {0, 1, 2};
        for (int i = 2; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        FloatImage img = s.image();
        for (int k : order) {
            switch (k) {
                case 0 -> brightness(img, (float) f[0]);
                case 1 -> contrast(img, (float) f[1]);
                default -> saturation(img, (float) f[2]);
            }
        }
    }

    /** {@code f x}, clamped, in place. */
    public static void brightness(FloatImage img, float f) {
        float[] d = img.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = clamp(f * d[i]);
        }
    }

    /** {@code f x + (1 - f) mean luminance}, clamped, in place. */
    public static void contrast(FloatImage img, float f) {
        float[] y = luminance(img);
        double sum = 0;
        for (float v : y) {
            sum += v;
        }
        float mean = (float) (sum / y.length);
        float[] d = img.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = clamp(f * d[i] + (1 - f) * mean);
        }
    }

    /** {@code f x + (1 - f) Y} per pixel, clamped, in place; grey images are left as they are. */
    public static void saturation(FloatImage img, float f) {
        if (img.channels() != 3) {
            return;
        }
        float[] y = luminance(img);
        float[] d = img.data();
        int plane = y.length;
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < plane; i++) {
                d[c * plane + i] = clamp(f * d[c * plane + i] + (1 - f) * y[i]);
            }
        }
    }

    /** The luminance plane {@code 0.299 R + 0.587 G + 0.114 B} (the image itself when grey). */
    public static float[] luminance(FloatImage img) {
        int plane = img.height() * img.width();
        float[] d = img.data();
        float[] y = new float[plane];
        if (img.channels() != 3) {
            System.arraycopy(d, 0, y, 0, plane);
            return y;
        }
        for (int i = 0; i < plane; i++) {
            y[i] = 0.299f * d[i] + 0.587f * d[plane + i] + 0.114f * d[2 * plane + i];
        }
        return y;
    }

    private static float clamp(float v) {
        return v < 0 ? 0 : v > 255 ? 255 : v;
    }

    @Override
    public boolean isRandom() {
        return brightness > 0 || contrast > 0 || saturation > 0;
    }

    @Override
    public int[] outputSize(int[] in) {
        return in;
    }

    @Override
    public String describe() {
        return "photometric-distortion brightness=" + brightness + " contrast=" + contrast + " saturation=" + saturation;
    }
}
