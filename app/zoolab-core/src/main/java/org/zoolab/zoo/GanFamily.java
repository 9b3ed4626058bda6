package org.zoolab.zoo;

import org.zoolab.io.ConfigException;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.learning.config.Adam;
import org.zoolab.BadInputException;

import java.util.List;

/**
 * GANs from {@code zoo-configs/gan.yaml}: Goodfellow et al.'s MLP GAN ({@code gan}) and a DCGAN for 28x28
 * images ({@code dcgan}), each a generator G (noise to image) and a discriminator D (image to one logit),
 * written as layer tokens in {@link LayerToken}'s strided notation ({@code fc-1200}, {@code maxout-240x5},
 * {@code conv4-128-s2-bn}, {@code deconv4-64-s2-bn}, {@code reshape-128x7x7}, {@code dropout-0.5}; the YAML
 * header defines them) and built on a {@link TrackedGraph}.
 * <p>
 * G and D are separate networks with separate updaters: {@code org.zoolab.generative} trains them with
 * alternating updates from {@link #generator} and {@link #discriminator}. The registry's configuration
 * ({@link #configure}) is the two stacked, {@code noise -> G -> D -> logit}, so that listings and summaries count
 * both nets.
 */
public final class GanFamily implements ModelFamily {
    static final String FILE = "zoo-configs/gan.yaml";
    /** G's input vertex. */
    public static final String NOISE_INPUT = "noise";
    /** D's input vertex. */
    public static final String IMAGE_INPUT = "image";
    /** Default image shape of both models. */
    private static final FeatureShape IMAGE = new FeatureShape(1, 28, 28);

    /** The table of {@code gan.yaml}. */
    public record Table(List<Model> models) {
        public Table {
            if (models == null || models.isEmpty()) throw new IllegalArgumentException("expected at least one model");
            models = List.copyOf(models);
        }
    }

    /** One GAN: its nets, noise, initialisation and default training settings. */
    public record Model(String name, List<String> aliases, int year, String paper, Noise noise,
                        GeneratorNet generator, DiscriminatorNet discriminator, WeightDistribution init,
                        Training training) {
        public Model {
            aliases = aliases == null ? List.of() : List.copyOf(aliases);
        }

        /** True when G ends in tanh (images in [-1, 1]); false for sigmoid (images in [0, 1]). */
        public boolean tanhImages() {
            return "tanh".equals(generator.output());
        }
    }

    /** The noise fed to G: {@code normal} is N(0, I), {@code uniform} is U(-1, 1) per component. */
    public record Noise(int size, String distribution) {
        public Noise {
            if (size < 1) throw new IllegalArgumentException("noise size must be at least 1, got " + size);
            if (!"normal".equals(distribution) && !"uniform".equals(distribution)) {
                throw new IllegalArgumentException("noise distribution must be 'normal' or 'uniform', got '" + distribution + "'");
            }
        }
    }

    /** G: hidden activation, output activation ({@code sigmoid} or {@code tanh}) and layer tokens. */
    public record GeneratorNet(String hidden, String output, List<String> layers) {
        public GeneratorNet {
            activation(hidden, "hidden");
            if (!"sigmoid".equals(output) && !"tanh".equals(output)) {
                throw new IllegalArgumentException("output must be 'sigmoid' (images in [0,1]) or 'tanh' (images in [-1,1]), got '" + output + "'");
            }
            layers = parseAll(layers);
        }
    }

    /** D: hidden activation and layer tokens; the last layer gives one logit. */
    public record DiscriminatorNet(String hidden, List<String> layers) {
        public DiscriminatorNet {
            activation(hidden, "hidden");
            layers = parseAll(layers);
        }
    }

    /** Adam settings (both nets), minibatch and epochs. */
    public record Training(double learningRate, double beta1, int batch, int epochs) {
        public Training {
            if (!(learningRate > 0)) throw new IllegalArgumentException("learningRate must be positive, got " + learningRate);
            if (!(beta1 >= 0 && beta1 < 1)) throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
            if (batch < 1) throw new IllegalArgumentException("batch must be at least 1, got " + batch);
            if (epochs < 1) throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
    }

