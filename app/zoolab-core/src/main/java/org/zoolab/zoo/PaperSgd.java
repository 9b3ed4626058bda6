package org.zoolab.zoo;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;

/**
 * The stochastic-gradient-descent settings a paper trained with, as a table's {@code optimizer:} entry: the papers'
 * classical (heavy-ball) momentum, {@link ClassicalMomentum} (DL4J's {@code Nesterovs} is Nesterov's accelerated
 * gradient, a different update, so it is not used); weight decay is L2 on the
 * weights (Caffe's {@code weight_decay}: gradient {@code += weightDecay * w}), biases and batch-norm parameters are
 * not decayed.
 *
 * @param learningRate initial learning rate
 * @param momentum     momentum coefficient
 * @param weightDecay  L2 coefficient, 0 for none
 */
public record PaperSgd(@JsonProperty("learningRate") double learningRate,
                       @JsonProperty("momentum") double momentum,
                       @JsonProperty("weightDecay") double weightDecay) {

    public PaperSgd {
        if (!(learningRate > 0)) throw new IllegalArgumentException("learningRate must be positive, got " + learningRate);
        if (momentum < 0 || momentum >= 1) throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        if (weightDecay < 0) throw new IllegalArgumentException("weightDecay must not be negative, got " + weightDecay);
    }

    /** Sets the updater and L2 on {@code base}; returns it. */
    public NeuralNetConfiguration.Builder applyTo(NeuralNetConfiguration.Builder base) {
        base.updater(new ClassicalMomentum(learningRate, momentum));
        if (weightDecay > 0) {
            base.l2(weightDecay);
        }
        return base;
    }
}
