package org.zoolab.zoo;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class PerceptronCriterionTest {
    private final PerceptronCriterion loss = new PerceptronCriterion();
    private final ActivationIdentity identity = new ActivationIdentity();

    @Test
    void knownAnswer() {
        // example 0: true class 0 with s0 = 2 (right), s1 = 0.5 (wrong: t=-1, -t*s = 0.5), s2 = -1 (right)
        // example 1: true class 2 with s2 = -3 (wrong: 3), s0 = 1 (wrong: 1), s1 = -2 (right)
        INDArray labels = Nd4j.createFromArray(new double[][]{{1, 0, 0}, {0, 0, 1}});
        INDArray scores = Nd4j.createFromArray(new double[][]{{2, 0.5, -1}, {1, -2, -3}});
        assertThat(loss.computeScoreArray(labels, scores, identity, null).toDoubleVector()).containsExactly(0.5, 4.0);
        assertThat(loss.computeScore(labels, scores, identity, null, false)).isEqualTo(4.5);
        assertThat(loss.computeScore(labels, scores, identity, null, true)).isEqualTo(2.25);
        // gradient: -t on wrong units, 0 on right ones
        assertThat(loss.computeGradient(labels, scores, identity, null).toDoubleMatrix())
                .isEqualTo(new double[][]{{0, 1, 0}, {1, 0, -1}});
    }

    @Test
    void gradientMatchesCentralDifferences() {
        Nd4j.getRandom().setSeed(7);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, 5, 4);
        for (int i = 0; i < 5; i++) labels.putScalar(i, i % 4, 1.0);
        INDArray pre = Nd4j.rand(DataType.DOUBLE, 5, 4).subi(0.5).muli(4);
        // keep away from the kink at 0, where the loss is not differentiable
        pre.assign(pre.add(Nd4j.math().sign(pre).muli(0.05)));
        INDArray analytic = loss.computeGradient(labels, pre, identity, null);
        double eps = 1e-6;
        int wrongUnits = 0;
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 4; j++) {
                double orig = pre.getDouble(i, j);
                pre.putScalar(i, j, orig + eps);
                double plus = loss.computeScore(labels, pre, identity, null, false);
                pre.putScalar(i, j, orig - eps);
                double minus = loss.computeScore(labels, pre, identity, null, false);
                pre.putScalar(i, j, orig);
                double numeric = (plus - minus) / (2 * eps);
                assertThat(analytic.getDouble(i, j)).as("d/ds[%d,%d]", i, j).isCloseTo(numeric, offset(1e-6));
                if (numeric != 0) wrongUnits++;
            }
        }
        assertThat(wrongUnits).as("the check must exercise both branches").isBetween(1, 19);
    }

    @Test
    void maskedExamplesContributeNothing() {
        INDArray labels = Nd4j.createFromArray(new double[][]{{1, 0}, {1, 0}});
        INDArray scores = Nd4j.createFromArray(new double[][]{{-1, 0}, {-2, 0}});
        INDArray mask = Nd4j.createFromArray(new double[][]{{1}, {0}});
        assertThat(loss.computeScoreArray(labels, scores, identity, mask).toDoubleVector()).containsExactly(1.0, 0.0);
        assertThat(loss.computeGradient(labels, scores, identity, mask).toDoubleMatrix())
                .isEqualTo(new double[][]{{-1, 1}, {0, 0}});
    }

    @Test
    void survivesTheConfigurationJsonRoundTrip() {
        ComputationGraphConfiguration conf = Zoo.get("perceptron").configuration();
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertThat(back).isEqualTo(conf);
        assertThat(back.toJson()).contains("org.zoolab.zoo.PerceptronCriterion");
    }
}