    private static List<String> parseAll(List<String> layers) {
        if (layers == null || layers.isEmpty()) throw new IllegalArgumentException("layers: expected at least one layer");
        LayerToken last = null;
        for (String t : layers) {
            last = LayerToken.parse(t, LayerToken.Notation.STRIDED);
        }
        String lastText = layers.get(layers.size() - 1).trim();
        if (!last.hasWeights()) {
            throw new IllegalArgumentException("layers: the last layer must be fc, conv or deconv (the output layer), got '" + lastText + "'");
        }
        if (last.batchNorm()) {
            throw new IllegalArgumentException("layers: the output layer '" + lastText + "' must not have batch norm");
        }
        if (last.kind() == LayerToken.Kind.MAXOUT) {
            throw new IllegalArgumentException("layers: the output layer '" + lastText + "' must be fc, conv or deconv, not maxout");
        }
        return List.copyOf(layers);
    }

    private static IActivation activation(String name, String key) {
        return switch (name == null ? "" : name) {
            case "relu" -> Activation.RELU.getActivationFunction();
            case "leakyrelu" -> new ActivationLReLU(0.2);
            case "tanh" -> Activation.TANH.getActivationFunction();
            case "sigmoid" -> Activation.SIGMOID.getActivationFunction();
            default -> throw new IllegalArgumentException(key + " must be relu, leakyrelu (slope 0.2), tanh or sigmoid, got '" + name + "'");
        };
    }

    @Override
    public String family() {
        return "gan";
    }

    @Override
    public List<ModelInfo> models() {
        return table().models().stream().map(m -> new ModelInfo(m.name(), m.aliases(), family(), m.year(), m.paper(),
                IMAGE, 0)).toList();
    }

    /** Loads and validates {@code gan.yaml}. */
    public static Table table() {
        return ZooConfigs.load("gan", Table.class);
    }

    /** The table row of a registered GAN. */
    public static Model model(ModelInfo info) {
        return table().models().stream().filter(m -> m.name().equals(info.name())).findFirst()
                .orElseThrow(() -> new BadInputException("'" + info.name() + "' is not a model of " + FILE));
    }

    @Override
    public ComputationGraphConfiguration configure(ModelInfo info, ModelOptions options) {
        Model m = model(info);
        TrackedGraph g = new TrackedGraph(base(m, options, m.training().learningRate()), FILE, m.name());
        g.layout(options.layout());
        String image = addGenerator(g, m, options, g.vectorInput(NOISE_INPUT, m.noise().size()));
        return build(g, addDiscriminator(g, m, image));
    }

    /** G: {@code noise} (noise size) to an image, {@code C x H x W} (conv output) or {@code C*H*W} wide (fc output). */
    public static ComputationGraphConfiguration generator(ModelInfo info, ModelOptions options, double learningRate) {
        Model m = model(info);
        TrackedGraph g = new TrackedGraph(base(m, options, learningRate), FILE, m.name());
        g.layout(options.layout());
        return build(g, addGenerator(g, m, options, g.vectorInput(NOISE_INPUT, m.noise().size())));
    }

    /** D: an {@code image} ({@code C x H x W}) to one logit (the sigmoid is in the loss). */
    public static ComputationGraphConfiguration discriminator(ModelInfo info, ModelOptions options, double learningRate) {
        Model m = model(info);
        TrackedGraph g = new TrackedGraph(base(m, options, learningRate), IMAGE_INPUT, TableRows.inputShape(options),
                FILE, m.name());
        g.layout(options.layout());
        return build(g, addDiscriminator(g, m, IMAGE_INPUT));
    }

    private static NeuralNetConfiguration.Builder base(Model m, ModelOptions options, double learningRate) {
        return new NeuralNetConfiguration.Builder().seed(options.seed())
                .updater(new Adam(learningRate, m.training().beta1(), Adam.DEFAULT_ADAM_BETA2_VAR_DECAY, Adam.DEFAULT_ADAM_EPSILON))
                .weightInit(m.init().init(options.weightInit()));
    }

    private static ComputationGraphConfiguration build(TrackedGraph g, String output) {
        g.markOutput(output);
        return g.build();
    }

