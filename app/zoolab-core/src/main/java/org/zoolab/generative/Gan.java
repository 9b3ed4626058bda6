package org.zoolab.generative;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.zoolab.backend.OneDnnHelpers;
import org.zoolab.zoo.FeatureShape;
import org.zoolab.zoo.GanFamily;
import org.zoolab.zoo.ModelInfo;
import org.zoolab.zoo.ModelOptions;

import java.util.random.RandomGenerator;

/**
 * A GAN as two networks with their own parameters and updater state, trained by alternating updates
 * (Goodfellow et al. 2014, algorithm 1 with k = 1; the DCGAN recipe is the same):
 * <ol>
 *   <li>D step: {@code L_D = mean softplus(-D(x)) + mean softplus(D(G(z)))} (binary cross-entropy on logits,
 *       real images labelled 1, fakes 0); real and fake minibatches go through D separately, as in the DCGAN
 *       reference code, so batch norm sees one kind at a time; the two gradients are added and only D's
 *       updater steps. G runs in training mode but is not updated.</li>
 *   <li>G step: the non-saturating loss {@code L_G = mean softplus(-D(G(z)))} = {@code -log D(G(z))}; its gradient
 *       is backpropagated through D down to D's input and on into G; only G's updater steps. D's parameters
 *       (batch-norm running statistics included, which DL4J updates through the updater) do not change.</li>
 * </ol>
 * Image ranges: G's output is in [0, 1] (sigmoid) or [-1, 1] (tanh); {@link #toModelRange} maps real images in
 * [0, 1] to G's range, {@link #toUnitRange} maps G's images back.
 */
public final class Gan {
    private final GanFamily.Model spec;
    private final ExternalLossGraph generator;
    private final ExternalLossGraph discriminator;
    private final FeatureShape image;

    /** @param image the shape of one image: G's output, D's input */
    public Gan(GanFamily.Model spec, ExternalLossGraph generator, ExternalLossGraph discriminator, FeatureShape image) {
        this.spec = spec;
        this.generator = generator;
        this.discriminator = discriminator;
        this.image = image;
    }

    /** A fresh GAN of a registered model ({@code gan}, {@code dcgan}). */
    public static Gan create(ModelInfo model, ModelOptions options, double learningRate) {
        OneDnnHelpers.enable();
        ExternalLossGraph g = new ExternalLossGraph(GanFamily.generator(model, options, learningRate));
        g.init();
        ModelOptions dSeed = options.toBuilder().seed(options.seed() + 1).build();
        ExternalLossGraph d = new ExternalLossGraph(GanFamily.discriminator(model, dSeed, learningRate));
        d.init();
        return new Gan(GanFamily.model(model), g, d, options.input());
    }

    public ExternalLossGraph generator() {
        return generator;
    }

    public ExternalLossGraph discriminator() {
        return discriminator;
    }

    public GanFamily.Model spec() {
        return spec;
    }

    /** The shape of one image. */
    public FeatureShape image() {
        return image;
    }

    /** Losses and D's mean outputs (as probabilities) of one D step. */
    public record DiscriminatorStep(double loss, double realScore, double fakeScore) {
    }

    /** {@code n} noise vectors from the model's noise distribution. */
    public INDArray noise(int n, RandomGenerator rng) {
        return "normal".equals(spec.noise().distribution())
                ? Noise.normal(rng, n, spec.noise().size()) : Noise.uniform(rng, n, spec.noise().size());
    }

    /** Images [N, C, H, W] in G's range, G in inference mode (batch norm on running statistics). */
    public INDArray generate(INDArray noise) {
        return asImages(generator.output(false, noise)[0]);
    }

    /** Images [N, C, H, W] in [0, 1], G in inference mode. */
    public INDArray generateUnit(INDArray noise) {
        return toUnitRange(generate(noise));
    }

    /**
     * One D step.
     *
     * @param real  real images [B, C, H, W] in G's range ({@link #toModelRange})
     * @param noise G's input for the fakes [B', noise size]
     */
    public DiscriminatorStep discriminatorStep(INDArray real, INDArray noise) {
        long nr = real.size(0);
        INDArray realLogits = discriminator.forwardTrain(real)[0];
        double lossReal = Softplus.of(realLogits.neg()).sumNumber().doubleValue() / nr;
        INDArray realProb = Transforms.sigmoid(realLogits, true);
        discriminator.backward(realProb.sub(1.0).divi(nr));
        INDArray realGradient = discriminator.parameterGradient().dup();

        INDArray fake = asImages(generator.output(true, noise)[0]);
        long nf = fake.size(0);
        INDArray fakeLogits = discriminator.forwardTrain(fake)[0];
        double lossFake = Softplus.of(fakeLogits).sumNumber().doubleValue() / nf;
        INDArray fakeProb = Transforms.sigmoid(fakeLogits, true);
        discriminator.backward(fakeProb.div(nf));
        double loss = lossReal + lossFake;
        if (!Double.isFinite(loss)) {
            throw new NonFiniteLossException("discriminator loss is not finite (" + loss + ")");
        }
        discriminator.parameterGradient().addi(realGradient);
        discriminator.step();
        return new DiscriminatorStep(loss, realProb.meanNumber().doubleValue(), fakeProb.meanNumber().doubleValue());
    }

    /** One G step with the non-saturating loss; D is backpropagated through, never stepped. Returns L_G. */
    public double generatorStep(INDArray noise) {
        long n = noise.size(0);
        INDArray out = generator.forwardTrain(noise)[0];
        INDArray logits = discriminator.forwardTrain(asImages(out))[0];
        double loss = Softplus.of(logits.neg()).sumNumber().doubleValue() / n;
        if (!Double.isFinite(loss)) {
            throw new NonFiniteLossException("generator loss is not finite (" + loss + ")");
        }
        INDArray dLogits = Transforms.sigmoid(logits, true).subi(1.0).divi(n);
        INDArray dImage = discriminator.backward(dLogits)[0];
        generator.backward(dImage.reshape('c', out.shape()));
        generator.step();
        return loss;
    }

    /** Real images in [0, 1] mapped to G's range. */
    public INDArray toModelRange(INDArray unitImages) {
        return spec.tanhImages() ? unitImages.mul(2.0).subi(1.0) : unitImages;
    }

    /** G's images mapped to [0, 1]. */
    public INDArray toUnitRange(INDArray images) {
        return spec.tanhImages() ? images.add(1.0).divi(2.0) : images;
    }

    private INDArray asImages(INDArray out) {
        return out.rank() == 4 ? out : out.reshape('c', out.size(0), image.channels(), image.height(), image.width());
    }
}
