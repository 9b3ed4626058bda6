package org.zoolab.zoo;

import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.distribution.UniformDistribution;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.nn.weights.WeightInitDistribution;

/**
 * A table's weight initialisation written as a distribution: {@code {distribution: normal, scale: 0.02}} is
 * N(0, 0.02&sup2;), {@code {distribution: uniform, scale: 0.05}} is U(-0.05, 0.05).
 *
 * @param distribution {@code normal} or {@code uniform}
 * @param scale        the standard deviation (normal) or the half-width (uniform); positive
 */
public record WeightDistribution(String distribution, double scale) {

    public WeightDistribution {
        if (!"normal".equals(distribution) && !"uniform".equals(distribution)) {
            throw new IllegalArgumentException("distribution must be 'normal' or 'uniform', got '" + distribution + "'");
        }
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be a positive number, got " + scale);
        }
    }

    /** The DL4J initialiser; {@code override} (the caller's choice) wins when not null. */
    public IWeightInit init(org.deeplearning4j.nn.weights.WeightInit override) {
        if (override != null) {
            return override.getWeightInitFunction();
        }
        return new WeightInitDistribution("normal".equals(distribution)
                ? new NormalDistribution(0, scale) : new UniformDistribution(-scale, scale));
    }
}
