package org.zoolab.zoo;

import org.zoolab.io.ConfigException;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * VGG (Simonyan & Zisserman 2014, Table 1) from {@code zoo-configs/vgg.yaml}: the columns A, A-LRN, B, C, D, E
 * as {@code vgg-a} ... {@code vgg-e} (aliases {@code vgg11/13/16/19} for A/B/D/E) and torchvision's batch-norm
 * variants {@code vgg-a-bn}, {@code vgg-b-bn}, {@code vgg-d-bn}, {@code vgg-e-bn} (conv, BN, ReLU).
 * <p>
 * Vertices are named like the Caffe models: {@code conv<stage>_<i>}, {@code pool<stage>}, then {@code fc6},
 * {@code fc7}, {@code fc8}. Convolutions are "same"-padded (1 for 3x3, 0 for 1x1), so the map halves only at
 * the five max pools: 224 gives 7x7x512 before fc6, a reduced input such as 32x32 gives 1x1x512.
 * {@link ModelOptions#batchNorm()} switches any column to its BN form (or a -bn model back).
 */
public final class VggFamily implements ModelFamily {
    static final String FILE = "zoo-configs/vgg.yaml";

    /** The file. */
    public record Table(int year, String paper, FeatureShape input, int classes, List<Integer> fc, double dropout,
                        LrnParams lrn, PaperSgd optimizer, List<String> batchNormVariants,
                        LinkedHashMap<String, Column> columns) {
    }

    /**
     * One column of Table 1.
     *
     * @param init   {@code normal} (N(0, 0.01)) or {@code xavier} (Glorot-uniform)
     * @param layers the column, top to bottom, in the paper's notation ({@link LayerToken})
     */
    public record Column(String name, List<String> aliases, String init, List<String> layers) {
    }

    private record Variant(String column, boolean batchNorm) {
    }

    @Override
    public String family() {
        return "vgg";
    }

    @Override
    public List<ModelInfo> models() {
        Table t = table();
        List<ModelInfo> infos = new ArrayList<>();
        for (Map.Entry<String, Column> e : t.columns().entrySet()) {
            Column c = e.getValue();
            infos.add(new ModelInfo(c.name(), c.aliases(), family(), t.year(), t.paper() + ", col. " + e.getKey(),
                    t.input(), t.classes()));
        }
        for (String col : t.batchNormVariants()) {
            Column c = t.columns().get(col);
            List<String> aliases = new ArrayList<>();
            for (String a : c.aliases()) {
                aliases.add(a + "-bn");
                aliases.add(a + "_bn");
            }
            infos.add(new ModelInfo(c.name() + "-bn", aliases, family(), 2015,
                    "col. " + col + " + batch norm (torchvision)",
                    t.input(), t.classes()));
        }
        return infos;
    }

    /** Loads and validates the table. */
    public static Table table() {
        Table t = ZooConfigs.load("vgg", Table.class);
        if (t.classes() < 1) throw new ConfigException(FILE, "classes", "must be a positive integer, got " + t.classes());
        for (int i = 0; i < t.fc().size(); i++) {
            Integer w = t.fc().get(i);
            if (w == null || w < 1) throw new ConfigException(FILE, "fc[" + i + "]", "width must be a positive integer, got " + w);
        }
        if (t.dropout() < 0 || t.dropout() >= 1) throw new ConfigException(FILE, "dropout", "must be in [0, 1), got " + t.dropout());
        if (t.columns() == null || t.columns().isEmpty()) throw new ConfigException(FILE, "columns", "expected at least one column");
        for (Map.Entry<String, Column> e : t.columns().entrySet()) {
            String at = "columns." + e.getKey();
            Column c = e.getValue();
            if (!"normal".equals(c.init()) && !"xavier".equals(c.init())) {
                throw new ConfigException(FILE, at + ".init", "expected 'normal' or 'xavier', got '" + c.init() + "'");
            }
            if (c.layers() == null || c.layers().isEmpty()) throw new ConfigException(FILE, at + ".layers", "expected at least one layer");
            for (int i = 0; i < c.layers().size(); i++) {
                LayerToken token = token(at + ".layers[" + i + "]", c.layers().get(i));
                if (token.kind() == LayerToken.Kind.FC || token.kind() == LayerToken.Kind.AVGPOOL) {
                    throw new ConfigException(FILE, at + ".layers[" + i + "]", "'" + token
                            + "' is not a VGG feature layer; expected convK-N, maxpool or lrn (the fc layers are the 'fc' key)");
                }
                if (token.kind() == LayerToken.Kind.LRN && t.lrn() == null) {
                    throw new ConfigException(FILE, "lrn", "column " + e.getKey() + " uses 'lrn' but no lrn settings are given");
                }
            }
        }
        for (String col : t.batchNormVariants()) {
            if (!t.columns().containsKey(col)) {
                throw new ConfigException(FILE, "batchNormVariants", "unknown column '" + col + "'; expected one of " + t.columns().keySet());
            }
        }
        return t;
    }

    private static LayerToken token(String key, String text) {
        try {
            return LayerToken.parse(text);
        } catch (IllegalArgumentException ex) {
            throw new ConfigException(FILE, key, ex.getMessage());
        }
    }

    private static Variant variant(Table t, String modelName) {
        for (Map.Entry<String, Column> e : t.columns().entrySet()) {
            if (e.getValue().name().equals(modelName)) return new Variant(e.getKey(), false);
            if ((e.getValue().name() + "-bn").equals(modelName)) return new Variant(e.getKey(), true);
        }
        throw new IllegalArgumentException("not a VGG model: " + modelName);
    }

    @Override
    public ComputationGraphConfiguration configure(ModelInfo info, ModelOptions options) {
        Table t = table();
        Variant v = variant(t, info.name());
        boolean bn = options.batchNorm() != null ? options.batchNorm() : v.batchNorm();
        Column column = t.columns().get(v.column());
        String at = "columns." + v.column() + ".layers";

        NeuralNetConfiguration.Builder base = t.optimizer().applyTo(new NeuralNetConfiguration.Builder().seed(options.seed()));
        IWeightInit init = options.weightInit() != null ? options.weightInit().getWeightInitFunction()
                : "normal".equals(column.init()) ? new WeightInitDistribution(new NormalDistribution(0, 0.01))
                : WeightInit.XAVIER_UNIFORM.getWeightInitFunction();
        TrackedGraph g = new TrackedGraph(base, "input",
                TableRows.inputShape(options), FILE, "columns." + v.column());
        g.layout(options.layout());

        String x = "input";
        int stage = 1;
        int index = 1;
        for (int i = 0; i < column.layers().size(); i++) {
            LayerToken layer = token(at + "[" + i + "]", column.layers().get(i));
            String key = at + "[" + i + "]";
            String id = stage + "_" + index;
            switch (layer.kind()) {
                case CONV -> {
                    int pad = layer.kernel() / 2;
                    if (bn) {
                        x = g.conv("conv" + id, x, layer.width(), layer.kernel(), 1, pad, Activation.IDENTITY, init, 0, key);
                        x = g.batchNorm("bn" + id, x);
                        x = g.activation("relu" + id, x, Activation.RELU);
                    } else {
                        x = g.conv("conv" + id, x, layer.width(), layer.kernel(), 1, pad, Activation.RELU, init, 0, key);
                    }
                    index++;
                }
                case LRN -> x = g.localResponseNorm("lrn" + stage, x, t.lrn().k(), t.lrn().n(), t.lrn().alpha(), t.lrn().beta());
                case MAXPOOL -> {
                    x = g.pool("pool" + stage, x, PoolingType.MAX, 2, 2, 0, key);
                    stage++;
                    index = 1;
                }
                default -> throw new IllegalStateException("validated in table(): " + layer);
            }
        }
        int fcIndex = 6;
        for (int width : t.fc()) {
            x = g.dense("fc" + fcIndex, x, width, Activation.RELU, init, 0);
            if (t.dropout() > 0) x = g.dropout("drop" + fcIndex, x, t.dropout());
            fcIndex++;
        }
        g.output("fc" + fcIndex, x, options.numClasses(), Activation.SOFTMAX, new LossMCXENT(), init, 0);
        return g.build();
    }
}
