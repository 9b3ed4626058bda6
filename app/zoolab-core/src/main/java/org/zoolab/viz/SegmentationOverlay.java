package org.zoolab.viz;

import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * A segmentation drawn over its image: every pixel of a class other than 0 (background) is tinted with that class's
 * colour at 50% opacity, and the boundary of each region is drawn in the full colour. With a reference mask, a
 * second panel beside the first shows the reference the same way.
 */
public final class SegmentationOverlay {
    private SegmentationOverlay() {
    }

    /** {@code image} with {@code labels} (row-major, image-sized) over it. */
    public static BufferedImage render(BufferedImage image, int[] labels) {
        int w = image.getWidth(), h = image.getHeight();
        if (labels.length != w * h) {
            throw new IllegalArgumentException("labels for " + labels.length + " pixels, image has " + w * h);
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int k = labels[y * w + x];
                int rgb = image.getRGB(x, y) & 0xffffff;
                if (k != 0) {
                    boolean edge = (x > 0 && labels[y * w + x - 1] != k) || (x < w - 1 && labels[y * w + x + 1] != k)
                            || (y > 0 && labels[(y - 1) * w + x] != k) || (y < h - 1 && labels[(y + 1) * w + x] != k);
                    int colour = Colormap.label(k + 1);   // class 1: green, 2: red, ...
                    rgb = edge ? colour : Colormap.blend(rgb, colour, 0.5);
                }
                out.setRGB(x, y, rgb);
            }
        }
        return out;
    }

    /** The prediction and, when {@code reference} is not null, the reference beside it, 4 pixels apart. */
    public static BufferedImage render(BufferedImage image, int[] predicted, int[] reference) {
        BufferedImage a = render(image, predicted);
        if (reference == null) return a;
        BufferedImage b = render(image, reference);
        BufferedImage out = new BufferedImage(a.getWidth() * 2 + 4, a.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < out.getHeight(); y++) for (int x = 0; x < out.getWidth(); x++) out.setRGB(x, y, 0xffffff);
        out.getGraphics().drawImage(a, 0, 0, null);
        out.getGraphics().drawImage(b, a.getWidth() + 4, 0, null);
        return out;
    }

    /** Writes {@link #render(BufferedImage, int[], int[])} to {@code file}. */
    public static Path write(BufferedImage image, int[] predicted, int[] reference, Path file) {
        return Colormap.writePng(render(image, predicted, reference), file);
    }
}
