package org.zoolab.zoo;

import org.zoolab.io.ConfigException;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.learning.config.Adam;
import org.zoolab.BadInputException;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GANs from {@code zoo-configs/gan.yaml}: Goodfellow et al.'s MLP GAN ({@code gan}) and a DCGAN for 28x28
 * images ({@code dcgan}), each a generator G (noise to image) and a discriminator D (image to one logit),
 * written as layer tokens ({@code fc-1200}, {@code conv4-128-s2-bn}, {@code deconv4-64-s2-bn},
 * {@code reshape-128x7x7}, {@code dropout-0.5}; the YAML header defines them).
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
    /** Default image shape of both models: 1 x 28 x 28. */
    private static final int CHANNELS = 1, HEIGHT = 28, WIDTH = 28;

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

    /** One parsed layer token. */
    record Layer(String token, Kind kind, int size, int kernel, int stride, boolean batchNorm,
                 int channels, int height, int width, double keep, int pieces) {
        enum Kind { FC, MAXOUT, CONV, DECONV, RESHAPE, DROPOUT }

        private static final Pattern FC = Pattern.compile("fc-(\\d+)(-bn)?");
        private static final Pattern CONV = Pattern.compile("(conv|deconv)(\\d+)-(\\d+)-s(\\d+)(-bn)?");
        private static final Pattern RESHAPE = Pattern.compile("reshape-(\\d+)x(\\d+)x(\\d+)");
        private static final Pattern DROPOUT = Pattern.compile("dropout-(0?\\.\\d+|1(\\.0*)?)");
        private static final Pattern MAXOUT = Pattern.compile("maxout-(\\d+)x(\\d+)");

        static Layer parse(String token) {
            String t = token == null ? "" : token.trim();
            Matcher m;
            if ((m = FC.matcher(t)).matches()) {
                return new Layer(t, Kind.FC, positive(m.group(1), t), 0, 0, m.group(2) != null, 0, 0, 0, 0, 1);
            }
            if ((m = MAXOUT.matcher(t)).matches()) {
                int pieces = positive(m.group(2), t);
                if (pieces < 2) throw new IllegalArgumentException("layer '" + t + "': a maxout unit needs at least 2 pieces");
                return new Layer(t, Kind.MAXOUT, positive(m.group(1), t), 0, 0, false, 0, 0, 0, 0, pieces);
            }
            if ((m = CONV.matcher(t)).matches()) {
                int k = positive(m.group(2), t), s = positive(m.group(4), t);
                if ((k - s) % 2 != 0 || k < s) {
                    throw new IllegalArgumentException("layer '" + t + "': kernel minus stride must be even and not negative (padding is (K - S) / 2)");
                }
                return new Layer(t, m.group(1).equals("conv") ? Kind.CONV : Kind.DECONV, positive(m.group(3), t), k, s,
                        m.group(5) != null, 0, 0, 0, 0, 1);
            }
            if ((m = RESHAPE.matcher(t)).matches()) {
                return new Layer(t, Kind.RESHAPE, 0, 0, 0, false, positive(m.group(1), t), positive(m.group(2), t),
                        positive(m.group(3), t), 0, 1);
            }
            if ((m = DROPOUT.matcher(t)).matches()) {
                double keep = Double.parseDouble(m.group(1));
                if (!(keep > 0)) throw new IllegalArgumentException("layer '" + t + "': the keep probability must be in (0, 1]");
                return new Layer(t, Kind.DROPOUT, 0, 0, 0, false, 0, 0, 0, keep, 1);
            }
            throw new IllegalArgumentException("unknown layer '" + t + "'; expected fc-N[-bn], maxout-NxK, convK-N-sS[-bn], "
                    + "deconvK-N-sS[-bn], reshape-CxHxW or dropout-P");
        }

        private static int positive(String digits, String token) {
            int v;
            try {
                v = Integer.parseInt(digits);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("layer '" + token + "': number too large");
            }
            if (v < 1) throw new IllegalArgumentException("layer '" + token + "': sizes must be positive");
            return v;
        }

        boolean hasWeights() {
            return kind == Kind.FC || kind == Kind.MAXOUT || kind == Kind.CONV || kind == Kind.DECONV;
        }
    }

    private static List<String> parseAll(List<String> layers) {
        if (layers == null || layers.isEmpty()) throw new IllegalArgumentException("layers: expected at least one layer");
        for (String t : layers) {
            Layer.parse(t);
        }
        Layer last = Layer.parse(layers.get(layers.size() - 1));
        if (!last.hasWeights()) {
            throw new IllegalArgumentException("layers: the last layer must be fc, conv or deconv (the output layer), got '" + last.token() + "'");
        }
        if (last.batchNorm()) {
            throw new IllegalArgumentException("layers: the output layer '" + last.token() + "' must not have batch norm");
        }
        if (last.kind() == Layer.Kind.MAXOUT) {
            throw new IllegalArgumentException("layers: the output layer '" + last.token() + "' must be fc, conv or deconv, not maxout");
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
                CHANNELS, HEIGHT, WIDTH, 0)).toList();
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
        ComputationGraphConfiguration.GraphBuilder g = base(m, options, m.training().learningRate()).graphBuilder()
                .addInputs(NOISE_INPUT).setInputTypes(InputType.feedForward(m.noise().size()));
        Net gen = new Net(g, "g", m, options);
        gen.shape = InputType.feedForward(m.noise().size());
        String image = gen.addAll(NOISE_INPUT, m.generator().layers(), activation(m.generator().hidden(), "generator.hidden"),
                activation(m.generator().output(), "generator.output"), "generator.layers");
        gen.checkImage(options);
        Net dis = new Net(g, "d", m, options);
        dis.shape = gen.shape;
        String logit = dis.addAll(image, m.discriminator().layers(), activation(m.discriminator().hidden(), "discriminator.hidden"),
                Activation.IDENTITY.getActivationFunction(), "discriminator.layers");
        dis.checkLogit();
        return g.setOutputs(logit).build();
    }

    /** G: {@code noise} (noise size) to an image, {@code C x H x W} (conv output) or {@code C*H*W} wide (fc output). */
    public static ComputationGraphConfiguration generator(ModelInfo info, ModelOptions options, double learningRate) {
        Model m = model(info);
        ComputationGraphConfiguration.GraphBuilder g = base(m, options, learningRate).graphBuilder()
                .addInputs(NOISE_INPUT).setInputTypes(InputType.feedForward(m.noise().size()));
        Net gen = new Net(g, "g", m, options);
        gen.shape = InputType.feedForward(m.noise().size());
        String out = gen.addAll(NOISE_INPUT, m.generator().layers(), activation(m.generator().hidden(), "generator.hidden"),
                activation(m.generator().output(), "generator.output"), "generator.layers");
        gen.checkImage(options);
        return g.setOutputs(out).build();
    }

    /** D: an {@code image} ({@code C x H x W}) to one logit (the sigmoid is in the loss). */
    public static ComputationGraphConfiguration discriminator(ModelInfo info, ModelOptions options, double learningRate) {
        Model m = model(info);
        InputType image = InputType.convolutional(options.inputHeight(), options.inputWidth(), options.inputChannels());
        ComputationGraphConfiguration.GraphBuilder g = base(m, options, learningRate).graphBuilder()
                .addInputs(IMAGE_INPUT).setInputTypes(image);
        Net dis = new Net(g, "d", m, options);
        dis.shape = image;
        String out = dis.addAll(IMAGE_INPUT, m.discriminator().layers(), activation(m.discriminator().hidden(), "discriminator.hidden"),
                Activation.IDENTITY.getActivationFunction(), "discriminator.layers");
        dis.checkLogit();
        return g.setOutputs(out).build();
    }

    private static NeuralNetConfiguration.Builder base(Model m, ModelOptions options, double learningRate) {
        return new NeuralNetConfiguration.Builder().seed(options.seed())
                .updater(new Adam(learningRate, m.training().beta1(), Adam.DEFAULT_ADAM_BETA2_VAR_DECAY, Adam.DEFAULT_ADAM_EPSILON))
                .weightInit(m.init().init(options.weightInit()));
    }

    /** Adds one net's layers to a graph, tracking shapes so that table mistakes name the layer. */
    private static final class Net {
        private final ComputationGraphConfiguration.GraphBuilder graph;
        private final String prefix;
        private final Model model;
        private final ModelOptions options;
        InputType shape;

        Net(ComputationGraphConfiguration.GraphBuilder graph, String prefix, Model model, ModelOptions options) {
            this.graph = graph;
            this.prefix = prefix;
            this.model = model;
            this.options = options;
        }

        String addAll(String input, List<String> tokens, IActivation hidden, IActivation output, String key) {
            String x = input;
            InputPreProcessor pending = null;
            double keep = 0;
            int n = 0;
            for (int i = 0; i < tokens.size(); i++) {
                Layer l = Layer.parse(tokens.get(i));
                boolean last = i == tokens.size() - 1;
                IActivation act = last ? output : hidden;
                String where = key + "[" + i + "] '" + l.token() + "'";
                switch (l.kind()) {
                    case DROPOUT -> keep = l.keep();
                    case RESHAPE -> {
                        long units = size(shape);
                        if (shape.getType() != InputType.Type.FF || units != (long) l.channels() * l.height() * l.width()) {
                            throw new ConfigException(FILE, model.name() + "." + where,
                                    "cannot reshape " + describe(shape) + " to " + l.channels() + "x" + l.height() + "x" + l.width());
                        }
                        pending = new FeedForwardToCnnPreProcessor(l.height(), l.width(), l.channels());
                        shape = InputType.convolutional(l.height(), l.width(), l.channels());
                    }
                    default -> {
                        n++;
                        String name = prefix + n;
                        BaseLayer layer = weights(l, l.batchNorm() ? Activation.IDENTITY.getActivationFunction() : act, where);
                        if (keep > 0) {
                            layer.setIDropout(new org.deeplearning4j.nn.conf.dropout.Dropout(keep));
                            keep = 0;
                        }
                        if (pending != null) {
                            graph.addLayer(name, layer, pending, x);
                            pending = null;
                        } else {
                            graph.addLayer(name, layer, x);
                        }
                        x = name;
                        if (l.kind() == Layer.Kind.MAXOUT) {
                            // max over each unit's K consecutive linear pieces: the N*K outputs seen as an N x K map
                            // (unit i = row i), pooled 1 x K with stride K
                            String max = name + "-max";
                            graph.addLayer(max, new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                                    .kernelSize(1, l.pieces()).stride(1, l.pieces())
                                    .convolutionMode(ConvolutionMode.Truncate).build(),
                                    new FeedForwardToCnnPreProcessor(l.size(), l.pieces(), 1), x);
                            x = max;
                            shape = InputType.convolutional(l.size(), 1, 1);
                        }
                        if (l.batchNorm()) {
                            String bn = name + "-bn";
                            graph.addLayer(bn, new BatchNormalization.Builder().activation(act).build(), x);
                            x = bn;
                        }
                    }
                }
            }
            if (keep > 0 || pending != null) {
                throw new ConfigException(FILE, model.name() + "." + key, "dropout/reshape must come before a layer with weights");
            }
            return x;
        }

        private BaseLayer weights(Layer l, IActivation act, String where) {
            boolean bias = !l.batchNorm();
            switch (l.kind()) {
                case FC -> {
                    shape = InputType.feedForward(l.size());
                    return new DenseLayer.Builder().nOut(l.size()).activation(act).hasBias(bias).build();
                }
                case MAXOUT -> {
                    shape = InputType.feedForward((long) l.size() * l.pieces());
                    return new DenseLayer.Builder().nOut((long) l.size() * l.pieces())
                            .activation(Activation.IDENTITY.getActivationFunction()).hasBias(true).build();
                }
                case CONV, DECONV -> {
                    if (shape.getType() != InputType.Type.CNN) {
                        throw new ConfigException(FILE, model.name() + "." + where,
                                "needs feature maps as input, got " + describe(shape) + " (add reshape-CxHxW before it)");
                    }
                    InputType.InputTypeConvolutional c = (InputType.InputTypeConvolutional) shape;
                    int p = (l.kernel() - l.stride()) / 2;
                    long h, w;
                    if (l.kind() == Layer.Kind.CONV) {
                        h = (c.getHeight() + 2L * p - l.kernel()) / l.stride() + 1;
                        w = (c.getWidth() + 2L * p - l.kernel()) / l.stride() + 1;
                    } else {
                        h = (long) l.stride() * (c.getHeight() - 1) + l.kernel() - 2L * p;
                        w = (long) l.stride() * (c.getWidth() - 1) + l.kernel() - 2L * p;
                    }
                    if (h < 1 || w < 1) {
                        throw new ConfigException(FILE, model.name() + "." + where, "output would be empty for input " + describe(shape));
                    }
                    shape = InputType.convolutional(h, w, l.size());
                    if (l.kind() == Layer.Kind.CONV) {
                        return new ConvolutionLayer.Builder(l.kernel(), l.kernel()).stride(l.stride(), l.stride())
                                .padding(p, p).convolutionMode(ConvolutionMode.Truncate).nOut(l.size())
                                .activation(act).hasBias(bias).build();
                    }
                    return new Deconvolution2D.Builder(l.kernel(), l.kernel()).stride(l.stride(), l.stride())
                            .padding(p, p).convolutionMode(ConvolutionMode.Truncate).nOut(l.size())
                            .activation(act).hasBias(bias).build();
                }
                default -> throw new IllegalStateException(l.kind().toString());
            }
        }

        /** G's output must be the image: C x H x W maps, or C*H*W units. */
        void checkImage(ModelOptions o) {
            long pixels = (long) o.inputChannels() * o.inputHeight() * o.inputWidth();
            boolean ok = shape.getType() == InputType.Type.FF ? size(shape) == pixels
                    : shape.getType() == InputType.Type.CNN
                    && ((InputType.InputTypeConvolutional) shape).getChannels() == o.inputChannels()
                    && ((InputType.InputTypeConvolutional) shape).getHeight() == o.inputHeight()
                    && ((InputType.InputTypeConvolutional) shape).getWidth() == o.inputWidth();
            if (!ok) {
                throw new ConfigException(FILE, model.name() + ".generator.layers", "the generator's output is "
                        + describe(shape) + " but the images are " + o.inputChannels() + "x" + o.inputHeight() + "x" + o.inputWidth());
            }
        }

        void checkLogit() {
            if (shape.getType() != InputType.Type.FF || size(shape) != 1) {
                throw new ConfigException(FILE, model.name() + ".discriminator.layers",
                        "the discriminator must end in one unit (fc-1), got " + describe(shape));
            }
        }

        private static long size(InputType t) {
            return t.arrayElementsPerExample();
        }

        private static String describe(InputType t) {
            if (t instanceof InputType.InputTypeConvolutional c) {
                return c.getChannels() + "x" + c.getHeight() + "x" + c.getWidth() + " maps";
            }
            return t.arrayElementsPerExample() + " units";
        }
    }
}
