package org.zoolab.viz;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zoolab.BadInputException;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A convolution layer's kernels as a grid of small images, like Krizhevsky et al.'s Figure 3 (the 96 11x11x3
 * kernels of AlexNet's first layer). A kernel with 3 input channels is shown in colour (channel 0 = red, as the
 * network sees RGB images), one with 1 channel in grey; kernels of deeper layers (more input channels) are shown as
 * the mean over their input channels, in grey. Each kernel is stretched to the full range on its own (its minimum
 * black, its maximum white), each weight drawn as a {@code scale x scale} block; kernels are separated by
 * {@value #GAP}-pixel white lines. 96 kernels are laid out in 12 columns and 8 rows, as in the paper; in general
 * the number of columns is {@code ceil(sqrt(1.5 n))}.
 */
public final class FilterGrid {
    /** Pixels between kernels and around the grid. */
    public static final int GAP = 1;

    /**
     * The grid's geometry.
     *
     * @param kernels  number of kernels (output channels)
     * @param channels input channels of each kernel
     * @param kernelH  kernel height
     * @param kernelW  kernel width
     * @param columns  kernels per row
     * @param rows     rows of kernels
     * @param scale    pixels per weight
     * @param width    image width
     * @param height   image height
     * @param colour   whether kernels are drawn in RGB
     */
    public record Layout(int kernels, int channels, int kernelH, int kernelW, int columns, int rows, int scale,
                         int width, int height, boolean colour) {
    }

    private FilterGrid() {
    }

    /**
     * The weights {@code [out, in, kh, kw]} of the convolution layer {@code layer}. A name that is not a layer but
     * the common prefix of tower layers ({@code conv1} for AlexNet's {@code conv1a}, {@code conv1b}) gives the
     * towers' kernels one after the other, as the paper's figure shows them (first GPU on top).
     */
    public static INDArray kernels(ComputationGraph graph, String layer) {
        List<String> convs = convolutionLayers(graph);
        if (graph.getVertex(layer) == null || !graph.getVertex(layer).hasLayer()) {
            List<INDArray> towers = new ArrayList<>();
            for (String c : convs) {
                if (c.length() == layer.length() + 1 && c.startsWith(layer) && Character.isLetter(c.charAt(layer.length()))) {
                    towers.add(graph.getLayer(c).getParam("W"));
                }
            }
            if (towers.size() > 1 && towers.stream().allMatch(t -> java.util.Arrays.equals(
                    java.util.Arrays.copyOfRange(t.shape(), 1, 4), java.util.Arrays.copyOfRange(towers.get(0).shape(), 1, 4)))) {
                return org.nd4j.linalg.factory.Nd4j.concat(0, towers.toArray(new INDArray[0]));
            }
            throw new BadInputException("--layer " + layer + ": no such layer; convolution layers are " + String.join(", ", convs));
        }
        INDArray w = graph.getLayer(layer).getParam("W");
        if (w == null || w.rank() != 4) {
            throw new BadInputException("--layer " + layer + " is a " + typeOf(graph.getLayer(layer))
                    + ", not a convolution; convolution layers are " + String.join(", ", convs));
        }
        return w;
    }

    /** The layout for {@code n} kernels of {@code c x kh x kw} weights at {@code scale} pixels per weight. */
    public static Layout layout(int n, int c, int kh, int kw, int scale) {
        int cols = (int) Math.ceil(Math.sqrt(1.5 * n));
        cols = Math.min(cols, n);
        int rows = (n + cols - 1) / cols;
        int w = cols * kw * scale + (cols + 1) * GAP;
        int h = rows * kh * scale + (rows + 1) * GAP;
        return new Layout(n, c, kh, kw, cols, rows, scale, w, h, c == 3);
    }

    /** The default pixels per weight: kernels drawn about 48 pixels wide (11x11: 4, 5x5: 9, 3x3: 16). */
    public static int defaultScale(int kernelW) {
        return Math.max(1, 48 / kernelW);
    }

    /** Draws the kernels {@code w} ({@code [out, in, kh, kw]}). */
    public static BufferedImage render(INDArray w, int scale) {
        long[] s = w.shape();
        Layout l = layout((int) s[0], (int) s[1], (int) s[2], (int) s[3], scale);
        BufferedImage img = new BufferedImage(l.width(), l.height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < l.height(); y++) for (int x = 0; x < l.width(); x++) img.setRGB(x, y, 0xffffff);
        float[] all = w.dup('c').castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).data().asFloat();
        int per = l.channels() * l.kernelH() * l.kernelW();
        int plane = l.kernelH() * l.kernelW();
        for (int k = 0; k < l.kernels(); k++) {
            int off = k * per;
            float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < per; i++) {
                min = Math.min(min, all[off + i]);
                max = Math.max(max, all[off + i]);
            }
            float range = max > min ? max - min : 1f;
            int x0 = GAP + (k % l.columns()) * (l.kernelW() * scale + GAP);
            int y0 = GAP + (k / l.columns()) * (l.kernelH() * scale + GAP);
            for (int ky = 0; ky < l.kernelH(); ky++) {
                for (int kx = 0; kx < l.kernelW(); kx++) {
                    int rgb;
                    if (l.colour()) {
                        int r = grey((all[off + ky * l.kernelW() + kx] - min) / range);
                        int g = grey((all[off + plane + ky * l.kernelW() + kx] - min) / range);
                        int b = grey((all[off + 2 * plane + ky * l.kernelW() + kx] - min) / range);
                        rgb = (r << 16) | (g << 8) | b;
                    } else {
                        float sum = 0, lo = 0, hi = 0;
                        for (int c = 0; c < l.channels(); c++) sum += all[off + c * plane + ky * l.kernelW() + kx];
                        int v = grey(l.channels() == 1 ? (sum - min) / range : meanNormalised(all, off, l, ky, kx, sum));
                        rgb = (v << 16) | (v << 8) | v;
                    }
                    for (int dy = 0; dy < scale; dy++) {
                        for (int dx = 0; dx < scale; dx++) img.setRGB(x0 + kx * scale + dx, y0 + ky * scale + dy, rgb);
                    }
                }
            }
        }
        return img;
    }

    /** The channel mean at (ky, kx), stretched over the range of this kernel's channel means. */
    private static float meanNormalised(float[] all, int off, Layout l, int ky, int kx, float sum) {
        int plane = l.kernelH() * l.kernelW();
        float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < plane; i++) {
            float s = 0;
            for (int c = 0; c < l.channels(); c++) s += all[off + c * plane + i];
            min = Math.min(min, s);
            max = Math.max(max, s);
        }
        return max > min ? (sum - min) / (max - min) : 0.5f;
    }

    private static int grey(float v) {
        return Math.max(0, Math.min(255, Math.round(255 * v)));
    }

    /** Draws {@code layer}'s kernels into {@code out} (PNG); {@code scale} 0 picks {@link #defaultScale}. */
    public static Layout write(ComputationGraph graph, String layer, Path out, int scale) {
        INDArray w = kernels(graph, layer);
        int s = scale > 0 ? scale : defaultScale((int) w.size(3));
        BufferedImage img = render(w, s);
        Colormap.writePng(img, out);
        return layout((int) w.size(0), (int) w.size(1), (int) w.size(2), (int) w.size(3), s);
    }

    /** Names of the graph's convolution layers (4-d weights), in topological order. */
    public static List<String> convolutionLayers(ComputationGraph graph) {
        List<String> names = new ArrayList<>();
        for (int idx : graph.topologicalSortOrder()) {
            var v = graph.getVertices()[idx];
            if (v.hasLayer() && v.getLayer().numParams() > 0) {
                INDArray w = v.getLayer().getParam("W");
                if (w != null && w.rank() == 4) names.add(v.getVertexName());
            }
        }
        return names;
    }

    static String typeOf(Layer l) {
        String n = l.conf().getLayer().getClass().getSimpleName();
        return n.isEmpty() ? l.getClass().getSimpleName() : n;
    }
}
