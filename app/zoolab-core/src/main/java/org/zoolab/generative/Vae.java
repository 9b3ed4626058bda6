package org.zoolab.generative;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.zoolab.backend.OneDnnHelpers;
import org.zoolab.zoo.FeatureShape;
import org.zoolab.zoo.ModelInfo;
import org.zoolab.zoo.ModelOptions;
import org.zoolab.zoo.VaeFamily;

import java.util.random.RandomGenerator;

/**
 * A variational autoencoder: encoder q(z|x) and Bernoulli decoder p(x|z) as two DL4J graphs, trained on the
 * negative ELBO with one reparameterised sample per image (Kingma &amp; Welling 2014, algorithm 1 with L = 1).
 * <p>
 * One step: {@code [mu | log sigma^2] = encoder(x)}, {@code z = mu + sigma * eps},
 * {@code logits = decoder(z)}; loss {@code = mean(KL - log p(x|z))} ({@link BernoulliElbo}); the decoder's
 * input gradient dL/dz flows to mu ({@code dL/dz}) and to log sigma^2 ({@code dL/dz * eps * sigma / 2}), to which
 * the KL's own gradients are added; then each half applies its own updater.
 */
public final class Vae {
    private final ExternalLossGraph encoder;
    private final ExternalLossGraph decoder;
    private final int latent;
    private final FeatureShape image;

    /**
     * @param encoder image [B, C, H, W] to [B, 2 * latent] ({@code mu} then {@code log sigma^2})
     * @param decoder latent [B, latent] to Bernoulli logits [B, C * H * W]
     * @param image   the shape C x H x W of one image
     */
    public Vae(ExternalLossGraph encoder, ExternalLossGraph decoder, int latent, FeatureShape image) {
        this.encoder = encoder;
        this.decoder = decoder;
        this.latent = latent;
        this.image = image;
    }

    /** The shape of one image. */
    public FeatureShape image() {
        return image;
    }

    /** A fresh VAE of a registered model ({@code vae}, {@code vae-2d}) with freshly initialised weights. */
    public static Vae create(ModelInfo model, ModelOptions options, double learningRate) {
        OneDnnHelpers.enable();
        ExternalLossGraph enc = new ExternalLossGraph(VaeFamily.encoder(model, options, learningRate));
        enc.init();
        ModelOptions decoderSeed = options.toBuilder().seed(options.seed() + 1).build();
        ExternalLossGraph dec = new ExternalLossGraph(VaeFamily.decoder(model, decoderSeed, learningRate));
        dec.init();
        return new Vae(enc, dec, VaeFamily.latent(model), options.input());
    }

    public ExternalLossGraph encoder() {
        return encoder;
    }

    public ExternalLossGraph decoder() {
        return decoder;
    }

    public int latent() {
        return latent;
    }

    /**
     * Computes the bound of a minibatch and leaves the gradients of {@code mean(KL - log p(x|z))} in both halves,
     * without changing a weight.
     *
     * @param x   images [B, C, H, W] in [0, 1]
     * @param eps standard normal [B, latent], the reparameterisation noise
     */
    public ElboTerms computeGradients(INDArray x, INDArray eps) {
        long b = x.size(0);
        INDArray target = flat(x);
        INDArray q = encoder.forwardTrain(x)[0];
        INDArray mu = q.get(NDArrayIndex.all(), NDArrayIndex.interval(0, latent)).dup();
        INDArray logVar = q.get(NDArrayIndex.all(), NDArrayIndex.interval(latent, 2L * latent)).dup();
        INDArray sigma = Transforms.exp(logVar.mul(0.5), false);
        INDArray z = sigma.mul(eps).addi(mu);
        INDArray logits = decoder.forwardTrain(z)[0];
        double logLik = BernoulliElbo.logLikelihood(target, logits).sumNumber().doubleValue() / b;
        double kl = BernoulliElbo.kl(mu, logVar).sumNumber().doubleValue() / b;

        INDArray dLogits = BernoulliElbo.logLikelihoodGradient(target, logits).negi().divi(b);
        INDArray dz = decoder.backward(dLogits)[0];
        INDArray dMu = dz.add(BernoulliElbo.klGradientMu(mu).divi(b));
        INDArray dLogVar = dz.mul(eps).muli(sigma).muli(0.5).addi(BernoulliElbo.klGradientLogVar(logVar).divi(b));
        encoder.backward(Nd4j.hstack(dMu, dLogVar));
        return new ElboTerms(logLik, kl, b);
    }

