package org.zoolab.zoo;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;
import org.zoolab.BadInputException;

import java.util.List;

/**
 * The multi-layer perceptron of Rumelhart, Hinton & Williams (1986) from {@code zoo-configs/mlp.yaml}: fully
 * connected layers of sigmoid units (hidden widths from the table), sigmoid outputs, squared error against
 * one-hot targets (DL4J's MSE: the mean over output units), trained by back-propagation with plain SGD.
 * <p>
 * The paper only says "small random weights"; we use Glorot-uniform (XAVIER_UNIFORM), biases 0.
 */
public final class MlpBuilder implements ModelFamily {
    static final String FILE = "zoo-configs/mlp.yaml";

    /**
     * The table of {@code mlp.yaml}.
     *
     * @param hidden       widths of the hidden layers, input side first
     * @param learningRate SGD step size
     */
    public record Table(String name, List<String> aliases, int year, String paper, InputSize input, int classes,
                        List<Integer> hidden, double learningRate) {
    }

    @Override
    public String family() {
        return "mlp";
    }

    @Override
    public List<ModelInfo> models() {
        Table t = table();
        return List.of(new ModelInfo(t.name(), t.aliases(), family(), t.year(), t.paper(),
                t.input().channels(), t.input().height(), t.input().width(), t.classes()));
    }

    /** Loads and validates the table. */
    public static Table table() {
        Table t = ZooConfigs.load("mlp", Table.class);
        if (t.classes() < 1) throw new ZooConfigException(FILE, "classes", "must be a positive integer, got " + t.classes());
        if (t.hidden() == null || t.hidden().isEmpty()) {
            throw new ZooConfigException(FILE, "hidden", "expected at least one hidden layer width");
        }
        for (int i = 0; i < t.hidden().size(); i++) {
            Integer w = t.hidden().get(i);
            if (w == null || w < 1) {
                throw new ZooConfigException(FILE, "hidden[" + i + "]", "width must be a positive integer, got " + w);
            }
        }
        if (!(t.learningRate() > 0)) throw new ZooConfigException(FILE, "learningRate", "must be positive, got " + t.learningRate());
        return t;
    }

    @Override
    public ComputationGraphConfiguration configure(ModelInfo model, ModelOptions options) {
        if (Boolean.TRUE.equals(options.batchNorm())) {
            throw new BadInputException(model.name() + " has no batch-norm variant");
        }
        Table t = table();
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
                .seed(options.seed())
                .updater(new Sgd(t.learningRate()));
        ShapedGraphBuilder g = new ShapedGraphBuilder(base, FILE, model.name(),
                new FeatureShape(options.inputChannels(), options.inputHeight(), options.inputWidth()));
        IWeightInit init = (options.weightInit() != null ? options.weightInit() : WeightInit.XAVIER_UNIFORM)
                .getWeightInitFunction();
        String x = ShapedGraphBuilder.INPUT;
        for (int i = 0; i < t.hidden().size(); i++) {
            x = g.dense("hidden" + (i + 1), x, t.hidden().get(i), Activation.SIGMOID, init, 0);
        }
        String out = g.output("output", x, options.numClasses(), Activation.SIGMOID, new LossMSE(), init, 0);
        return g.build(out);
    }
}
