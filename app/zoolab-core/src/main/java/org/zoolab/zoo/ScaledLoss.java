package org.zoolab.zoo;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * Another loss function times a constant: score and gradient are both multiplied by {@code factor}. DL4J's output
 * layers have no loss weight, so this is how GoogLeNet's auxiliary classifiers get the paper's weight 0.3 in the
 * total loss {@code main + 0.3 * aux1 + 0.3 * aux2}. Serialises with DL4J's JSON like the built-in losses.
 */
public final class ScaledLoss implements ILossFunction {
    private static final long serialVersionUID = 1L;

    @JsonProperty("loss")
    private final ILossFunction loss;
    @JsonProperty("factor")
    private final double factor;

    /**
     * @param loss   the loss to scale
     * @param factor the weight, finite and positive
     */
    @JsonCreator
    public ScaledLoss(@JsonProperty("loss") ILossFunction loss, @JsonProperty("factor") double factor) {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("loss weight must be positive and finite, got " + factor);
        }
        this.loss = Objects.requireNonNull(loss, "loss");
        this.factor = factor;
    }

    /** The loss being scaled. */
    public ILossFunction loss() {
        return loss;
    }

    /** The weight. */
    public double factor() {
        return factor;
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                               boolean average) {
        return factor * loss.computeScore(labels, preOutput, activationFn, mask, average);
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return loss.computeScoreArray(labels, preOutput, activationFn, mask).mul(factor);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return loss.computeGradient(labels, preOutput, activationFn, mask).mul(factor);
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                          INDArray mask, boolean average) {
        Pair<Double, INDArray> inner = loss.computeGradientAndScore(labels, preOutput, activationFn, mask, average);
        return new Pair<>(factor * inner.getFirst(), inner.getSecond().mul(factor));
    }

    @Override
    public String name() {
        return factor + " * " + loss.name();
    }

    @Override
    public String toString() {
        return "ScaledLoss(" + factor + " * " + loss + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScaledLoss other && other.factor == factor && other.loss.equals(loss);
    }

    @Override
    public int hashCode() {
        return Objects.hash(loss, factor);
    }
}
