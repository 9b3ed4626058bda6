package org.zoolab.zoo;

import org.zoolab.io.ConfigException;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.UniformDistribution;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.deeplearning4j.nn.weights.WeightInitXavierUniform;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LeNet-5 (LeCun et al. 1998, Fig. 2) from {@code zoo-configs/lenet5.yaml}: C1 6@5x5, S2 2x2/2, C3 16@5x5, S4,
 * C5 120@5x5, F6 84, a 10-way softmax; tanh throughout; 61,706 parameters at the default 1x32x32 input.
 * <p>
 * S2/S4 are plain average pools (the paper's have a trainable coefficient and bias per map) and C3 is fully
 * connected to S2; the YAML file lists every deviation. Weights: the table's {@code init}, {@code xavier} by default
 * (Glorot uniform), or {@code lecun1998}, the paper's Appendix A scheme, uniform in {@code [-2.4/F, 2.4/F]} with F
 * the fan-in of the unit. The paper's scheme goes with its scaled tanh, normalised inputs and second-order (SDLM)
 * training; with plain tanh, [0,1] inputs and momentum SGD it does not learn (measured: 11.7% test accuracy after
 * 6,400 MNIST images, against 84.2% with Xavier), so it is not the default. Biases 0.
 * {@link ModelOptions#weightInit()} overrides both.
 */
public final class LeNet5Family implements ModelFamily {
    static final String FILE = "zoo-configs/lenet5.yaml";

    /** The table of {@code lenet5.yaml}. */
    public record Table(String name, List<String> aliases, int year, String paper, FeatureShape input, int classes,
                        String init, LinkedHashMap<String, String> layers) implements SingleModelTable {
    }

    /** Values of the table's {@code init} key. */
    static final List<String> INITS = List.of("xavier", "lecun1998");

    @Override
    public String family() {
        return "lenet5";
    }

    @Override
    public List<ModelInfo> models() {
        return List.of(table().info(family()));
    }

    /** Loads and validates the table. */
    public static Table table() {
        Table t = ZooConfigs.load("lenet5", Table.class);
        t.checkClasses(FILE);
        if (!INITS.contains(t.init())) {
            throw new ConfigException(FILE, "init", "expected one of " + INITS + ", got '" + t.init() + "'");
        }
        if (t.layers() == null || t.layers().isEmpty()) {
            throw new ConfigException(FILE, "layers", "expected at least one layer");
        }
        for (Map.Entry<String, String> e : t.layers().entrySet()) {
            LayerToken token = token(e.getKey(), e.getValue());
            if (token.kind() == LayerToken.Kind.LRN) {
                throw new ConfigException(FILE, "layers." + e.getKey(), "LeNet-5 has no 'lrn' layer; expected convK-N, avgpool, maxpool or fc-N");
            }
        }
        return t;
    }

    private static LayerToken token(String name, String value) {
        try {
            return LayerToken.parse(value);
        } catch (IllegalArgumentException ex) {
            throw new ConfigException(FILE, "layers." + name, ex.getMessage());
        }
    }

    @Override
    public ComputationGraphConfiguration configure(ModelInfo model, ModelOptions options) {
        TableRows.refuseBatchNorm(model, options);
        Table t = table();
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
                .seed(options.seed())
                .updater(new Sgd(0.01));
        FeatureShape input = TableRows.inputShape(options);
        TrackedGraph g = new TrackedGraph(base, "input", input, FILE, "layers");
        g.layout(options.layout());
        String x = "input";
        for (Map.Entry<String, String> e : t.layers().entrySet()) {
            String name = e.getKey();
            String key = "layers." + name;
            LayerToken layer = token(name, e.getValue());
            FeatureShape in = g.shape(x);
            x = switch (layer.kind()) {
                case CONV -> g.conv(name, x, layer.width(), layer.kernel(), 1, 0, Activation.TANH,
                        init(options, t, (long) layer.kernel() * layer.kernel() * in.channels()), 0, key);
                case AVGPOOL -> g.pool(name, x, PoolingType.AVG, 2, 2, 0, key);
                case MAXPOOL -> g.pool(name, x, PoolingType.MAX, 2, 2, 0, key);
                case FC -> g.dense(name, x, layer.width(), Activation.TANH, init(options, t, TrackedGraph.size(in)), 0);
                default -> throw new IllegalStateException("validated in table(): " + layer);
            };
        }
        g.output("output", x, options.numClasses(), Activation.SOFTMAX, new LossMCXENT(),
                init(options, t, TrackedGraph.size(g.shape(x))), 0);
        return g.build();
    }

    /** The caller's initialisation, else the table's: Glorot uniform, or LeCun's U(-2.4/F, 2.4/F). */
    private static IWeightInit init(ModelOptions options, Table t, long fanIn) {
        if (options.weightInit() != null) {
            return options.weightInit().getWeightInitFunction();
        }
        if (t.init().equals("xavier")) {
            return new WeightInitXavierUniform();
        }
        double r = 2.4 / fanIn;
        return new WeightInitDistribution(new UniformDistribution(-r, r));
    }
}