    /** Adds G (vertices g1, g2, ...) after {@code noise}; checks that its output is the image. */
    private static String addGenerator(TrackedGraph g, Model m, ModelOptions o, String noise) {
        String out = addNet(g, m, "g", noise, m.generator().layers(), activation(m.generator().hidden(), "generator.hidden"),
                activation(m.generator().output(), "generator.output"), "generator.layers");
        FeatureShape image = TableRows.inputShape(o);
        boolean ok = g.isVector(out) ? TrackedGraph.size(g.shape(out)) == TrackedGraph.size(image) : g.shape(out).equals(image);
        if (!ok) {
            throw new ConfigException(FILE, m.name() + ".generator.layers", "the generator's output is "
                    + describe(g, out) + " but the images are " + image);
        }
        return out;
    }

    /** Adds D (vertices d1, d2, ...) after {@code image}; checks that it ends in one logit. */
    private static String addDiscriminator(TrackedGraph g, Model m, String image) {
        String logit = addNet(g, m, "d", image, m.discriminator().layers(), activation(m.discriminator().hidden(),
                "discriminator.hidden"), Activation.IDENTITY.getActivationFunction(), "discriminator.layers");
        if (!g.isVector(logit) || TrackedGraph.size(g.shape(logit)) != 1) {
            throw new ConfigException(FILE, m.name() + ".discriminator.layers",
                    "the discriminator must end in one unit (fc-1), got " + describe(g, logit));
        }
        return logit;
    }

    /**
     * Adds one net's layer tokens after {@code input}. The layers with weights are {@code prefix1},
     * {@code prefix2}, ... (then {@code -bn} for their batch norm, {@code -max} for a maxout's pooling); dropout
     * and reshape tokens are views of the next layer's input, not vertices. Every layer but the last uses
     * {@code hidden} (after its batch norm where there is one); the last uses {@code output}.
     */
    private static String addNet(TrackedGraph g, Model m, String prefix, String input, List<String> tokens,
                                 IActivation hidden, IActivation output, String key) {
        IActivation identity = Activation.IDENTITY.getActivationFunction();
        String x = input;
        int n = 0;
        for (int i = 0; i < tokens.size(); i++) {
            String text = tokens.get(i).trim();
            LayerToken l = LayerToken.parse(text, LayerToken.Notation.STRIDED);
            IActivation act = i == tokens.size() - 1 ? output : hidden;
            String where = m.name() + "." + key + "[" + i + "] '" + text + "'";
            String name = prefix + (n + 1);
            switch (l.kind()) {
                case DROPOUT -> x = g.inputDropout(key + "[" + i + "]", x, l.keep());
                case RESHAPE -> {
                    if (!g.isVector(x) || TrackedGraph.size(g.shape(x)) != TrackedGraph.size(l.map())) {
                        throw new ConfigException(FILE, where, "cannot reshape " + describe(g, x) + " to " + l.map());
                    }
                    x = g.reshape(key + "[" + i + "]", x, l.map());
                }
                case FC -> {
                    n++;
                    x = g.dense(name, x, l.width(), !l.batchNorm(), l.batchNorm() ? identity : act);
                }
                case MAXOUT -> {
                    n++;
                    x = g.maxout(name, x, l.width(), l.pieces());
                }
                case CONV, DECONV -> {
                    if (g.isVector(x)) {
                        throw new ConfigException(FILE, where, "needs feature maps as input, got " + describe(g, x)
                                + " (add reshape-CxHxW before it)");
                    }
                    n++;
                    IActivation a = l.batchNorm() ? identity : act;
                    x = l.kind() == LayerToken.Kind.CONV
                            ? g.conv(name, x, l.width(), l.kernel(), l.stride(), l.padding(), !l.batchNorm(), a, where)
                            : g.deconv(name, x, l.width(), l.kernel(), l.stride(), l.padding(), !l.batchNorm(), a);
                }
                default -> throw new IllegalStateException("not a token of the strided notation: " + l);
            }
            if (l.batchNorm()) {
                x = g.batchNorm(name + "-bn", x);
                x = g.activation(name + "-act", x, act);
            }
        }
        return x;
    }

    /** "784 units" for a vector, "128x7x7 maps" for feature maps. */
    private static String describe(TrackedGraph g, String vertex) {
        return g.isVector(vertex) ? TrackedGraph.size(g.shape(vertex)) + " units" : g.shape(vertex) + " maps";
    }
}
