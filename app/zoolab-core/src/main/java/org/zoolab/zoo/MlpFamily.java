package org.zoolab.zoo;

import org.zoolab.io.ConfigException;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

import java.util.List;

/**
 * The multi-layer perceptron of Rumelhart, Hinton & Williams (1986) from {@code zoo-configs/mlp.yaml}: fully
 * connected layers of sigmoid units (hidden widths from the table), sigmoid outputs, squared error against
 * one-hot targets (DL4J's MSE: the mean over output units), trained by back-propagation with plain SGD.
 * <p>
 * The paper only says "small random weights"; we use Glorot-uniform (XAVIER_UNIFORM), biases 0.
 */
public final class MlpFamily implements ModelFamily {
    static final String FILE = "zoo-configs/mlp.yaml";

    /**
     * The table of {@code mlp.yaml}.
     *
     * @param hidden       widths of the hidden layers, input side first
     * @param learningRate SGD step size
     */
    public record Table(String name, List<String> aliases, int year, String paper, FeatureShape input, int classes,
                        List<Integer> hidden, double learningRate) implements SingleModelTable {
    }

    @Override
    public String family() {
        return "mlp";
    }

    @Override
    public List<ModelInfo> models() {
        return List.of(table().info(family()));
    }

    /** Loads and validates the table. */
    public static Table table() {
        Table t = ZooConfigs.load("mlp", Table.class);
        t.checkClasses(FILE);
        if (t.hidden() == null || t.hidden().isEmpty()) {
            throw new ConfigException(FILE, "hidden", "expected at least one hidden layer width");
        }
        for (int i = 0; i < t.hidden().size(); i++) {
            Integer w = t.hidden().get(i);
            if (w == null || w < 1) {
                throw new ConfigException(FILE, "hidden[" + i + "]", "width must be a positive integer, got " + w);
            }
        }
        if (!(t.learningRate() > 0)) throw new ConfigException(FILE, "learningRate", "must be positive, got " + t.learningRate());
        return t;
    }

    @Override
    public ComputationGraphConfiguration configure(ModelInfo model, ModelOptions options) {
        TableRows.refuseBatchNorm(model, options);
        Table t = table();
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
                .seed(options.seed())
                .updater(new Sgd(t.learningRate()));
        TrackedGraph g = new TrackedGraph(base, "input",
                TableRows.inputShape(options), FILE, "hidden");
        g.layout(options.layout());
        IWeightInit init = (options.weightInit() != null ? options.weightInit() : WeightInit.XAVIER_UNIFORM)
                .getWeightInitFunction();
        String x = "input";
        for (int i = 0; i < t.hidden().size(); i++) {
            x = g.dense("hidden" + (i + 1), x, t.hidden().get(i), Activation.SIGMOID, init, 0);
        }
        g.output("output", x, options.numClasses(), Activation.SIGMOID, new LossMSE(), init, 0);
        return g.build();
    }
}
