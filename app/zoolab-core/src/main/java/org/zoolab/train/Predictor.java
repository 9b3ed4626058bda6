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
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Classifies image files with a trained model: each image is scaled to the model's input (minus the training
 * padding, which is then added as zeros), turned grey for a one-channel model, scaled to [0, 1] like the
 * training data, and answered with its top-k classes. Class names come from the model file; a 1000-way model
 * without names uses the ILSVRC-2012 class list.
 */
public final class Predictor {

    /** One answer: class index, its name and probability. */
    public record Guess(int index, String label, double probability) {
    }

    private final ComputationGraph graph;
    private final ModelInput input;
    private final int output;

    public Predictor(ComputationGraph graph, ModelInput input) {
        this.graph = graph;
        this.input = input;
        this.output = Evaluator.mainOutput(graph);
    }

    /** A predictor for a model file or a run directory (its final, best or latest model). */
    public static Predictor load(Path modelOrRun) {
        Path file = Files.isDirectory(modelOrRun) ? RunDirectory.open(modelOrRun).modelForEvaluation() : modelOrRun;
        ModelFile.Contents c = ModelFile.read(file, false);
        if (c.input() == null) {
            throw new BadInputException(file + " does not say what input it takes (no " + ModelInput.ENTRY
                    + "); it was not written by zoolab train");
        }
        return new Predictor(c.graph(), c.input());
    }

    public ModelInput input() {
        return input;
    }

    /** The top {@code k} classes of an image file, most probable first. */
    public List<Guess> predict(Path image, int k) {
        INDArray probs = graph.output(false, toInput(image))[output];
        double[] p = probs.toDoubleVector();
        List<String> names = labels(p.length);
        return IntStream.range(0, p.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -p[i]))
                .limit(k)
                .map(i -> new Guess(i, names.get(i), p[i]))
                .toList();
    }

    /** The network input for an image file: [1, C, H, W], values in [0, 1]. */
    public INDArray toInput(Path image) {
        BufferedImage img;
        try {
            img = Files.isRegularFile(image) ? ImageIO.read(image.toFile()) : null;
        } catch (IOException e) {
            throw new BadInputException(image + ": cannot read image (" + e.getMessage() + ")");
        }
        if (img == null) {
            throw new BadInputException(image + (Files.isRegularFile(image) ? ": not an image Java can read (PNG, JPEG, GIF, BMP)" : ": no such file"));
        }
        int h = input.height() - 2 * input.pad(), w = input.width() - 2 * input.pad();
        BufferedImage scaled = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        int c = input.channels();
        float[] x = new float[c * input.height() * input.width()];
        for (int yy = 0; yy < h; yy++) {
            for (int xx = 0; xx < w; xx++) {
                int rgb = scaled.getRGB(xx, yy);
                float r = ((rgb >> 16) & 0xff) / 255f, gr = ((rgb >> 8) & 0xff) / 255f, b = (rgb & 0xff) / 255f;
                int pos = (yy + input.pad()) * input.width() + xx + input.pad();
                if (c == 1) {
                    x[pos] = 0.299f * r + 0.587f * gr + 0.114f * b;
                } else {
                    int plane = input.height() * input.width();
                    x[pos] = r;
                    x[plane + pos] = gr;
                    x[2 * plane + pos] = b;
                }
            }
        }
        return Nd4j.create(x, new long[]{1, c, input.height(), input.width()});
    }

    private List<String> labels(int n) {
        if (input.classNames().size() == n) return input.classNames();
        if (n == 1000) return imagenetClasses();
        return Evaluator.indexNames(n);
    }

    /** The 1,000 ILSVRC-2012 class names, index order (from opencv-doc's classification_classes_ILSVRC2012.txt). */
    public static List<String> imagenetClasses() {
        try (InputStream in = Predictor.class.getResourceAsStream("imagenet_classes.txt")) {
            List<String> names = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) names.add(line.strip());
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read imagenet_classes.txt", e);
        }
    }
}
