package org.zoolab.generative;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zoolab.zoo.ModelOptions;
import org.zoolab.zoo.Zoo;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class GanTest {

    private static Gan gan(String model) {
        return Gan.create(Zoo.info(model), ModelOptions.builder().seed(7).input(1, 28, 28).build(), 2e-4);
    }

    private static INDArray updaterState(ExternalLossGraph g) {
        return g.getUpdater().getStateViewArray().dup();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gan", "dcgan"})
    void generatorStepLeavesTheDiscriminatorAndItsUpdaterUntouched(String model) {
        Gan gan = gan(model);
        SplittableRandom rng = new SplittableRandom(3);
        ImageSet real = SyntheticDigits.images(16, 4);
        // one D step first, so that D's Adam state and batch-norm statistics are not at their initial values
        gan.discriminatorStep(gan.toModelRange(real.images(0, 16)), gan.noise(16, rng));
        INDArray dParams = gan.discriminator().params().dup();
        INDArray dState = updaterState(gan.discriminator());
        int dIterations = gan.discriminator().getIterationCount();
        INDArray gParams = gan.generator().params().dup();
        INDArray gState = updaterState(gan.generator());

        double loss = gan.generatorStep(gan.noise(16, rng));

        assertThat(Double.isFinite(loss)).isTrue();
        assertThat(gan.discriminator().params()).isEqualTo(dParams);           // bit for bit, BN statistics included
        assertThat(updaterState(gan.discriminator())).isEqualTo(dState);
        assertThat(gan.discriminator().getIterationCount()).isEqualTo(dIterations);
        assertThat(gan.generator().params()).isNotEqualTo(gParams);
        assertThat(updaterState(gan.generator())).isNotEqualTo(gState);
        assertThat(gan.generator().getIterationCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gan", "dcgan"})
    void discriminatorStepLeavesTheGeneratorUntouched(String model) {
        Gan gan = gan(model);
        SplittableRandom rng = new SplittableRandom(3);
        INDArray gParams = gan.generator().params().dup();
        INDArray gState = updaterState(gan.generator());
        INDArray dParams = gan.discriminator().params().dup();
        Gan.DiscriminatorStep step = gan.discriminatorStep(gan.toModelRange(SyntheticDigits.images(16, 4).images(0, 16)), gan.noise(16, rng));
        assertThat(step.loss()).isGreaterThan(0);
        assertThat(step.realScore()).isBetween(0.0, 1.0);
        assertThat(step.fakeScore()).isBetween(0.0, 1.0);
        assertThat(gan.generator().params()).isEqualTo(gParams);
        assertThat(updaterState(gan.generator())).isEqualTo(gState);
        assertThat(gan.discriminator().params()).isNotEqualTo(dParams);
    }

    @Test
    void theTwoNetsKeepSeparateUpdaterState() {
        Gan gan = gan("gan");
        assertThat(gan.generator().getUpdater().getStateViewArray().length()).isEqualTo(2 * gan.generator().numParams());
        assertThat(gan.discriminator().getUpdater().getStateViewArray().length()).isEqualTo(2 * gan.discriminator().numParams());
    }

    @ParameterizedTest
    @ValueSource(strings = {"gan", "dcgan"})
    void generatedImagesHaveTheImageShapeAndRange(String model) {
        Gan gan = gan(model);
        INDArray raw = gan.generate(gan.noise(10, new SplittableRandom(1)));
        assertThat(raw.shape()).containsExactly(10, 1, 28, 28);
        assertThat(gan.spec().tanhImages()).isTrue();   // both tables end G in tanh: images in [-1, 1]
        double low = -1;
        assertThat(raw.minNumber().doubleValue()).isGreaterThanOrEqualTo(low);
        assertThat(raw.maxNumber().doubleValue()).isLessThanOrEqualTo(1);
        INDArray unit = gan.generateUnit(gan.noise(10, new SplittableRandom(1)));
        assertThat(unit.minNumber().doubleValue()).isGreaterThanOrEqualTo(0);
        assertThat(unit.maxNumber().doubleValue()).isLessThanOrEqualTo(1);
        assertThat(gan.toUnitRange(raw)).isEqualTo(unit);
    }

    @Test
    void alternatingUpdatesTeachTheGeneratorTheBarImages() {
        // 100 steps on bar images: D separates quickly, G moves its mass towards the bars (learning rate 1e-3
        // instead of the table's 2e-4, so that few steps suffice)
        Gan gan = Gan.create(Zoo.info("gan"), ModelOptions.builder().seed(7).input(1, 28, 28).build(), 1e-3);
        ImageSet real = SyntheticDigits.images(64, 4);
        SplittableRandom rng = new SplittableRandom(3);
        INDArray target = real.all().mean(0);
        double before = gan.generateUnit(gan.noise(64, new SplittableRandom(9))).mean(0).distance2(target);
        for (int i = 0; i < 100; i++) {
            gan.discriminatorStep(gan.toModelRange(real.images(0, 64)), gan.noise(64, rng));
            gan.generatorStep(gan.noise(64, rng));
        }
        double after = gan.generateUnit(gan.noise(64, new SplittableRandom(9))).mean(0).distance2(target);
        assertThat(after).isLessThan(0.75 * before); // measured 10.67 -> 7.40
    }
}
