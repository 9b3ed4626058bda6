package org.zoolab.generative;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zoolab.zoo.ModelOptions;
import org.zoolab.zoo.Zoo;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FrechetDistanceTest {

    private static INDArray rows(double[][] v) {
        return Nd4j.create(v).castTo(DataType.DOUBLE);
    }

    @Test
    void knownAnswerForDiagonalCovariances() {
        // A: the 4 points (+-1, +-2): mean 0, covariance diag(4/3, 16/3) (divisor n - 1 = 3)
        // B: the 4 points (1 +- 2, +-1): mean (1, 0), covariance diag(16/3, 4/3)
        // diagonal case: |m1 - m2|^2 + sum (s1 - s2)^2 = 1 + (2/sqrt3 - 4/sqrt3)^2 * 2 = 1 + 8/3
        INDArray a = rows(new double[][]{{1, 2}, {1, -2}, {-1, 2}, {-1, -2}});
        INDArray b = rows(new double[][]{{3, 1}, {3, -1}, {-1, 1}, {-1, -1}});
        FrechetDistance.Gaussian ga = FrechetDistance.fit(a);
        assertThat(ga.covariance().getEntry(0, 0)).isCloseTo(4.0 / 3, within(1e-12));
        assertThat(ga.covariance().getEntry(1, 1)).isCloseTo(16.0 / 3, within(1e-12));
        assertThat(ga.covariance().getEntry(0, 1)).isCloseTo(0, within(1e-12));
        assertThat(FrechetDistance.between(a, b)).isCloseTo(11.0 / 3, within(1e-9));
        assertThat(FrechetDistance.between(b, a)).isCloseTo(11.0 / 3, within(1e-9));
    }

    @Test
    void distanceOfASetWithItselfIsZeroForCorrelatedFeatures() {
        SplittableRandom rng = new SplittableRandom(1);
        double[][] v = new double[200][6];
        for (double[] r : v) {
            double common = rng.nextGaussian();
            for (int j = 0; j < 6; j++) r[j] = common * (j + 1) + 0.3 * rng.nextGaussian();
        }
        INDArray x = rows(v);
        assertThat(FrechetDistance.between(x, x)).isCloseTo(0, within(1e-9));
    }

    @Test
    void lenetFidIsZeroForASetWithItselfAndGrowsWithNoise() {
        LeNetFid fid = new LeNetFid(Zoo.get("lenet5", ModelOptions.builder().seed(1).build()).init(), "f6", 32, 32);
        INDArray images = SyntheticDigits.images(300, 3).all();
        assertThat(fid.features(images).shape()).containsExactly(300, 84);
        assertThat(fid.distance(images, images)).isCloseTo(0, within(1e-6));
        double small = fid.distance(images, noisy(images, 0.1, 1));
        double large = fid.distance(images, noisy(images, 0.3, 1));
        assertThat(small).isGreaterThan(0);
        assertThat(large).isGreaterThan(2 * small);
    }

    private static INDArray noisy(INDArray images, double sigma, long seed) {
        INDArray out = images.dup();
        INDArray noise = Noise.normal(new SplittableRandom(seed), (int) images.size(0), (int) (images.length() / images.size(0)))
                .reshape(images.shape()).muli(sigma);
        return out.addi(noise);
    }

    @Test
    void coverageCountsClassesWithAtLeastOnePercentOfTheSamples() {
        int[] predictions = new int[1000];
        for (int i = 0; i < 1000; i++) predictions[i] = i < 991 ? i % 9 : 9; // class 9 gets 9 samples: under 10
        ClassCoverage c = ClassCoverage.of(predictions, 10, ClassCoverage.DEFAULT_MIN_SHARE);
        assertThat(c.minCount()).isEqualTo(10);
        assertThat(c.covered()).isEqualTo(9);
        assertThat(c.counts()[9]).isEqualTo(9);
        predictions[0] = 9;
        assertThat(ClassCoverage.of(predictions, 10, 0.01).covered()).isEqualTo(10);
    }
}
