package org.zoolab.viz;

import org.zoolab.io.AtomicFiles;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Colour maps for heat maps: {@link #INFERNO} (perceptually uniform, black → purple → orange → pale yellow; for
 * activations and saliency) and {@link #LABELS} (distinct colours for classes). Also writes PNGs atomically.
 */
public final class Colormap {
    /** Control points of matplotlib's "inferno" at 0, 0.25, 0.5, 0.75, 1 (RGB 0..255); linear in between. */
    private static final int[][] INFERNO_POINTS = {
            {0, 0, 4}, {87, 16, 110}, {188, 55, 84}, {249, 142, 9}, {252, 255, 164}};

    /** The inferno map. */
    public static final Colormap INFERNO = new Colormap(INFERNO_POINTS);

    /** Ten distinct colours (Tableau 10), repeated for more classes. */
    public static final int[] LABELS = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2, 0x7f7f7f,
            0xbcbd22, 0x17becf};

    private final int[][] points;

    private Colormap(int[][] points) {
        this.points = points;
    }

    /** The colour (0xRRGGBB) of {@code v}, clamped to [0, 1]; NaN is black. */
    public int rgb(double v) {
        if (Double.isNaN(v)) return 0;
        double t = Math.max(0, Math.min(1, v)) * (points.length - 1);
        int i = Math.min(points.length - 2, (int) Math.floor(t));
        double f = t - i;
        int r = (int) Math.round(points[i][0] + f * (points[i + 1][0] - points[i][0]));
        int g = (int) Math.round(points[i][1] + f * (points[i + 1][1] - points[i][1]));
        int b = (int) Math.round(points[i][2] + f * (points[i + 1][2] - points[i][2]));
        return (r << 16) | (g << 8) | b;
    }

    /** The colour of class {@code k}. */
    public static int label(int k) {
        return LABELS[Math.floorMod(k, LABELS.length)];
    }

    /** Writes {@code img} as a PNG atomically; returns {@code file}. */
    public static Path writePng(BufferedImage img, Path file) {
        try {
            AtomicFiles.write(file, out -> ImageIO.write(img, "png", out));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Blends two 0xRRGGBB colours: {@code alpha} of {@code top} over {@code bottom}. */
    public static int blend(int bottom, int top, double alpha) {
        int r = (int) Math.round(((bottom >> 16) & 0xff) * (1 - alpha) + ((top >> 16) & 0xff) * alpha);
        int g = (int) Math.round(((bottom >> 8) & 0xff) * (1 - alpha) + ((top >> 8) & 0xff) * alpha);
        int b = (int) Math.round((bottom & 0xff) * (1 - alpha) + (top & 0xff) * alpha);
        return (r << 16) | (g << 8) | b;
    }
}
