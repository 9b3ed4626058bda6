package org.zoolab.viz;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zoolab.BadInputException;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The feature maps of one image at one layer: every channel of the layer's output {@code [1, C, H, W]} as a small
 * heat map (inferno colours, each map stretched from its own minimum to its own maximum; a constant map is drawn
 * black), laid out in a grid. A fully connected layer's output {@code [1, N]} is drawn as one row of N cells.
 * Activations are computed in inference mode (no dropout; batch normalization with its running statistics).
 */
public final class ActivationMaps {
    /** Pixels between maps. */
    public static final int GAP = 2;

    /**
     * The grid's geometry.
     *
     * @param channels maps drawn
     * @param mapH     map height in activations
     * @param mapW     map width in activations
     * @param columns  maps per row
     * @param rows     rows of maps
     * @param scale    pixels per activation
     * @param width    image width
     * @param height   image height
     */
    public record Layout(int channels, int mapH, int mapW, int columns, int rows, int scale, int width, int height) {
    }

    private ActivationMaps() {
    }

    /** The output of vertex {@code layer} for the batch {@code input} (inference mode). */
    public static INDArray activations(ComputationGraph graph, INDArray input, String layer) {
        if (graph.getVertex(layer) == null) {
            throw new BadInputException("--layer " + layer + ": no such layer; layers are "
                    + String.join(", ", vertexNames(graph)));
        }
        Map<String, INDArray> all = graph.feedForward(input, false);
        return all.get(layer);
    }

    /** Vertex names in topological order, without the inputs. */
    public static List<String> vertexNames(ComputationGraph graph) {
        List<String> names = new java.util.ArrayList<>();
        for (int idx : graph.topologicalSortOrder()) {
            var v = graph.getVertices()[idx];
            if (!v.isInputVertex()) names.add(v.getVertexName());
        }
        return names;
    }

    /** The layout for {@code c} maps of {@code h x w}, each map drawn at least 48 pixels wide. */
    public static Layout layout(int c, int h, int w) {
        int scale = Math.max(1, (int) Math.ceil(48.0 / Math.max(h, w)));
        int cols = h == 1 && w == 1 ? Math.min(c, 32) : (int) Math.ceil(Math.sqrt(c));
        int rows = (c + cols - 1) / cols;
        return new Layout(c, h, w, cols, rows, scale, cols * w * scale + (cols + 1) * GAP, rows * h * scale + (rows + 1) * GAP);
    }

    /** Draws one example's activations ({@code [C, H, W]} or {@code [N]}). */
    public static BufferedImage render(INDArray act) {
        INDArray a = act.castTo(DataType.FLOAT);
        int c, h, w;
        if (a.rank() == 3) {
            c = (int) a.size(0);
            h = (int) a.size(1);
            w = (int) a.size(2);
        } else if (a.rank() == 1) {
            c = (int) a.size(0);
            h = 1;
            w = 1;
        } else {
            throw new BadInputException("cannot draw activations of shape " + java.util.Arrays.toString(a.shape()));
        }
        Layout l = layout(c, h, w);
        float[] v = a.dup('c').data().asFloat();
        BufferedImage img = new BufferedImage(l.width(), l.height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < l.height(); y++) for (int x = 0; x < l.width(); x++) img.setRGB(x, y, 0xffffff);
        float gmin = Float.POSITIVE_INFINITY, gmax = Float.NEGATIVE_INFINITY;
        for (float f : v) {
            gmin = Math.min(gmin, f);
            gmax = Math.max(gmax, f);
        }
        int plane = h * w;
        for (int k = 0; k < c; k++) {
            float min, max;
            if (plane == 1) {          // single values: one scale for the whole layer
                min = gmin;
                max = gmax;
            } else {
                min = Float.POSITIVE_INFINITY;
                max = Float.NEGATIVE_INFINITY;
                for (int i = 0; i < plane; i++) {
                    min = Math.min(min, v[k * plane + i]);
                    max = Math.max(max, v[k * plane + i]);
                }
            }
            int x0 = GAP + (k % l.columns()) * (w * l.scale() + GAP);
            int y0 = GAP + (k / l.columns()) * (h * l.scale() + GAP);
            for (int yy = 0; yy < h; yy++) {
                for (int xx = 0; xx < w; xx++) {
                    double t = max > min ? (v[k * plane + yy * w + xx] - min) / (max - min) : 0;
                    int rgb = Colormap.INFERNO.rgb(t);
                    for (int dy = 0; dy < l.scale(); dy++) {
                        for (int dx = 0; dx < l.scale(); dx++) img.setRGB(x0 + xx * l.scale() + dx, y0 + yy * l.scale() + dy, rgb);
                    }
                }
            }
        }
        return img;
    }

    /** Draws the activations of {@code layer} for one image ({@code [1, C, H, W]}) into {@code out}. */
    public static Layout write(ComputationGraph graph, INDArray image, String layer, Path out) {
        INDArray act = activations(graph, image, layer);
        INDArray one = act.rank() == 4 ? act.slice(0) : act.rank() == 2 ? act.getRow(0) : act;
        Colormap.writePng(render(one), out);
        return one.rank() == 3 ? layout((int) one.size(0), (int) one.size(1), (int) one.size(2)) : layout((int) one.length(), 1, 1);
    }
}
