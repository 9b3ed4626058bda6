package org.zoolab.zoo;

import org.zoolab.io.ConfigException;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AlexNet from {@code zoo-configs/alexnet.yaml}: the two-GPU network of Krizhevsky, Sutskever & Hinton 2012
 * ({@code alexnet}) and torchvision's single-tower "one weird trick" variant ({@code alexnet-owt}).
 * <p>
 * The paper's two towers are real in the graph: each convolution of the table is split into {@code towers}
 * layers of {@code filters / towers} kernels ({@code conv1a}, {@code conv1b}, ...). A layer whose table entry
 * says {@code input: own} sees only its own tower's maps (conv2, conv4, conv5 in the paper), one that says
 * {@code input: all} sees the concatenation of all towers (conv1 sees the image, conv3 both GPUs' conv2 maps).
 * That is what grouped convolution does, expressed with plain convolutions and {@code MergeVertex}, because DL4J's
 * convolution has no groups; the parameter count is the paper's 60,965,224.
 * <p>
 * Initialisation as the paper's section 5: weights N(0, 0.01), biases 1 in conv2, conv4, conv5 and the hidden fully
 * connected layers fc6 and fc7, 0 in conv1, conv3 and the output layer fc8 (the {@code bias} column). LRN (k=2, n=5, alpha=1e-4, beta=0.75) after the ReLU of
 * conv1 and conv2, before their overlapping 3x3/2 max pools; see {@link LrnParams} for DL4J's formula.
 */
public final class AlexNetFamily implements ModelFamily {
    static final String FILE = "zoo-configs/alexnet.yaml";

    /** The file: model name to its table. */
    public record Table(LinkedHashMap<String, Model> models) {
    }

    /**
     * One model.
     *
     * @param towers    number of parallel towers (the paper's GPUs)
     * @param lrn       LRN settings, or null when no layer normalises
     * @param initStd   standard deviation of the normal initial weights
     * @param pool      the max-pool window used after layers with {@code pool: true}
     * @param conv      the convolutions, filters counted over all towers
     * @param fc        the hidden fully connected layers
     * @param output    the last fully connected layer (units = number of classes)
     */
    public record Model(List<String> aliases, int year, String paper, FeatureShape input, int classes, int towers,
                        LrnParams lrn, double initStd, PaperSgd optimizer, Pool pool, List<Conv> conv,
                        List<Fc> fc, Output output) implements ModelRow {
    }

    /** A square max-pool window. */
    public record Pool(int kernel, int stride) {
    }

    /**
     * One convolution, over all towers.
     *
     * @param input {@code all}: sees every tower's maps (or the image); {@code own}: only its tower's
     * @param lrn   LRN after the ReLU
     * @param pool  max pool after the ReLU (and LRN)
     * @param bias  initial bias
     */
    public record Conv(String name, int filters, int kernel, int stride, int padding, String input, boolean lrn,
                       boolean pool, double bias) {
    }

    /**
     * A fully connected layer.
     *
     * @param units   width
     * @param dropout probability of dropping each of this layer's INPUTS during training (0: none)
     * @param bias    initial bias
     */
    public record Fc(String name, int units, double dropout, double bias) {
    }

    /** The classifier layer: one unit per class; {@code dropout} and {@code bias} as in {@link Fc}. */
    public record Output(String name, double dropout, double bias) {
    }

    @Override
    public String family() {
        return "alexnet";
    }

    @Override
    public List<ModelInfo> models() {
        List<ModelInfo> infos = new ArrayList<>();
        for (Map.Entry<String, Model> e : table().models().entrySet()) {
            infos.add(e.getValue().info(e.getKey(), family()));
        }
        return infos;
    }

    /** Loads and validates the table. */
    public static Table table() {
        Table t = ZooConfigs.load("alexnet", Table.class);
        if (t.models() == null || t.models().isEmpty()) {
            throw new ConfigException(FILE, "models", "expected at least one model");
        }
        t.models().forEach(AlexNetFamily::validate);
        return t;
    }

    private static void validate(String name, Model m) {
        String at = "models." + name;
        positive(at + ".classes", m.classes());
        positive(at + ".towers", m.towers());
        if (!(m.initStd() > 0)) throw new ConfigException(FILE, at + ".initStd", "must be positive, got " + m.initStd());
        positive(at + ".pool.kernel", m.pool().kernel());
        positive(at + ".pool.stride", m.pool().stride());
        if (m.conv() == null || m.conv().isEmpty()) throw new ConfigException(FILE, at + ".conv", "expected at least one convolution");
        for (int i = 0; i < m.conv().size(); i++) {
            Conv c = m.conv().get(i);
            String key = at + ".conv[" + i + "]";
            positive(key + ".filters", c.filters());
            positive(key + ".kernel", c.kernel());
            positive(key + ".stride", c.stride());
            if (c.padding() < 0) throw new ConfigException(FILE, key + ".padding", "must not be negative, got " + c.padding());
            if (c.filters() % m.towers() != 0) {
                throw new ConfigException(FILE, key + ".filters", c.filters() + " filters cannot be split evenly over "
                        + m.towers() + " towers");
            }
            if (!"all".equals(c.input()) && !"own".equals(c.input())) {
                throw new ConfigException(FILE, key + ".input", "expected 'all' or 'own', got '" + c.input() + "'");
            }
            if (i == 0 && "own".equals(c.input()) && m.towers() > 1) {
                throw new ConfigException(FILE, key + ".input", "the first layer sees the image: expected 'all'");
            }
            if (c.lrn() && m.lrn() == null) {
                throw new ConfigException(FILE, key + ".lrn", "layer '" + c.name() + "' asks for LRN but " + at + ".lrn is not set");
            }
        }
        for (int i = 0; i < m.fc().size(); i++) {
            positive(at + ".fc[" + i + "].units", m.fc().get(i).units());
            dropout(at + ".fc[" + i + "].dropout", m.fc().get(i).dropout());
        }
        dropout(at + ".output.dropout", m.output().dropout());
    }

    private static void dropout(String key, double p) {
        if (p < 0 || p >= 1) throw new ConfigException(FILE, key, "must be in [0, 1), got " + p);
    }

    private static void positive(String key, int value) {
        if (value < 1) throw new ConfigException(FILE, key, "must be a positive integer, got " + value);
    }

    @Override
    public ComputationGraphConfiguration configure(ModelInfo info, ModelOptions options) {
        TableRows.refuseBatchNorm(info, options);
        Model m = table().models().get(info.name());
        String at = "models." + info.name();
        NeuralNetConfiguration.Builder base = m.optimizer().applyTo(new NeuralNetConfiguration.Builder().seed(options.seed()));
        IWeightInit init = options.weightInit() != null ? options.weightInit().getWeightInitFunction()
                : new WeightInitDistribution(new NormalDistribution(0, m.initStd()));
        TrackedGraph g = new TrackedGraph(base, "input",
                TableRows.inputShape(options), FILE, at);
        g.layout(options.layout());

        List<String> towers = List.of("input"); // per tower, or one shared vertex
        for (int i = 0; i < m.conv().size(); i++) {
            Conv c = m.conv().get(i);
            String key = at + ".conv[" + i + "]";
            String shared = null;
            if ("all".equals(c.input())) {
                shared = towers.size() == 1 ? towers.get(0) : g.concat(c.name() + "_in", towers.toArray(String[]::new));
            }
            List<String> next = new ArrayList<>();
            for (int t = 0; t < m.towers(); t++) {
                String suffix = m.towers() == 1 ? "" : String.valueOf((char) ('a' + t));
                String in = shared != null ? shared : towers.get(t);
                String layer = c.name().replace("conv", "");
                String x = g.conv(c.name() + suffix, in, c.filters() / m.towers(), c.kernel(), c.stride(), c.padding(),
                        Activation.RELU, init, c.bias(), key);
                if (c.lrn()) {
                    LrnParams l = m.lrn();
                    x = g.localResponseNorm("lrn" + layer + suffix, x, l.k(), l.n(), l.alpha(), l.beta());
                }
                if (c.pool()) {
                    x = g.pool("pool" + layer + suffix, x, PoolingType.MAX, m.pool().kernel(), m.pool().stride(), 0, key);
                }
                next.add(x);
            }
            towers = next;
        }
        String x = towers.size() == 1 ? towers.get(0) : g.concat("features", towers.toArray(String[]::new));
        for (Fc f : m.fc()) {
            if (f.dropout() > 0) x = g.dropout("drop_" + f.name(), x, f.dropout());
            x = g.dense(f.name(), x, f.units(), Activation.RELU, init, f.bias());
        }
        Output o = m.output();
        if (o.dropout() > 0) x = g.dropout("drop_" + o.name(), x, o.dropout());
        g.output(o.name(), x, options.numClasses(), Activation.SOFTMAX, new LossMCXENT(), init, o.bias());
        return g.build();
    }
}
