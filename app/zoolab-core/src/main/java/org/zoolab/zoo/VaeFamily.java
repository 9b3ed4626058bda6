package org.zoolab.zoo;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
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
 * {@code org.zoolab.generative} builds them as two graphs from {@link #encoder} and {@link #decoder}. All three
 * are built on a {@link TrackedGraph}.
 */
public final class VaeFamily implements ModelFamily {
    static final String FILE = "zoo-configs/vae.yaml";
    /** Name of the encoder's input and the decoder's output vertices. */
    public static final String IMAGE_INPUT = "x";
    public static final String LATENT_INPUT = "z";
    public static final String POSTERIOR_OUTPUT = "q";
    public static final String LOGITS_OUTPUT = "logits";

    /** The table of {@code vae.yaml}. */
    public record Table(String paper, int year, FeatureShape input, List<Variant> models, List<Integer> hidden,
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
                t.input(), 0)).toList();
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
        TrackedGraph g = new TrackedGraph(base(t, options, learningRate), FILE, model.name());
        g.layout(options.layout());
        String x = g.input(IMAGE_INPUT, TableRows.inputShape(options));
        String z = g.vectorInput(LATENT_INPUT, latent);
        g.markOutput(addEncoder(g, t, x, latent));
        g.markOutput(addDecoder(g, t, options, z));
        return g.build();
    }

    /** The encoder q(z|x): image {@code x} to {@code q = [mu | log sigma^2]}, {@code 2 * latent} wide. */
    public static ComputationGraphConfiguration encoder(ModelInfo model, ModelOptions options, double learningRate) {
        rejectBatchNorm(model, options);
        Table t = table();
        TrackedGraph g = new TrackedGraph(base(t, options, learningRate), IMAGE_INPUT, TableRows.inputShape(options),
                FILE, model.name());
        g.layout(options.layout());
        g.markOutput(addEncoder(g, t, IMAGE_INPUT, latent(model)));
        return g.build();
    }

    /** The decoder p(x|z): latent {@code z} to one Bernoulli logit per pixel. */
    public static ComputationGraphConfiguration decoder(ModelInfo model, ModelOptions options, double learningRate) {
        rejectBatchNorm(model, options);
        Table t = table();
        TrackedGraph g = new TrackedGraph(base(t, options, learningRate), FILE, model.name());
        g.layout(options.layout());
        g.markOutput(addDecoder(g, t, options, g.vectorInput(LATENT_INPUT, latent(model))));
        return g.build();
    }

    private static void rejectBatchNorm(ModelInfo model, ModelOptions options) {
        TableRows.refuseBatchNorm(model, options);
    }

    private static NeuralNetConfiguration.Builder base(Table t, ModelOptions options, double learningRate) {
        return new NeuralNetConfiguration.Builder().seed(options.seed())
                .updater(t.training().updater(learningRate))
                .weightInit(t.init().init(options.weightInit()));
    }

    private static Activation activation(Table t) {
        return "relu".equals(t.activation()) ? Activation.RELU : Activation.TANH;
    }

    /** Adds {@code enc1, enc2, ...} and {@code q} after the image {@code x}. */
    private static String addEncoder(TrackedGraph g, Table t, String x, int latent) {
        for (int i = 0; i < t.hidden().size(); i++) {
            x = g.dense("enc" + (i + 1), x, t.hidden().get(i), activation(t));
        }
        return g.dense(POSTERIOR_OUTPUT, x, 2 * latent, Activation.IDENTITY);
    }

    /** Adds {@code dec1, dec2, ...} (the encoder's widths in reverse) and {@code logits} after the latent {@code z}. */
    private static String addDecoder(TrackedGraph g, Table t, ModelOptions o, String z) {
        String x = z;
        for (int i = t.hidden().size() - 1, n = 1; i >= 0; i--, n++) {
            x = g.dense("dec" + n, x, t.hidden().get(i), activation(t));
        }
        return g.dense(LOGITS_OUTPUT, x, Math.toIntExact(TrackedGraph.size(TableRows.inputShape(o))), Activation.IDENTITY);
    }
}
