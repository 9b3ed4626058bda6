package org.zoolab.zoo;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The ResNet family (He, Zhang, Ren &amp; Sun 2015): ResNet-18/34/50/101/152 and plain-18/34 for ImageNet
 * (Table 1), ResNet-20/32/44/56/110 for CIFAR-10 (section 4.2), from {@code zoo-configs/resnet.yaml}.
 * <p>
 * Graph: stem ({@code conv1} + BN + ReLU, ImageNet: {@code pool1} 3x3/2 max pool) → stages {@code conv2},
 * {@code conv3}, ... of residual blocks named {@code conv2_1}, {@code conv2_2}, ... (the block's output vertex
 * carries the block's name) → {@code avgpool} (global average) → {@code fc} (softmax, cross-entropy). He-normal
 * initialisation, BN gamma 1 and beta 0, convolutions without bias.
 * <p>
 * Options: {@code batchNorm=false} drops every BN and gives the convolutions biases (an ablation, not the paper).
 */
public final class ResNetFamily implements ModelFamily {
    static final String FILE = "zoo-configs/resnet.yaml";
    private final ResNetTable fixedTable;

    /** The family over the packaged (or overridden, see {@link ZooConfigs}) table. */
    public ResNetFamily() {
        this.fixedTable = null;
    }

    /** The family over a given table (tests, edited tables). */
    public ResNetFamily(ResNetTable table) {
        this.fixedTable = table;
    }

    private ResNetTable table() {
        return fixedTable != null ? fixedTable : ZooConfigs.load("resnet", ResNetTable.class);
    }

    @Override
    public String family() {
        return "resnet";
    }

    @Override
    public List<ModelInfo> models() {
        List<ModelInfo> list = new ArrayList<>();
        for (Map.Entry<String, ResNetTable.Model> e : table().models().entrySet()) {
            ResNetTable.Model m = e.getValue();
            list.add(TableRows.info(e.getKey(), m.aliases(), family(), m.year(), m.paper(), m.input(), m.classes()));
        }
        return list;
    }

    @Override
    public ComputationGraphConfiguration configure(ModelInfo model, ModelOptions options) {
        ResNetTable table = table();
        ResNetTable.Model row = table.models().get(model.name());
        if (row == null) {
            throw new ZooConfigException(FILE, "models", "no model '" + model.name() + "' in the table");
        }
        boolean batchNorm = options.batchNorm() == null || options.batchNorm();
        TrackedGraph g = new TrackedGraph(TableRows.base(options, WeightInit.RELU, table.optimizer()), "input",
                TableRows.inputShape(options), FILE, "models." + model.name());

        ResNetTable.Stem stem = table.stems().get(row.stem());
        String x = ConvUnit.add(g, "conv1", "input", stem.width(), stem.kernel(), stem.stride(), stem.padding(), batchNorm, true);
        if (stem.maxPool()) {
            x = g.maxPool("pool1", x, 3, 2, 1);
        }
        for (int s = 0; s < row.blocks().size(); s++) {
            x = stage(g, "conv" + (s + 2), x, row, s, batchNorm);
        }
        x = g.globalAvgPool("avgpool", x);
        g.output("fc", x, options.numClasses(), Activation.SOFTMAX, new LossMCXENT());
        return g.build();
    }

    /** Adds stage {@code s}: blocks {@code name_1 .. name_n}; returns the last block's output. */
    static String stage(TrackedGraph g, String name, String input, ResNetTable.Model row, int s, boolean batchNorm) {
        String x = input;
        for (int b = 0; b < row.blocks().get(s); b++) {
            int stride = b == 0 ? row.strides().get(s) : 1;
            String block = name + "_" + (b + 1);
            int width = row.widths().get(s);
            x = switch (row.block()) {
                case BASIC -> BasicBlock.add(g, block, x, width, stride, row.shortcut(), batchNorm);
                case BOTTLENECK -> Bottleneck.add(g, block, x, width, stride, row.shortcut(), batchNorm);
            };
        }
        return x;
    }
}
