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
 * Classifies images with a trained model: each image is scaled to the model's input (minus the training
 * padding, which is then added as zeros), turned grey for a one-channel model, scaled to [0, 1] like the
 * training data, and answered with its top-k classes; a model trained through an image pipeline gets the
 * pipeline's evaluation steps instead (decode, scale, centre crop, the training mean subtracted), read from its
 * run directory. Class names come from the model file; a 1000-way model
 * without names uses the ILSVRC-2012 class list.
 * <p>
 * Images can be files, encoded bytes (PNG, JPEG, GIF, BMP) or {@link BufferedImage}s; {@link #predictAll} runs a
 * list in one forward pass. A Predictor is thread-safe: images are decoded and scaled in the calling threads,
 * and the forward passes, which share the network, take turns. For forward passes in parallel give each thread
 * its own {@link #copy()}.
 * <pre>{@code
 * Predictor p = Predictor.load(Path.of("runs/lenet5-mnist/final.zip"));
 * List<Predictor.Guess> top3 = p.predict(Path.of("digit.png"), 3);
 * }</pre>
 */
public final class Predictor {

    /** One answer: class index, its name and probability. */
    public record Guess(int index, String label, double probability) {
    }

    private final ComputationGraph graph;
    private final ModelInput input;
    private final int output;
    private final org.zoolab.data.Pipeline pipeline;

    public Predictor(ComputationGraph graph, ModelInput input) {
        this(graph, input, null);
    }

    /**
     * A predictor whose images go through an image pipeline's evaluation steps (decode, scale, centre crop, mean)
     * instead of being scaled to the input; see {@link SavedPipeline#predictionPipeline}.
     */
    public Predictor(ComputationGraph graph, ModelInput input, org.zoolab.data.Pipeline pipeline) {
        this.graph = graph;
        this.input = input;
        this.output = Evaluator.mainOutput(graph);
        this.pipeline = pipeline;
    }

    /** A predictor for a model file or a run directory (its final, best or latest model). */
    public static Predictor load(Path modelOrRun) {
        Path file = Files.isDirectory(modelOrRun) ? RunDirectory.open(modelOrRun).modelForEvaluation() : modelOrRun;
        ModelFile.Contents c = ModelFile.read(file, false);
        if (c.input() == null) {
            throw new BadInputException(file + " does not say what input it takes (no " + ModelInput.ENTRY
                    + "); it was not written by zoolab train");
        }
        if (c.input().pipeline() != null) {
            SavedPipeline saved = SavedPipeline.of(modelOrRun, c.input());
            return new Predictor(c.graph(), c.input(), saved.predictionPipeline(c.input().classNames()));
        }
        return new Predictor(c.graph(), c.input());
    }

    public ModelInput input() {
        return input;
    }

    /** An independent predictor with its own copy of the network, for forward passes in parallel. */
    public Predictor copy() {
        synchronized (graph) {
            return new Predictor(graph.clone(), input, pipeline);
        }
    }

    /** The top {@code k} classes of an image file, most probable first. */
    public List<Guess> predict(Path image, int k) {
        return top(probabilities(toInput(image)), 0, k);
    }

    /** The top {@code k} classes of an encoded image (PNG, JPEG, GIF, BMP bytes), most probable first. */
    public List<Guess> predict(byte[] encoded, int k) {
        return predict(decode(encoded), k);
    }

    /** The top {@code k} classes of an image, most probable first. */
    public List<Guess> predict(BufferedImage image, int k) {
        return top(probabilities(toInput(image)), 0, k);
    }

    /** The top {@code k} classes of each image, in one forward pass (callers choose the batch size). */
    public List<List<Guess>> predictAll(List<BufferedImage> images, int k) {
        if (images.isEmpty()) return List.of();
        INDArray[] rows = new INDArray[images.size()];
        for (int i = 0; i < rows.length; i++) rows[i] = toInput(images.get(i));
        INDArray probs = probabilities(Nd4j.concat(0, rows));
        List<List<Guess>> out = new ArrayList<>(rows.length);
        for (int i = 0; i < rows.length; i++) out.add(top(probs, i, k));
        return out;
    }

    /**
     * The activations of vertex {@code layer} (a name from {@code zoolab summary}) for an image: features for a
     * classifier of your own, e.g. LeNet-5's "f6" (84 values) or a ResNet's pooled features.
     */
    public INDArray features(BufferedImage image, String layer) {
        INDArray x = toInput(image);
        synchronized (graph) {
            if (graph.getVertex(layer) == null) {
                throw new BadInputException("the model has no layer '" + layer + "'; see `zoolab summary` for its layers");
            }
            return graph.feedForward(new INDArray[]{x}, false, false).get(layer).dup();
        }
    }

    private INDArray probabilities(INDArray x) {
        synchronized (graph) {
            return graph.output(false, x)[output].dup();
        }
    }

    private List<Guess> top(INDArray probs, int row, int k) {
        if (k < 1) throw new BadInputException("--top must be at least 1, got " + k);
        double[] p = probs.getRow(row).toDoubleVector();
        List<String> names = labels(p.length);
        return IntStream.range(0, p.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -p[i]))
                .limit(k)
                .map(i -> new Guess(i, names.get(i), p[i]))
                .toList();
    }

    private static BufferedImage decode(byte[] encoded) {
        try {
            BufferedImage img = ImageIO.read(new java.io.ByteArrayInputStream(encoded));
            if (img == null) throw new BadInputException("not an image Java can read (PNG, JPEG, GIF, BMP): " + encoded.length + " bytes");
            return img;
        } catch (IOException e) {
            throw new BadInputException("cannot read image bytes (" + e.getMessage() + ")");
        }
    }

    /** The network input for an image file: [1, C, H, W], values in [0, 1]. */
    public INDArray toInput(Path image) {
        if (pipeline != null) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(image);
            } catch (IOException e) {
                throw new BadInputException(image + (Files.exists(image) ? ": cannot read (" + e.getMessage() + ")" : ": no such file"));
            }
            return pipelineInput(bytes, image.toString());
        }
        BufferedImage img;
        try {
            img = Files.isRegularFile(image) ? ImageIO.read(image.toFile()) : null;
        } catch (IOException e) {
            throw new BadInputException(image + ": cannot read image (" + e.getMessage() + ")");
        }
        if (img == null) {
            throw new BadInputException(image + (Files.isRegularFile(image) ? ": not an image Java can read (PNG, JPEG, GIF, BMP)" : ": no such file"));
        }
        return toInput(img);
    }

    /** The network input for an image: [1, C, H, W], values in [0, 1]. */
    public INDArray toInput(BufferedImage img) {
        if (pipeline != null) {
            java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
            try {
                ImageIO.write(img, "png", png);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return pipelineInput(png.toByteArray(), "image");
        }
        int h = input.height() - 2 * input.pad(), w = input.width() - 2 * input.pad();
        // drawn into RGB first: this keeps a grey image's values (getRGB on a TYPE_BYTE_GRAY image would pass
        // them through a linear-to-sRGB conversion)
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

    private INDArray pipelineInput(byte[] encoded, String name) {
        float[] x = SavedPipeline.prepare(pipeline, encoded, name);
        return Nd4j.create(x, new long[]{1, input.channels(), input.height(), input.width()});
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
