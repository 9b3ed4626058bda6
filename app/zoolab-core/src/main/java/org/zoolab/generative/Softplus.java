package org.zoolab.generative;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@code softplus(l) = log(1 + exp(l))} computed as {@code max(l, 0) + log1p(exp(-|l|))}, finite for every finite
 * logit (the direct form overflows above about 88 in float). Binary cross-entropy on logits is built from it:
 * {@code -log sigmoid(l) = softplus(-l)}, {@code -log(1 - sigmoid(l)) = softplus(l)}.
 */
final class Softplus {
    private Softplus() {
    }

    /** Element-wise softplus of {@code logits}, a new array. */
    static INDArray of(INDArray logits) {
        return Transforms.relu(logits, true)
                .addi(Transforms.log1p(Transforms.exp(Transforms.abs(logits, true).negi(), false), false));
    }
}
