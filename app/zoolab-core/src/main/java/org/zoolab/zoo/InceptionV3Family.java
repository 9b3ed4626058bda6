package org.zoolab.zoo;

import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.zoolab.BadInputException;

import java.util.Map;

/**
 * Inception v3 (Szegedy, Vanhoucke, Ioffe, Shlens &amp; Wojna 2016, "Rethinking the Inception Architecture for
 * Computer Vision", Table 1) from {@code zoo-configs/inception-v3.yaml}, wired as torchvision's
 * {@code inception_v3}: 299x299 input, a stem of five convolutions and two max pools, three 35x35 modules (A),
 * a grid reduction (B), four 17x17 modules with 7x7 convolutions factorised into 1x7 and 7x1 (C), a reduction
 * (D) and two 8x8 modules with 1x3/3x1 filter banks (E) ({@link InceptionV3Modules}); every convolution has BN
 * (epsilon 0.001) and no bias; global average pool, dropout, softmax {@code output}.
 * <ul>
 *   <li>{@code inception-v3}: the inference network (torchvision's 23,834,568 parameters).</li>
 *   <li>{@code inception-v3-train}: with the auxiliary classifier on Mixed_6e as a second output
 *       {@code aux.output} ({@link TrackedGraph#auxiliaryOutput}), its loss weighted by the table's
 *       {@code lossWeight} with {@link ScaledLoss} (torchvision with the head: 27,161,264 parameters).</li>
 * </ul>
 * Initialisation: the paper gives none; we use Xavier. Options: {@code batchNorm=false} is refused.
 */
public final class InceptionV3Family extends ModelTableFamily<InceptionV3Table, InceptionV3Table.Model> {

    /** The family over the packaged (or overridden, see {@link ZooConfigs}) table. */
    public InceptionV3Family() {
        this(null);
    }

    /** The family over a given table. */
    public InceptionV3Family(InceptionV3Table table) {
        super("inception-v3", InceptionV3Table.class, table);
    }

    @Override
    protected Map<String, InceptionV3Table.Model> rows(InceptionV3Table table) {
        return table.models();
    }

    @Override
    protected PaperSgd optimizer(InceptionV3Table table, InceptionV3Table.Model row) {
        return table.optimizer();
    }

    @Override
    protected WeightInit papersInit() {
        return WeightInit.XAVIER;
    }

    @Override
    protected void addLayers(TrackedGraph g, InceptionV3Table t, InceptionV3Table.Model row, String model, ModelOptions options) {
        if (Boolean.FALSE.equals(options.batchNorm())) {
            throw new BadInputException(model + " is defined by its batch norms; batchNorm=false is not supported");
        }
        double eps = t.batchNormEps();
        String x = "input";
        int pools = 0;
        for (InceptionV3Table.StemConv c : t.stem()) {
            x = ConvUnit.bnRelu(g, c.name(), x, c.filters(), c.kernel(), c.kernel(), c.stride(), c.padding(), c.padding(), eps);
            if (c.maxPoolAfter()) {
                x = g.maxPool("maxpool" + (++pools), x, t.pool().kernel(), t.pool().stride(), 0);
            }
        }
        String auxInput = null;
        for (InceptionV3Table.Module m : t.modules()) {
            x = InceptionV3Modules.add(g, m.name(), x, m, eps);
            if (m.name().equals(t.auxiliary().after())) {
                auxInput = x;
            }
        }
        classifier(g, x, "avgpool", "dropout", t.dropout(), "output", options.numClasses());
        if (row.auxiliaryHead()) {
            auxiliaryHead(g, "aux", auxInput, t.auxiliary(), options.numClasses(), eps);
        }
    }

    /** avgpool → 1x1 conv → k x k conv (BN, ReLU) → global average pool → softmax fc with the weighted loss. */
    private static void auxiliaryHead(TrackedGraph g, String name, String input, InceptionV3Table.Auxiliary aux,
                                      int classes, double eps) {
        String x = g.avgPool(name + ".pool", input, aux.pool().kernel(), aux.pool().stride());
        x = ConvUnit.bnRelu(g, name + ".conv0", x, aux.conv(), 1, 1, 1, 0, 0, eps);
        x = ConvUnit.bnRelu(g, name + ".conv1", x, aux.conv2(), aux.kernel(), aux.kernel(), 1, 0, 0, eps);
        x = g.globalAvgPool(name + ".avgpool", x);
        g.auxiliaryOutput(name + ".output", x, classes, Activation.SOFTMAX, new ScaledLoss(new LossMCXENT(), aux.lossWeight()));
    }
}
