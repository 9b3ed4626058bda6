package org.zoolab.zoo;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.zoolab.BadInputException;

import java.util.List;

/**
 * The variational autoencoder of Kingma &amp; Welling 2014 (section 5, appendix C) from
 * {@code zoo-configs/vae.yaml}: an MLP encoder {@code x -> hidden -> [mu | log sigma^2]} and an MLP decoder
 * {@code z -> hidden -> Bernoulli logits}, one hidden layer of 500 units each for MNIST. Registers {@code vae}
 * (latent 20) and {@code vae-2d} (latent 2, for the manifold picture).
 * <p>
 * The registry's configuration ({@link #configure}) holds both halves side by side in one graph (inputs
 * {@code x} and {@code z}, outputs {@code q} and {@code logits}) so that listings and summaries count the whole
 * model. Training needs the sampling step {@code z = mu + sigma * eps} between the halves, so
 * {@code org.zoolab.generative} builds them as two graphs from {@link #encoder} and {@link #decoder}.
 */
public final class VaeFamily implements ModelFamily {
    static final String FILE = "zoo-configs/vae.yaml";
    /** Name of the encoder's input and the decoder's output vertices. */
    public static final String IMAGE_INPUT = "x";
    public static final String LATENT_INPUT = "z";
    public static final String POSTERIOR_OUTPUT = "q";
    public static final String LOGITS_OUTPUT = "logits";

    /** The table of {@code vae.yaml}. */
    public record Table(String paper, int year, Input input, List<Variant> models, List<Integer> hidden,
                        String activation, String decoder, WeightDistribution init, Training training) {
        public Table {
            if (models == null || models.isEmpty()) throw new IllegalArgumentException("expected at least one model");
            if (hidden == null || hidden.isEmpty() || hidden.stream().anyMatch(h -> h == null || h < 1)) {
                throw new IllegalArgumentException("hidden must list positive layer sizes, e.g. [500]");
            }
            if (!"tanh".equals(activation) && !"relu".equals(activation)) {
                throw new IllegalArgumentException("activation must be 'tanh' or 'relu', got '" + activation + "'");
            }
            if (!"bernoulli".equals(decoder)) {
                throw new IllegalArgumentException("decoder must be 'bernoulli' (the only p(x|z) implemented), got '" + decoder + "'");
            }
            models = List.copyOf(models);
            hidden = List.copyOf(hidden);
        }
    }

    /** Default image shape. */
    public record Input(int channels, int height, int width) {
        public Input {
            if (channels < 1 || height < 1 || width < 1) {
                throw new IllegalArgumentException("input must have positive channels, height and width");
            }
        }
    }

    /** One registered model: a name and a latent size. */
    public record Variant(String name, List<String> aliases, int latent) {
        public Variant {
            if (latent < 1) throw new IllegalArgumentException("latent must be at least 1, got " + latent);
            aliases = aliases == null ? List.of() : List.copyOf(aliases);
        }
    }

    /** Default training settings. */
    public record Training(String optimizer, double learningRate, int batch, int epochs) {
        public Training {
            if (!"adam".equals(optimizer) && !"adagrad".equals(optimizer)) {
                throw new IllegalArgumentException("optimizer must be 'adam' or 'adagrad', got '" + optimizer + "'");
            }
            if (!(learningRate > 0)) throw new IllegalArgumentException("learningRate must be positive, got " + learningRate);
            if (batch < 1) throw new IllegalArgumentException("batch must be at least 1, got " + batch);
            if (epochs < 1) throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }

        /** The DL4J updater for a learning rate. */
        public IUpdater updater(double lr) {
            return "adam".equals(optimizer) ? new Adam(lr) : new AdaGrad(lr);
        }
    }

    @Override
    public String family() {
        return "vae";
    }

    @Override
    public List<ModelInfo> models() {
        Table t = table();
        return t.models().stream().map(v -> new ModelInfo(v.name(), v.aliases(), family(), t.year(), t.paper(),
                t.input().channels(), t.input().height(), t.input().width(), 0)).toList();
    }

    /** Loads and validates {@code vae.yaml}. */
    public static Table table() {
        return ZooConfigs.load("vae", Table.class);
    }