    /**
     * One training step on a minibatch. When the loss is not finite no weight changes and
     * {@link NonFiniteLossException} is thrown.
     */
    public ElboTerms trainStep(INDArray x, INDArray eps) {
        ElboTerms t = computeGradients(x, eps);
        if (!t.finite()) {
            throw new NonFiniteLossException("VAE loss is not finite (reconstruction " + t.reconstruction() + ", KL " + t.kl() + ")");
        }
        encoder.step();
        decoder.step();
        return t;
    }

    /** The bound of a minibatch in inference mode, one posterior sample per image from {@code eps}; no gradients. */
    public ElboTerms evaluate(INDArray x, INDArray eps) {
        long b = x.size(0);
        INDArray[] post = posterior(x);
        INDArray z = Transforms.exp(post[1].mul(0.5), false).muli(eps).addi(post[0]);
        INDArray logits = decoder.output(false, z)[0];
        double logLik = BernoulliElbo.logLikelihood(flat(x), logits).sumNumber().doubleValue() / b;
        double kl = BernoulliElbo.kl(post[0], post[1]).sumNumber().doubleValue() / b;
        return new ElboTerms(logLik, kl, b);
    }

    /** The bound over a whole image set, in minibatches of {@code batch}, noise from {@code rng}. */
    public ElboTerms evaluate(ImageSet images, int batch, RandomGenerator rng) {
        ElboTerms total = ElboTerms.empty();
        for (int from = 0; from < images.size(); from += batch) {
            int to = Math.min(images.size(), from + batch);
            total = total.plus(evaluate(images.images(from, to), Noise.normal(rng, to - from, latent)));
        }
        return total;
    }

    /** The posterior's {@code mu} and {@code log sigma^2}, each [B, latent]. */
    public INDArray[] posterior(INDArray x) {
        INDArray q = encoder.output(false, x)[0];
        return new INDArray[]{
                q.get(NDArrayIndex.all(), NDArrayIndex.interval(0, latent)).dup(),
                q.get(NDArrayIndex.all(), NDArrayIndex.interval(latent, 2L * latent)).dup()};
    }

    /** The decoder's Bernoulli means for latent points [N, latent], as images [N, C, H, W] in [0, 1]. */
    public INDArray decode(INDArray z) {
        INDArray p = Transforms.sigmoid(decoder.output(false, z)[0], false);
        return p.reshape('c', z.size(0), image.channels(), image.height(), image.width());
    }

    /** Reconstructions (decoded posterior means) of images [B, C, H, W]. */
    public INDArray reconstruct(INDArray x) {
        return decode(posterior(x)[0]);
    }

    /** {@code n} samples from the prior, decoded to Bernoulli means. */
    public INDArray sample(int n, RandomGenerator rng) {
        return decode(Noise.normal(rng, n, latent));
    }

    /**
     * The 2-D latent manifold (Kingma &amp; Welling, figure 4): a {@code steps x steps} grid of latent points at
     * the normal distribution's quantiles {@code (i + 0.5) / steps}, decoded; row by row, z2 decreasing downwards.
     */
    public INDArray manifold(int steps) {
        if (latent != 2) {
            throw new org.zoolab.BadInputException("the manifold picture needs a 2-D latent space; this VAE has " + latent + " latents (train vae-2d)");
        }
        NormalDistribution normal = new NormalDistribution(0, 1);
        float[] z = new float[steps * steps * 2];
        for (int row = 0; row < steps; row++) {
            for (int col = 0; col < steps; col++) {
                int i = row * steps + col;
                z[2 * i] = (float) normal.inverseCumulativeProbability((col + 0.5) / steps);
                z[2 * i + 1] = (float) normal.inverseCumulativeProbability(1 - (row + 0.5) / steps);
            }
        }
        return decode(Nd4j.create(z, new long[]{(long) steps * steps, 2}, 'c'));
    }

    private static INDArray flat(INDArray x) {
        return x.reshape('c', x.size(0), x.length() / x.size(0));
    }
}
