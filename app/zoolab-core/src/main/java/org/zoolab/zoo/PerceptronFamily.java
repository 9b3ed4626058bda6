package org.zoolab.zoo;

import org.zoolab.io.ConfigException;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Sgd;

import java.util.List;

/**
 * Rosenblatt's perceptron (1958) from {@code zoo-configs/perceptron.yaml}: one layer of threshold units, one
 * per class, each seeing every input pixel (784 -> 10 at 28x28, 7,850 parameters), trained by plain SGD on the
 * {@link PerceptronCriterion} (hinge at margin 0), which makes each SGD step the perceptron learning rule.
 * The units' scores are linear (identity activation); the class is the unit with the largest score.
 */
public final class PerceptronFamily implements ModelFamily {
    static final String FILE = "zoo-configs/perceptron.yaml";

    /**
     * The table of {@code perceptron.yaml}.
     *
     * @param learningRate SGD step size (1 is Rosenblatt's rule {@code w += t x})
     * @param initStd      standard deviation of the normal initial weights (biases start at 0)
     */
    public record Table(String name, List<String> aliases, int year, String paper, FeatureShape input, int classes,
                        double learningRate, double initStd) implements SingleModelTable {
    }

    @Override
    public String family() {
        return "perceptron";
    }

    @Override
    public List<ModelInfo> models() {
        return List.of(table().info(family()));
    }

    /** Loads and validates the table. */
    public static Table table() {
        Table t = ZooConfigs.load("perceptron", Table.class);
        t.checkClasses(FILE);
        if (!(t.learningRate() > 0)) throw new ConfigException(FILE, "learningRate", "must be positive, got " + t.learningRate());
        if (!(t.initStd() >= 0)) throw new ConfigException(FILE, "initStd", "must be zero or positive, got " + t.initStd());
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
                TableRows.inputShape(options), FILE, "input");
        g.layout(options.layout());
        IWeightInit init = options.weightInit() != null ? options.weightInit().getWeightInitFunction()
                : new WeightInitDistribution(new NormalDistribution(0, t.initStd()));
        g.output("threshold_units", "input", options.numClasses(), Activation.IDENTITY,
                new PerceptronCriterion(), init, 0);
        return g.build();
    }
}
