package org.zoolab.viz;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/**
 * A grid of small images (generated samples, reconstructions, a VAE manifold) as one picture, like
 * torchvision's {@code make_grid}: images in rows of {@code columns}, a light gap between them, each pixel drawn
 * as a {@code scale x scale} block. Grey images for one channel, RGB for three.
 */
public final class SampleGrid {
    private static final int GAP = 2;
    private static final Color BACKGROUND = new Color(200, 200, 200);

    private SampleGrid() {
    }

    /**
     * Renders {@code images} [N, C, H, W] (C = 1 or 3) whose values run from {@code low} (black) to
     * {@code high} (white); values outside are clipped.
     */
    public static BufferedImage render(INDArray images, int columns, double low, double high, int scale) {
        if (images.rank() != 4 || (images.size(1) != 1 && images.size(1) != 3)) {
            throw new IllegalArgumentException("expected images [N, 1 or 3, H, W], got " + java.util.Arrays.toString(images.shape()));
        }
        if (columns < 1 || scale < 1 || !(high > low)) {
            throw new IllegalArgumentException("columns and scale must be positive and high > low");
        }
        int n = (int) images.size(0), c = (int) images.size(1), h = (int) images.size(2), w = (int) images.size(3);
        int cols = Math.min(columns, Math.max(n, 1));
        int rows = (n + cols - 1) / cols;
        int cellW = w * scale + GAP, cellH = h * scale + GAP;
        BufferedImage out = new BufferedImage(Math.max(1, cols * cellW + GAP), Math.max(1, rows * cellH + GAP), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(BACKGROUND);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.dispose();
        float[] values = images.dup('c').data().asFloat();
        for (int i = 0; i < n; i++) {
            int x0 = GAP + (i % cols) * cellW, y0 = GAP + (i / cols) * cellH;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int rgb = 0;
                    for (int ch = 0; ch < 3; ch++) {
                        float v = values[((i * c + (c == 1 ? 0 : ch)) * h + y) * w + x];
                        int level = (int) Math.round(255 * Math.min(1, Math.max(0, (v - low) / (high - low))));
                        rgb = (rgb << 8) | level;
                    }
                    for (int dy = 0; dy < scale; dy++) {
                        for (int dx = 0; dx < scale; dx++) {
                            out.setRGB(x0 + x * scale + dx, y0 + y * scale + dy, rgb);
                        }
                    }
                }
            }
        }
        return out;
    }
}
