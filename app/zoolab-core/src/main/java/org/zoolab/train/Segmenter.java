package org.zoolab.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zoolab.BadInputException;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs a U-Net on an image file: the image is scaled to the network's input size, or (with {@code longSide > 0})
 * so that its longer side is {@code longSide} pixels, both sides rounded to a multiple of {@code multiple} (the
 * U-Net is fully convolutional, so any such size works); pixels in [0, 1], RGB or grey as the model takes. The
 * answer is the class of every pixel at that size.
 */
public final class Segmenter {
    private final ComputationGraph graph;
    private final ModelInput input;
    private final int multiple;

    /**
     * @param multiple the size step the network needs (2^(levels - 1): 8 for four levels)
     */
    public Segmenter(ModelSource model, int multiple) {
        this.graph = model.graph();
        this.input = model.requireInput();
        this.multiple = multiple;
    }

    /**
     * A segmentation.
     *
     * @param image  the image as the network saw it (scaled)
     * @param labels class per pixel, row-major, {@code image}'s size
     * @param width  width of the map
     * @param height height of the map
     */
    public record Result(BufferedImage image, int[] labels, int width, int height) {
    }

    /** Reads an image file or says why not. */
    public static BufferedImage read(Path file) {
        try {
            BufferedImage img = Files.isRegularFile(file) ? ImageIO.read(file.toFile()) : null;
            if (img == null) {
                throw new BadInputException(file + (Files.isRegularFile(file) ? ": not an image Java can read (PNG, JPEG, GIF, BMP)" : ": no such file"));
            }
            return img;
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read image (" + e.getMessage() + ")");
        }
    }

    /** Segments {@code img}; {@code longSide} 0 uses the network's input size. */
    public Result segment(BufferedImage img, int longSide) {
        int w, h;
        if (longSide <= 0) {
            w = input.width();
            h = input.height();
        } else {
            double f = (double) longSide / Math.max(img.getWidth(), img.getHeight());
            w = Math.max(multiple, (int) Math.round(img.getWidth() * f / multiple) * multiple);
            h = Math.max(multiple, (int) Math.round(img.getHeight() * f / multiple) * multiple);
        }
        BufferedImage scaled = scale(img, w, h);
        int c = input.channels();
        float[] x = new float[c * w * h];
        for (int y = 0; y < h; y++) {
            for (int xx = 0; xx < w; xx++) {
                int rgb = scaled.getRGB(xx, y);
                float r = ((rgb >> 16) & 0xff) / 255f, g = ((rgb >> 8) & 0xff) / 255f, b = (rgb & 0xff) / 255f;
                if (c == 1) {
                    x[y * w + xx] = 0.299f * r + 0.587f * g + 0.114f * b;
                } else {
                    x[y * w + xx] = r;
                    x[w * h + y * w + xx] = g;
                    x[2 * w * h + y * w + xx] = b;
                }
            }
        }
        INDArray out = graph.outputSingle(false, Nd4j.create(x, new long[]{1, c, h, w}));
        int[] labels = Nd4j.argMax(out, 1).reshape('c', new long[]{(long) h * w}).toIntVector();
        return new Result(scaled, labels, w, h);
    }

    /** {@code img} scaled to w x h (bilinear). */
    public static BufferedImage scale(BufferedImage img, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    /** A mask image (grey >= 128: class 1) as class labels at w x h (nearest neighbour). */
    public static int[] maskLabels(BufferedImage mask, int w, int h) {
        int[] out = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sx = Math.min(mask.getWidth() - 1, (int) ((x + 0.5) * mask.getWidth() / w));
                int sy = Math.min(mask.getHeight() - 1, (int) ((y + 0.5) * mask.getHeight() / h));
                out[y * w + x] = (mask.getRGB(sx, sy) & 0xff) >= 128 ? 1 : 0;
            }
        }
        return out;
    }
}
