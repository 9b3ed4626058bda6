package org.zoolab.cli;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.zoolab.train.ModelSource;
import org.zoolab.train.Predictor;
import org.zoolab.viz.ActivationMaps;
import org.zoolab.viz.FilterGrid;
import org.zoolab.viz.SaliencyMap;
import org.zoolab.viz.TsneMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code zoolab viz}: looking inside a network: filters, activations, saliency, t-SNE maps of embeddings. */
@Command(name = "viz", mixinStandardHelpOptions = true,
        description = "Look inside a network: first-layer filters, feature maps, saliency, t-SNE of embeddings.",
        subcommands = {VizCommand.Filters.class, VizCommand.Activations.class, VizCommand.Saliency.class, VizCommand.Tsne.class})
public final class VizCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return Main.EXIT_OK;
    }

    /** One line of a subcommand's report: an 8-wide label column, then the formatted value. */
    static void row(PrintStream o, String label, String format, Object... args) {
        o.printf(Locale.ROOT, "%-8s %s%n", label, String.format(Locale.ROOT, format, args));
    }

    /** MODEL and IMAGE: the arguments of the subcommands that look at one image through a network. */
    static final class ModelAndImage {
        @Parameters(index = "0", paramLabel = "MODEL", description = "A run directory, a model file, or a zoo name.")
        String model;
        @Parameters(index = "1", paramLabel = "IMAGE", description = "The image.")
        Path image;

        /** The image as the model's input. */
        INDArray input(ModelSource m) {
            return new Predictor(m.graph(), m.requireInput()).toInput(image);
        }
    }

    /** {@code zoolab viz filters}. */
    @Command(name = "filters", mixinStandardHelpOptions = true,
            description = {"A convolution layer's kernels as a grid (colour for 3 input channels), like AlexNet's Figure 3.",
                    "  zoolab viz filters alexnet --layer conv1 --out filters.png"})
    static final class Filters implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "MODEL", description = "A run directory, a model file, or a zoo name (untrained: noise).")
        String model;
        @Option(names = "--layer", paramLabel = "NAME", description = "Convolution layer (default: the first).")
        String layer;
        @Option(names = "--out", defaultValue = "filters.png", paramLabel = "FILE", description = "PNG to write (default: ${DEFAULT-VALUE}).")
        Path out;
        @Option(names = "--scale", defaultValue = "0", paramLabel = "PX", description = "Pixels per weight (default: kernels about 48 pixels wide).")
        int scale;

        @Override
        public Integer call() {
            PrintStream o = System.out;
            ModelSource m = ModelSource.load(model);
            List<String> convs = FilterGrid.convolutionLayers(m.graph());
            String l = layer != null ? layer : convs.isEmpty() ? "?" : convs.get(0);
            FilterGrid.Layout g = FilterGrid.write(m.graph(), l, out, scale);
            row(o, "model", "%s", m.from());
            row(o, "layer", "%s: %d kernels of %dx%dx%d (%s), %d x %d grid, %d px per weight", l, g.kernels(),
                    g.kernelH(), g.kernelW(), g.channels(), g.colour() ? "RGB" : g.channels() == 1 ? "grey" : "mean over channels",
                    g.columns(), g.rows(), g.scale());
            row(o, "wrote", "%s (%dx%d)", out, g.width(), g.height());
            return Main.EXIT_OK;
        }
    }

    /** {@code zoolab viz activations}. */
    @Command(name = "activations", mixinStandardHelpOptions = true,
            description = {"The feature maps of one image at one layer.", "  zoolab viz activations RUN_DIR digit.png --layer c1"})
    static final class Activations implements Callable<Integer> {
        @Mixin
        ModelAndImage args;
        @Option(names = "--layer", required = true, paramLabel = "NAME", description = "The layer.")
        String layer;
        @Option(names = "--out", defaultValue = "activations.png", paramLabel = "FILE", description = "PNG to write (default: ${DEFAULT-VALUE}).")
        Path out;

        @Override
        public Integer call() {
            PrintStream o = System.out;
            ModelSource m = ModelSource.load(args.model);
            ActivationMaps.Layout l = ActivationMaps.write(m.graph(), args.input(m), layer, out);
            row(o, "model", "%s", m.from());
            row(o, "layer", "%s: %d maps of %dx%d, %d x %d grid", layer, l.channels(), l.mapH(), l.mapW(), l.columns(), l.rows());
            row(o, "wrote", "%s (%dx%d)", out, l.width(), l.height());
            return Main.EXIT_OK;
        }
    }

    /** {@code zoolab viz saliency}. */
    @Command(name = "saliency", mixinStandardHelpOptions = true,
            description = {"The gradient of the top class score w.r.t. the input pixels, as a heat map over the image",
                    "(Simonyan, Vedaldi & Zisserman 2014).", "  zoolab viz saliency RUN_DIR digit.png --out saliency.png"})
    static final class Saliency implements Callable<Integer> {
        @Mixin
        ModelAndImage args;
        @Option(names = "--out", defaultValue = "saliency.png", paramLabel = "FILE", description = "PNG to write (default: ${DEFAULT-VALUE}).")
        Path out;

        @Override
        public Integer call() {
            PrintStream o = System.out;
            ModelSource m = ModelSource.load(args.model);
            SaliencyMap.Result r = SaliencyMap.write(m.graph(), args.input(m), out);
            List<String> names = m.input().classNames();
            row(o, "model", "%s", m.from());
            row(o, "top", "%s (class %d), score %.4f before the softmax", r.classIndex() < names.size()
                    ? names.get(r.classIndex()) : Integer.toString(r.classIndex()), r.classIndex(), r.score());
            if (SaliencyMap.usesBatchNorm(m.graph())) {
                row(o, "note", "the network has batch normalization: DL4J differentiates it in training mode (this image's own");
                row(o, "", "statistics), so the map is approximate");
            }
            row(o, "wrote", "%s", out);
            return Main.EXIT_OK;
        }
    }

    /** {@code zoolab viz tsne}. */
    @Command(name = "tsne", mixinStandardHelpOptions = true,
            description = {"A 2-D t-SNE map of embeddings (a CSV from zoolab features), coloured by label.",
                    "  zoolab viz tsne f6.csv --out map.png"})
    static final class Tsne implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FEATURES.csv", description = "Embeddings from zoolab features.")
        Path csv;
        @Option(names = "--out", defaultValue = "tsne.png", paramLabel = "FILE", description = "PNG to write (default: ${DEFAULT-VALUE}).")
        Path out;
        @Option(names = "--perplexity", defaultValue = "30", paramLabel = "P", description = "Perplexity (default: ${DEFAULT-VALUE}).")
        double perplexity;
        @Option(names = "--iterations", defaultValue = "1000", paramLabel = "N", description = "Gradient steps (default: ${DEFAULT-VALUE}).")
        int iterations;
        @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() {
            PrintStream o = System.out;
            long t0 = System.nanoTime();
            TsneMap.Result r = TsneMap.write(csv, out, new TsneMap.Settings(perplexity, iterations, seed), it -> {
                if (it % 250 == 0) o.printf(Locale.ROOT, "  iteration %d/%d%n", it, iterations);
            });
            row(o, "t-SNE", "%,d points, KL %.4f, %.1f s", r.points().length, r.kl(), (System.nanoTime() - t0) / 1e9);
            if (!r.note().isEmpty()) row(o, "note", "%s", r.note());
            row(o, "wrote", "%s", out);
            return Main.EXIT_OK;
        }
    }
}
