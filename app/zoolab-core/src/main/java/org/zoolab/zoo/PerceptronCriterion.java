package org.zoolab.zoo;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.LossUtil;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Rosenblatt's perceptron criterion as a DL4J loss: each output unit is an independent threshold unit
 * (fires when its score {@code s > 0}) with target {@code t = +1} for the labelled class and {@code t = -1} for
 * every other class ({@code t = 2y - 1} from one-hot labels {@code y}). Per unit and example the loss is
 * <pre>
 *     L = max(0, -t * s)          dL/ds = -t  if t*s &lt;= 0,  else 0
 * </pre>
 * the hinge loss at margin 0. A unit that is already right contributes nothing; a wrong one moves its weights by
 * {@code learningRate * t * x}, which is exactly the perceptron learning rule. A score of exactly 0 counts as
 * a mistake in the gradient (a subgradient choice), so that all-zero weights still learn. The score of an example
 * is the sum over units; DL4J averages over the minibatch.
 * <p>
 * Use it with the identity activation (the threshold is applied at prediction time, not in training).
 */
public final class PerceptronCriterion implements ILossFunction {
    private static final long serialVersionUID = 1L;

    private static INDArray targets(INDArray labels) {
        return labels.castTo(labels.dataType()).mul(2.0).subi(1.0);
    }

    /** Per example and unit: {@code max(0, -t*s)}. */
    private static INDArray perUnit(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray scores = activationFn.getActivation(preOutput.dup(), true);
        INDArray t = targets(labels).castTo(scores.dataType());
        INDArray loss = Transforms.relu(t.muli(scores).negi(), false);
        if (mask != null) {
            LossUtil.applyMask(loss, mask);
        }
        return loss;
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                               boolean average) {
        double sum = perUnit(labels, preOutput, activationFn, mask).sumNumber().doubleValue();
        return average ? sum / labels.size(0) : sum;
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return perUnit(labels, preOutput, activationFn, mask).sum(true, 1);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray scores = activationFn.getActivation(preOutput.dup(), true);
        INDArray t = targets(labels).castTo(scores.dataType());
        INDArray wrong = t.mul(scores).lte(0.0).castTo(scores.dataType());   // 1 where t*s <= 0
        INDArray dLdOut = t.negi().muli(wrong);
        INDArray dLdPre = activationFn.backprop(preOutput.dup(), dLdOut).getFirst();
        if (mask != null) {
            LossUtil.applyMask(dLdPre, mask);
        }
        return dLdPre.addi(0.0);   // turns the -0.0 of right (or masked) units into 0.0
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                          INDArray mask, boolean average) {
        return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
                computeGradient(labels, preOutput, activationFn, mask));
    }

    @Override
    public String name() {
        return "PerceptronCriterion";
    }

    @Override
    public String toString() {
        return name();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PerceptronCriterion;
    }

    @Override
    public int hashCode() {
        return PerceptronCriterion.class.hashCode();
    }
}
