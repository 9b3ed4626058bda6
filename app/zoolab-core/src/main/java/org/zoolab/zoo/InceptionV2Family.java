package org.zoolab.zoo;

import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.zoolab.BadInputException;

import java.util.Map;

/**
 * BN-Inception, "Inception v2" (Ioffe &amp; Szegedy 2015, "Batch Normalization: Accelerating Deep Network Training
 * by Reducing Internal Covariate Shift", section 4.1 and figure 5) from {@code zoo-configs/inception-v2.yaml}:
 * GoogLeNet with batch norm after every convolution (no LRN), a depthwise-separable first convolution, 5x5
 * convolutions replaced by two 3x3 ones, three 28x28 modules, average or max pooling per module, and the grid
 * reduced inside the modules 3c and 4e (stride 2) instead of by pools between stages ({@link BnInceptionModule}).
 * <p>
 * Graph: {@code conv1} (separable 7x7/2, BN, ReLU) → {@code pool1} → {@code conv2_reduce} → {@code conv2} →
 * {@code pool2} → {@code inception_3a} ... {@code inception_5b} → {@code avgpool} → {@code output}. Convolutions
 * have no bias (BN's beta takes its place). The paper does not give the initialisation; we use Xavier, as for
 * GoogLeNet. Options: {@code batchNorm=false} is refused (the network is defined by its batch norms).
 */
public final class InceptionV2Family extends ModelTableFamily<InceptionV2Table, InceptionV2Table.Model> {

    /** The family over the packaged (or overridden, see {@link ZooConfigs}) table. */
    public InceptionV2Family() {
        this(null);
    }

    /** The family over a given table. */
    public InceptionV2Family(InceptionV2Table table) {
        super("inception-v2", InceptionV2Table.class, table);
    }

    @Override
    protected Map<String, InceptionV2Table.Model> rows(InceptionV2Table table) {
        return table.models();
    }

    @Override
    protected PaperSgd optimizer(InceptionV2Table table, InceptionV2Table.Model row) {
        return table.optimizer();
    }

    @Override
    protected WeightInit papersInit() {
        return WeightInit.XAVIER;
    }

    @Override
    protected void addLayers(TrackedGraph g, InceptionV2Table t, InceptionV2Table.Model row, String model, ModelOptions options) {
        if (Boolean.FALSE.equals(options.batchNorm())) {
            throw new BadInputException(model + " is defined by its batch norms; batchNorm=false is not supported");
        }
        double eps = t.batchNormEps();
        InceptionV2Table.Stem stem = t.stem();
        GoogLeNetTable.Conv c1 = stem.conv1();
        String x = g.separableConv("conv1", "input", c1.filters(), c1.kernel(), c1.stride(), c1.padding(),
                stem.depthMultiplier(), false, Activation.IDENTITY);
        x = g.activation("conv1.relu", g.batchNorm("conv1.bn", x, eps), Activation.RELU);
        x = g.maxPoolSame("pool1", x, stem.pool1().kernel(), stem.pool1().stride());
        x = conv(g, "conv2_reduce", x, stem.conv2Reduce(), eps);
        x = conv(g, "conv2", x, stem.conv2(), eps);
        x = g.maxPoolSame("pool2", x, stem.pool2().kernel(), stem.pool2().stride());
        for (InceptionV2Table.Module m : t.modules()) {
            x = BnInceptionModule.add(g, "inception_" + m.name(), x, m, eps);
        }
        classifier(g, x, "avgpool", "dropout", t.dropout(), "output", options.numClasses());
    }

    private static String conv(TrackedGraph g, String name, String input, GoogLeNetTable.Conv c, double eps) {
        return ConvUnit.bnRelu(g, name, input, c.filters(), c.kernel(), c.kernel(), c.stride(), c.padding(), c.padding(), eps);
    }
}
