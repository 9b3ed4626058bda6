package org.zoolab.generative;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.zoolab.zoo.FeatureShape;
import org.zoolab.zoo.ModelOptions;
import org.zoolab.zoo.Zoo;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class VaeTest {

    /** A tiny VAE in double precision: 1x2x3 images, 5 hidden tanh units, 2 latents. */
    private static Vae tinyVae() {
        ComputationGraphConfiguration enc = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.DOUBLE)
                .updater(new Sgd(0.1)).weightInit(WeightInit.XAVIER).graphBuilder()
                .addInputs("x").setInputTypes(InputType.convolutional(2, 3, 1))
                .addLayer("h", new DenseLayer.Builder().nOut(5).activation(Activation.TANH).build(), "x")
                .addLayer("q", new DenseLayer.Builder().nOut(4).activation(Activation.IDENTITY).build(), "h")
                .setOutputs("q").build();
        ComputationGraphConfiguration dec = new NeuralNetConfiguration.Builder().seed(2).dataType(DataType.DOUBLE)
                .updater(new Sgd(0.1)).weightInit(WeightInit.XAVIER).graphBuilder()
                .addInputs("z").setInputTypes(InputType.feedForward(2))
                .addLayer("h", new DenseLayer.Builder().nOut(5).activation(Activation.TANH).build(), "z")
                .addLayer("logits", new DenseLayer.Builder().nOut(6).activation(Activation.IDENTITY).build(), "h")
                .setOutputs("logits").build();
        ExternalLossGraph e = new ExternalLossGraph(enc);
        e.init();
        ExternalLossGraph d = new ExternalLossGraph(dec);
        d.init();
        return new Vae(e, d, 2, new FeatureShape(1, 2, 3));
    }

    private static INDArray random(SplittableRandom rng, boolean gaussian, long... shape) {
        INDArray a = Nd4j.create(DataType.DOUBLE, shape);
        for (long i = 0; i < a.length(); i++) a.putScalar(i, gaussian ? rng.nextGaussian() : rng.nextDouble());
        return a;
    }

    @Test
    void gradientsOfTheNegativeElboMatchFiniteDifferences() {
        Vae vae = tinyVae();
        SplittableRandom rng = new SplittableRandom(5);
        INDArray x = random(rng, false, 4, 1, 2, 3);
        INDArray eps = random(rng, true, 4, 2);
        ElboTerms terms = vae.computeGradients(x, eps);
        INDArray encGrad = vae.encoder().parameterGradient().dup();
        INDArray decGrad = vae.decoder().parameterGradient().dup();
        // the loss the gradients belong to: mean(KL - log p(x|z)) with this eps; evaluate() recomputes it
        assertThat(vae.evaluate(x, eps).loss()).isCloseTo(terms.loss(), within(1e-10));

        double h = 1e-6;
        for (ExternalLossGraph net : new ExternalLossGraph[]{vae.encoder(), vae.decoder()}) {
            INDArray analytic = net == vae.encoder() ? encGrad : decGrad;
            INDArray params = net.params();
            assertThat(params.length()).isEqualTo(net == vae.encoder() ? 6 * 5 + 5 + 5 * 4 + 4 : 2 * 5 + 5 + 5 * 6 + 6);
            for (long i = 0; i < params.length(); i++) {
                double v = params.getDouble(i);
                params.putScalar(i, v + h);
                double up = vae.evaluate(x, eps).loss();
                params.putScalar(i, v - h);
                double down = vae.evaluate(x, eps).loss();
                params.putScalar(i, v);
                double numeric = (up - down) / (2 * h);
                assertThat(analytic.getDouble(i)).as("parameter %d", i).isCloseTo(numeric, within(1e-6 + 1e-5 * Math.abs(numeric)));
            }
        }
    }

    @Test
    void negativeElboDecreasesOnASmallSubset() {
        Vae vae = Vae.create(Zoo.info("vae"), ModelOptions.builder().seed(3).input(1, 28, 28).build(), 1e-3);
        ImageSet train = SyntheticDigits.images(200, 1);
        double before = vae.evaluate(train, 100, new SplittableRandom(9)).loss();
        // logits start near 0: every pixel costs ln 2 and the KL is near 0
        assertThat(before).isCloseTo(784 * Math.log(2), within(5.0));
        SplittableRandom rng = new SplittableRandom(11);
        for (int step = 0; step < 40; step++) {
            int[] idx = train.shuffledIndices(rng);
            vae.trainStep(train.images(java.util.Arrays.copyOf(idx, 50)), Noise.normal(rng, 50, vae.latent()));
        }
        ElboTerms after = vae.evaluate(train, 100, new SplittableRandom(9));
        assertThat(after.loss()).isLessThan(0.6 * before); // 543 -> about 298 nats in 40 steps
        assertThat(after.kl()).isGreaterThan(0);
        assertThat(after.reconstruction()).isLessThan(0);
    }

    @Test
    void aNonFiniteLossChangesNoWeight() {
        Vae vae = tinyVae();
        SplittableRandom rng = new SplittableRandom(5);
        INDArray x = random(rng, false, 4, 1, 2, 3);
        x.putScalar(0, Double.NaN);
        INDArray enc = vae.encoder().params().dup(), dec = vae.decoder().params().dup();
        assertThatThrownBy(() -> vae.trainStep(x, random(rng, true, 4, 2)))
                .isInstanceOf(NonFiniteLossException.class).hasMessageContaining("not finite");
        assertThat(vae.encoder().params()).isEqualTo(enc);
        assertThat(vae.decoder().params()).isEqualTo(dec);
    }

    @Test
    void decodedImagesHaveTheImageShapeAndAreProbabilities() {
        Vae vae = Vae.create(Zoo.info("vae-2d"), ModelOptions.builder().seed(3).input(1, 28, 28).build(), 1e-3);
        INDArray samples = vae.sample(5, new SplittableRandom(1));
        assertThat(samples.shape()).containsExactly(5, 1, 28, 28);
        assertThat(samples.minNumber().doubleValue()).isGreaterThanOrEqualTo(0);
        assertThat(samples.maxNumber().doubleValue()).isLessThanOrEqualTo(1);
        INDArray manifold = vae.manifold(4);
        assertThat(manifold.shape()).containsExactly(16, 1, 28, 28);
        assertThatThrownBy(() -> Vae.create(Zoo.info("vae"), ModelOptions.builder().input(1, 28, 28).build(), 1e-3).manifold(4))
                .hasMessageContaining("2-D latent space").hasMessageContaining("20 latents");
    }
}
