package org.zoolab.zoo;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.preprocessor.BaseInputPreProcessor;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * Moves a batch of feature maps between DL4J's two memory layouts: {@code [n, c, h, w]} ({@link CNN2DFormat#NCHW},
 * channels first) and {@code [n, h, w, c]} ({@link CNN2DFormat#NHWC}, channels last). The backward pass moves the
 * gradient back. Both results are dense C-order copies, so the next layer reads contiguous memory.
 * <p>
 * {@link TrackedGraph} puts one where a channels-last graph meets the channels-first world: after its image input,
 * before a flatten into a fully connected layer (so that layer's weights keep the channels-first order and a
 * channels-last net computes exactly what the channels-first one does with the same parameters), before a per-pixel
 * loss, and before a feature-map output.
 */
public final class LayoutChange extends BaseInputPreProcessor {
    @JsonProperty("to")
    private final CNN2DFormat to;

    /** A change to {@code to}: from the other layout. */
    @JsonCreator
    public LayoutChange(@JsonProperty("to") CNN2DFormat to) {
        this.to = Objects.requireNonNull(to, "to");
    }

    /** The layout this change produces. */
    public CNN2DFormat to() {
        return to;
    }

    @Override
    public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        checkRank(input, "input");
        return workspaceMgr.dup(ArrayType.ACTIVATIONS, to == CNN2DFormat.NHWC ? toLast(input) : toFirst(input), 'c');
    }

    @Override
    public INDArray backprop(INDArray output, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        checkRank(output, "gradient");
        return workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, to == CNN2DFormat.NHWC ? toFirst(output) : toLast(output), 'c');
    }

    private static INDArray toLast(INDArray nchw) {
        return nchw.permute(0, 2, 3, 1);
    }

    private static INDArray toFirst(INDArray nhwc) {
        return nhwc.permute(0, 3, 1, 2);
    }

    private void checkRank(INDArray a, String what) {
        if (a.rank() != 4) {
            throw new IllegalStateException("layout change to " + to + ": expected a rank-4 " + what
                    + " (a batch of feature maps), got shape " + java.util.Arrays.toString(a.shape()));
        }
    }

    @Override
    public InputType getOutputType(InputType inputType) {
        if (!(inputType instanceof InputType.InputTypeConvolutional c)) {
            throw new IllegalStateException("layout change to " + to + ": expected a convolutional input, got " + inputType);
        }
        CNN2DFormat from = to == CNN2DFormat.NHWC ? CNN2DFormat.NCHW : CNN2DFormat.NHWC;
        if (c.getFormat() != from) {
            throw new IllegalStateException("layout change to " + to + ": expected a " + from + " input, got " + inputType);
        }
        return InputType.convolutional(c.getHeight(), c.getWidth(), c.getChannels(), to);
    }

    @Override
    public LayoutChange clone() {
        return new LayoutChange(to);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LayoutChange l && l.to == to;
    }

    @Override
    public int hashCode() {
        return to.hashCode();
    }

    @Override
    public String toString() {
        return "LayoutChange(to=" + to + ")";
    }
}
