package org.zoolab.generative;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BernoulliElboTest {

    private static INDArray row(double... v) {
        return Nd4j.create(v, new long[]{1, v.length}, DataType.DOUBLE);
    }

    @Test
    void logLikelihoodMatchesHandComputedValue() {
        // x = [1, 0], logits = [0, 2]: log sigmoid(0) + log(1 - sigmoid(2)) = -ln 2 - ln(1 + e^2)
        double expected = -Math.log(2) - Math.log(1 + Math.exp(2));
        assertThat(BernoulliElbo.logLikelihood(row(1, 0), row(0, 2)).getDouble(0)).isCloseTo(expected, within(1e-12));
        assertThat(expected).isCloseTo(-2.8200752, within(1e-7));
    }

    @Test
    void logLikelihoodStaysExactWhereTheSigmoidSaturates() {
        // a pixel that is 0 but predicted with logit 100: log(1 - sigmoid(100)) = -100 - log(1 + e^-100) ~ -100.
        // Computing log(1 - sigmoid(l)) in float gives log(0) = -inf, which DL4J's Bernoulli distribution replaces by 0.
        INDArray x = Nd4j.create(new float[]{0f}, new long[]{1, 1});
        INDArray l = Nd4j.create(new float[]{100f}, new long[]{1, 1});
        assertThat(BernoulliElbo.logLikelihood(x, l).getDouble(0)).isCloseTo(-100.0, within(1e-4));
    }

    @Test
    void klMatchesHandComputedValue() {
        // mu = [1, 0], log sigma^2 = [0, ln 2]: 1/2 [(1 + 1 - 1 - 0) + (0 + 2 - 1 - ln 2)]
        double expected = 0.5 * (1 + 1 - Math.log(2));
        assertThat(BernoulliElbo.kl(row(1, 0), row(0, Math.log(2))).getDouble(0)).isCloseTo(expected, within(1e-12));
        assertThat(BernoulliElbo.kl(row(0, 0), row(0, 0)).getDouble(0)).isEqualTo(0.0);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        double h = 1e-6;
        INDArray x = row(0.3, 1, 0);
        INDArray l = row(-1.5, 0.4, 3.0);
        INDArray g = BernoulliElbo.logLikelihoodGradient(x, l);
        for (int i = 0; i < 3; i++) {
            INDArray up = l.dup(), down = l.dup();
            up.putScalar(0, i, l.getDouble(0, i) + h);
            down.putScalar(0, i, l.getDouble(0, i) - h);
            double numeric = (BernoulliElbo.logLikelihood(x, up).getDouble(0) - BernoulliElbo.logLikelihood(x, down).getDouble(0)) / (2 * h);
            assertThat(g.getDouble(0, i)).isCloseTo(numeric, within(1e-6));
        }
        INDArray mu = row(0.5, -2), lv = row(-0.7, 1.2);
        INDArray gm = BernoulliElbo.klGradientMu(mu), gv = BernoulliElbo.klGradientLogVar(lv);
        for (int i = 0; i < 2; i++) {
            INDArray up = lv.dup(), down = lv.dup();
            up.putScalar(0, i, lv.getDouble(0, i) + h);
            down.putScalar(0, i, lv.getDouble(0, i) - h);
            double numeric = (BernoulliElbo.kl(mu, up).getDouble(0) - BernoulliElbo.kl(mu, down).getDouble(0)) / (2 * h);
            assertThat(gv.getDouble(0, i)).isCloseTo(numeric, within(1e-6));
            assertThat(gm.getDouble(0, i)).isEqualTo(mu.getDouble(0, i));
        }
    }

    @Test
    void elboTermsCombineByImageCount() {
        ElboTerms a = new ElboTerms(-100, 20, 100);
        ElboTerms b = new ElboTerms(-130, 30, 300);
        ElboTerms sum = a.plus(b);
        assertThat(sum.images()).isEqualTo(400);
        assertThat(sum.reconstruction()).isEqualTo(-122.5);
        assertThat(sum.kl()).isEqualTo(27.5);
        assertThat(sum.elbo()).isEqualTo(-150.0);
        assertThat(sum.loss()).isEqualTo(150.0);
    }
}
