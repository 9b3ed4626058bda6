package org.zoolab.zoo;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * GoogLeNet (Szegedy et al. 2014, "Going Deeper with Convolutions"), Table 1 and figure 3, from
 * {@code zoo-configs/googlenet.yaml}: true 5x5 branches, convolutions with biases, LRN after pool1 and after
 * conv2, no batch norm, global average pooling (the paper's 7x7/1 average pool at 224x224), dropout 0.4, softmax.
 * <p>
 * Two registered forms:
 * <ul>
 *   <li>{@code googlenet}: the inference network, one output {@code output}; 6,998,552 parameters.</li>
 *   <li>{@code googlenet-train}: the training network of section 5, with the two auxiliary classifiers on
 *       {@code inception_4a} and {@code inception_4d} as extra outputs {@code aux1.output} and
 *       {@code aux2.output} (after {@code output}); their losses are weighted 0.3 with {@link ScaledLoss}, so the
 *       graph's score is {@code main + 0.3 * aux1 + 0.3 * aux2}. Feed the same labels to all three outputs
 *       ({@link #labelsForEveryOutput}); after training, {@link #dropAuxiliaryHeads} gives the inference network
 *       with the trained weights.</li>
 * </ul>
 * Initialisation: the paper does not state it; we use Xavier (Glorot) for every layer.
 * Options: {@code batchNorm=true} puts BN (no conv bias) after every convolution and drops the LRNs, as the
 * batch-normalised Inception of Ioffe &amp; Szegedy 2015 did (not this paper).
 */
public final class GoogLeNetFamily extends ModelTableFamily<GoogLeNetTable, GoogLeNetTable.Model> {
    /** Prefix of every vertex of the auxiliary classifiers. */
    public static final String AUX_PREFIX = "aux";

    /** The family over the packaged (or overridden, see {@link ZooConfigs}) table. */
    public GoogLeNetFamily() {
        this(null);
    }

    /** The family over a given table. */
    public GoogLeNetFamily(GoogLeNetTable table) {
        super("googlenet", GoogLeNetTable.class, table);
    }

    @Override
    protected Map<String, GoogLeNetTable.Model> rows(GoogLeNetTable table) {
        return table.models();
    }

    @Override
    protected PaperSgd optimizer(GoogLeNetTable table, GoogLeNetTable.Model row) {
        return table.optimizer();
    }

    @Override
    protected WeightInit papersInit() {
        return WeightInit.XAVIER;
    }

    @Override
    protected void addLayers(TrackedGraph g, GoogLeNetTable t, GoogLeNetTable.Model row, String model, ModelOptions options) {
        boolean bn = Boolean.TRUE.equals(options.batchNorm());
        GoogLeNetTable.Stem stem = t.stem();
        String x = conv(g, "conv1", "input", stem.conv1(), bn);
        x = g.maxPoolSame("pool1", x, stem.pool1().kernel(), stem.pool1().stride());
        x = bn ? x : lrn(g, "norm1", x, t.lrn());
        x = conv(g, "conv2_reduce", x, stem.conv2Reduce(), bn);
        x = conv(g, "conv2", x, stem.conv2(), bn);
        x = bn ? x : lrn(g, "norm2", x, t.lrn());

        List<String> auxInputs = new ArrayList<>();
        for (int s = 0; s < t.stages().size(); s++) {
            GoogLeNetTable.Stage stage = t.stages().get(s);
            x = g.maxPoolSame("pool" + (s + 2), x, stage.pool().kernel(), stage.pool().stride());
            for (GoogLeNetTable.Module m : stage.modules()) {
                x = InceptionModule.add(g, "inception_" + m.name(), x, m.widths(), bn);
                if (row.auxiliaryHeads() && t.auxiliary().after().contains(m.name())) {
                    auxInputs.add(x);
                }
            }
        }
        classifier(g, x, "avgpool", "dropout", t.dropout(), "output", options.numClasses());
        for (int i = 0; i < auxInputs.size(); i++) {
            auxiliaryHead(g, AUX_PREFIX + (i + 1), auxInputs.get(i), t.auxiliary(), options.numClasses(), bn);
        }
    }

    private static String conv(TrackedGraph g, String name, String input, GoogLeNetTable.Conv c, boolean bn) {
        return ConvUnit.add(g, name, input, c.filters(), c.kernel(), c.stride(), c.padding(), bn, true);
    }

    private static String lrn(TrackedGraph g, String name, String input, GoogLeNetTable.Lrn lrn) {
        return g.localResponseNorm(name, input, lrn.k(), lrn.size(), lrn.alpha(), lrn.beta());
    }

    /** avgpool 5x5/3 → 1x1 conv + ReLU → fc + ReLU → dropout → softmax fc with the weighted loss. */
    private static void auxiliaryHead(TrackedGraph g, String name, String input, GoogLeNetTable.Auxiliary aux,
                                      int classes, boolean bn) {
        String x = g.avgPool(name + ".pool", input, aux.pool().kernel(), aux.pool().stride());
        x = ConvUnit.add(g, name + ".conv", x, aux.conv(), 1, 1, 0, bn, true);
        x = g.dense(name + ".fc", x, aux.fc(), Activation.RELU);
        x = g.dropout(name + ".dropout", x, aux.dropout());
        g.auxiliaryOutput(name + ".output", x, classes, Activation.SOFTMAX, new ScaledLoss(new LossMCXENT(), aux.lossWeight()));
    }

    /**
     * The inference network of a (trained) {@code googlenet-train} graph: its auxiliary heads removed
     * ({@link AuxiliaryOutputs#dropAuxiliaryHeads}), all other weights kept. The result has the parameters of
     * {@code googlenet} and the same {@code output}.
     */
    public static ComputationGraph dropAuxiliaryHeads(ComputationGraph training) {
        return AuxiliaryOutputs.dropAuxiliaryHeads(training);
    }

    /**
     * A batch for a graph with several outputs (such as {@code googlenet-train}): the same features, and the
     * batch's labels for every output.
     */
    public static MultiDataSet labelsForEveryOutput(DataSet batch, ComputationGraph graph) {
        int outputs = graph.getNumOutputArrays();
        INDArray[] labels = new INDArray[outputs];
        Arrays.fill(labels, batch.getLabels());
        INDArray[] masks = batch.getLabelsMaskArray() == null ? null : new INDArray[outputs];
        if (masks != null) {
            Arrays.fill(masks, batch.getLabelsMaskArray());
        }
        INDArray[] featureMasks = batch.getFeaturesMaskArray() == null ? null : new INDArray[]{batch.getFeaturesMaskArray()};
        return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[]{batch.getFeatures()}, labels, featureMasks, masks);
    }
}