    /** The table row of a registered VAE. */
    public static Variant variant(ModelInfo model) {
        return table().models().stream().filter(v -> v.name().equals(model.name())).findFirst()
                .orElseThrow(() -> new BadInputException("'" + model.name() + "' is not a model of " + FILE));
    }

    /** Latent size of a registered VAE. */
    public static int latent(ModelInfo model) {
        return variant(model).latent();
    }

    @Override
    public ComputationGraphConfiguration configure(ModelInfo model, ModelOptions options) {
        return configure(model, options, table().training().learningRate());
    }

    /** Both halves in one graph: {@code x -> q} and {@code z -> logits}. */
    public ComputationGraphConfiguration configure(ModelInfo model, ModelOptions options, double learningRate) {
        rejectBatchNorm(model, options);
        Table t = table();
        int latent = latent(model);
        ComputationGraphConfiguration.GraphBuilder g = base(t, options, learningRate).graphBuilder()
                .addInputs(IMAGE_INPUT, LATENT_INPUT)
                .setInputTypes(imageType(options), InputType.feedForward(latent));
        addEncoder(g, t, options, latent);
        addDecoder(g, t, options);
        return g.setOutputs(POSTERIOR_OUTPUT, LOGITS_OUTPUT).build();
    }

    /** The encoder q(z|x): image {@code x} to {@code q = [mu | log sigma^2]}, {@code 2 * latent} wide. */
    public static ComputationGraphConfiguration encoder(ModelInfo model, ModelOptions options, double learningRate) {
        rejectBatchNorm(model, options);
        Table t = table();
        ComputationGraphConfiguration.GraphBuilder g = base(t, options, learningRate).graphBuilder()
                .addInputs(IMAGE_INPUT).setInputTypes(imageType(options));
        addEncoder(g, t, options, latent(model));
        return g.setOutputs(POSTERIOR_OUTPUT).build();
    }

    /** The decoder p(x|z): latent {@code z} to one Bernoulli logit per pixel. */
    public static ComputationGraphConfiguration decoder(ModelInfo model, ModelOptions options, double learningRate) {
        rejectBatchNorm(model, options);
        Table t = table();
        ComputationGraphConfiguration.GraphBuilder g = base(t, options, learningRate).graphBuilder()
                .addInputs(LATENT_INPUT).setInputTypes(InputType.feedForward(latent(model)));
        addDecoder(g, t, options);
        return g.setOutputs(LOGITS_OUTPUT).build();
    }

    private static void rejectBatchNorm(ModelInfo model, ModelOptions options) {
        TableRows.refuseBatchNorm(model, options);
    }

    private static NeuralNetConfiguration.Builder base(Table t, ModelOptions options, double learningRate) {
        return new NeuralNetConfiguration.Builder().seed(options.seed())
                .updater(t.training().updater(learningRate))
                .weightInit(t.init().init(options.weightInit()));
    }

    private static InputType imageType(ModelOptions options) {
        return InputType.convolutional(options.inputHeight(), options.inputWidth(), options.inputChannels());
    }

    private static Activation activation(Table t) {
        return "relu".equals(t.activation()) ? Activation.RELU : Activation.TANH;
    }

    private static void addEncoder(ComputationGraphConfiguration.GraphBuilder g, Table t, ModelOptions o, int latent) {
        String x = IMAGE_INPUT;
        for (int i = 0; i < t.hidden().size(); i++) {
            String name = "enc" + (i + 1);
            g.addLayer(name, new DenseLayer.Builder().nOut(t.hidden().get(i)).activation(activation(t)).build(), x);
            x = name;
        }
        g.addLayer(POSTERIOR_OUTPUT, new DenseLayer.Builder().nOut(2L * latent).activation(Activation.IDENTITY).build(), x);
    }

    private static void addDecoder(ComputationGraphConfiguration.GraphBuilder g, Table t, ModelOptions o) {
        String x = LATENT_INPUT;
        for (int i = t.hidden().size() - 1, n = 1; i >= 0; i--, n++) {
            String name = "dec" + n;
            g.addLayer(name, new DenseLayer.Builder().nOut(t.hidden().get(i)).activation(activation(t)).build(), x);
            x = name;
        }
        long pixels = (long) o.inputChannels() * o.inputHeight() * o.inputWidth();
        g.addLayer(LOGITS_OUTPUT, new DenseLayer.Builder().nOut(pixels).activation(Activation.IDENTITY).build(), x);
    }
}
