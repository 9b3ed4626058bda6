package org.zoolab.zoo;

import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.zoolab.BadInputException;

import java.util.Map;

/**
 * The ResNet family from {@code zoo-configs/resnet.yaml}: He, Zhang, Ren &amp; Sun 2015 (ResNet-18/34/50/101/152,
 * plain-18/34 and ResNet-34 with shortcut options A and C for ImageNet, Table 1 and section 4.1; ResNet-20 ... 1202
 * and plain-20 ... 110 for CIFAR-10, section 4.2), torchvision's "v1.5" bottleneck (the stride on the 3x3
 * convolution) and the pre-activation ResNets of He et al. 2016, "Identity Mappings in Deep Residual Networks"
 * ({@link PreActBlock}: ImageNet 18 ... 152, CIFAR-10 164 and 1001).
 * <p>
 * Graph: stem ({@code conv1} + BN + ReLU, ImageNet: {@code pool1} 3x3/2 max pool) → stages {@code conv2},
 * {@code conv3}, ... of residual blocks named {@code conv2_1}, {@code conv2_2}, ... (the block's output vertex
 * carries the block's name) → (pre-activation only: {@code final.bn} + {@code final.relu}, the paper's extra
 * activation after the last addition) → {@code avgpool} (global average) → {@code fc} (softmax, cross-entropy).
 * In a pre-activation ResNet the stem's BN + ReLU is the first unit's pre-activation, "right after conv1 and
 * before splitting into two paths" (2016, appendix). He-normal initialisation, BN gamma 1 and beta 0,
 * convolutions without bias.
 * <p>
 * Options: {@code batchNorm=false} drops every BN and gives the convolutions biases (an ablation, not the paper;
 * refused for the pre-activation rows, which are defined by where their BNs are).
 */
public final class ResNetFamily extends ModelTableFamily<ResNetTable, ResNetTable.Model> {

    /** The family over the packaged (or overridden, see {@link ZooConfigs}) table. */
    public ResNetFamily() {
        this(null);
    }

    /** The family over a given table (tests, edited tables). */
    public ResNetFamily(ResNetTable table) {
        super("resnet", ResNetTable.class, table);
    }

    @Override
    protected Map<String, ResNetTable.Model> rows(ResNetTable table) {
        return table.models();
    }

    @Override
    protected PaperSgd optimizer(ResNetTable table, ResNetTable.Model row) {
        return table.optimizer();
    }

    @Override
    protected WeightInit papersInit() {
        return WeightInit.RELU;
    }

    @Override
    protected void addLayers(TrackedGraph g, ResNetTable table, ResNetTable.Model row, String model, ModelOptions options) {
        boolean batchNorm = options.batchNorm() == null || options.batchNorm();
        boolean preActivation = row.version() == ResNetTable.Version.V2;
        if (preActivation && !batchNorm) {
            throw new BadInputException(model + " is a pre-activation ResNet, defined by where its batch norms are; "
                    + "batchNorm=false is not supported");
        }
        ResNetTable.Stem stem = table.stems().get(row.stem());
        String x = ConvUnit.add(g, "conv1", "input", stem.width(), stem.kernel(), stem.stride(), stem.padding(), batchNorm, true);
        if (stem.maxPool()) {
            x = g.maxPool("pool1", x, 3, 2, 1);
        }
        for (int s = 0; s < row.blocks().size(); s++) {
            x = stage(g, "conv" + (s + 2), x, row, s, batchNorm);
        }
        if (preActivation) {
            x = g.activation("final.relu", g.batchNorm("final.bn", x), Activation.RELU);
        }
        classifier(g, x, "avgpool", null, 0, "fc", options.numClasses());
    }

    /** Adds stage {@code s}: blocks {@code name_1 .. name_n}; returns the last block's output. */
    static String stage(TrackedGraph g, String name, String input, ResNetTable.Model row, int s, boolean batchNorm) {
        String x = input;
        boolean strideOn3x3 = row.version() != ResNetTable.Version.V1;
        for (int b = 0; b < row.blocks().get(s); b++) {
            int stride = b == 0 ? row.strides().get(s) : 1;
            String block = name + "_" + (b + 1);
            int width = row.widths().get(s);
            if (row.version() == ResNetTable.Version.V2) {
                boolean activated = s == 0 && b == 0; // the stem's BN + ReLU is the first unit's pre-activation
                x = switch (row.block()) {
                    case BASIC -> PreActBlock.basic(g, block, x, width, stride, row.shortcut(), activated);
                    case BOTTLENECK -> PreActBlock.bottleneck(g, block, x, width, stride, row.shortcut(), activated);
                };
            } else {
                x = switch (row.block()) {
                    case BASIC -> BasicBlock.add(g, block, x, width, stride, row.shortcut(), batchNorm);
                    case BOTTLENECK -> Bottleneck.add(g, block, x, width, stride, strideOn3x3, row.shortcut(), batchNorm);
                };
            }
        }
        return x;
    }
}
