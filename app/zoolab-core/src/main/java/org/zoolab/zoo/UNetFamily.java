package org.zoolab.zoo;

import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * U-Net (Ronneberger, Fischer &amp; Brox 2015, figure 1) from {@code zoo-configs/unet.yaml}.
 * <p>
 * Graph: contracting steps {@code down1 .. down5} ({@link UNetSteps#down}), dropout at the end of the
 * contracting path, expanding steps {@code up4 .. up1} ({@link UNetSteps#up}) each joined to the contracting
 * step of its level, a 1x1 convolution {@code classifier} to one channel per class, and {@code output}: a
 * per-pixel softmax with cross-entropy ({@code CnnLossLayer}). Labels are one-hot maps of the output's size.
 * The paper's energy sums the cross-entropy over the pixels (so does DL4J's {@code CnnLossLayer}); we divide it
 * by the number of output pixels at the configured input size ({@link ScaledLoss}), so that the score is the
 * mean per-pixel cross-entropy and a learning rate does not depend on the image size.
 * <ul>
 *   <li>{@code unet}: the paper's valid (unpadded) convolutions: 572x572 in, 388x388 out; inputs must be
 *       16k + 124 pixels (smallest 188 → 4).</li>
 *   <li>{@code unet-same}: 3x3 convolutions padded by 1, so the output has the input's size and no crop is
 *       needed; inputs must be multiples of 16.</li>
 * </ul>
 * Initialisation as the paper says: Gaussian with standard deviation sqrt(2/N), N the fan-in (He normal).
 * The paper's per-pixel weight map (border emphasis) is a property of the loss/data, not of the network, and
 * is not part of this graph (zoolab's is {@code org.zoolab.data.BorderWeightMap}, fed as the labels mask by
 * {@code zoolab segment train --loss weighted}). Options: {@code batchNorm=true} adds BN after every 3x3 convolution (not the paper).
 */
public final class UNetFamily extends ModelTableFamily<UNetTable, UNetTable.Model> {

    /** The family over the packaged (or overridden, see {@link ZooConfigs}) table. */
    public UNetFamily() {
        this(null);
    }

    /** The family over a given table. */
    public UNetFamily(UNetTable table) {
        super("unet", UNetTable.class, table);
    }

    @Override
    protected Map<String, UNetTable.Model> rows(UNetTable table) {
        return table.models();
    }

    @Override
    protected PaperSgd optimizer(UNetTable table, UNetTable.Model row) {
        return table.optimizer();
    }

    @Override
    protected WeightInit papersInit() {
        return WeightInit.RELU;
    }

    @Override
    protected void addLayers(TrackedGraph g, UNetTable t, UNetTable.Model row, String model, ModelOptions options) {
        boolean bn = Boolean.TRUE.equals(options.batchNorm());
        int padding = row.padding().pixels();

        List<Integer> widths = t.widths();
        int levels = widths.size();
        List<String> skips = new ArrayList<>();
        String x = "input";
        for (int level = 1; level <= levels; level++) {
            x = UNetSteps.down(g, "down" + level, x, widths.get(level - 1), level > 1, padding, bn);
            skips.add(x);
        }
        if (t.dropout() > 0) {
            x = g.dropout("down" + levels + ".dropout", x, t.dropout());
        }
        for (int level = levels - 1; level >= 1; level--) {
            x = UNetSteps.up(g, "up" + level, x, skips.get(level - 1), widths.get(level - 1), padding, bn);
        }
        x = g.conv("classifier", x, options.numClasses(), 1, 1, 0, true, Activation.IDENTITY);
        FeatureShape map = g.shape(x);
        g.pixelOutput("output", x, Activation.SOFTMAX, new ScaledLoss(new LossMCXENT(), 1.0 / (map.height() * map.width())));
    }
}
