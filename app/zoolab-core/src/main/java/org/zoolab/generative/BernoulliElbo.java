package org.zoolab.generative;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The two terms of the VAE bound for a Bernoulli decoder and a diagonal Gaussian posterior, per image, and
 * their gradients (Kingma &amp; Welling 2014, appendix B and C.1):
 * <ul>
 *   <li>{@code log p(x|z) = sum_i x_i l_i - softplus(l_i)} for logits {@code l}, the same as
 *       {@code sum x log y + (1 - x) log(1 - y)} with {@code y = sigmoid(l)} but exact when {@code y} rounds to 0
 *       or 1; its gradient with respect to {@code l} is {@code x - sigmoid(l)}.</li>
 *   <li>{@code KL(N(mu, sigma^2) || N(0, 1)) = 1/2 sum_j (mu_j^2 + sigma_j^2 - 1 - log sigma_j^2)}; gradients
 *       {@code mu} and {@code (sigma^2 - 1) / 2} with respect to {@code mu} and {@code log sigma^2}.</li>
 * </ul>
 * Pixel intensities in [0, 1] are used as the Bernoulli targets, as in the paper's MNIST experiments.
 */
public final class BernoulliElbo {
    private BernoulliElbo() {
    }

    /** Per-image {@code log p(x|z)}, shape [batch]; {@code x} and {@code logits} are [batch, pixels]. */
    public static INDArray logLikelihood(INDArray x, INDArray logits) {
        return x.mul(logits).subi(Softplus.of(logits)).sum(1);
    }

    /** Gradient of the summed log-likelihood with respect to the logits: {@code x - sigmoid(l)}. */
    public static INDArray logLikelihoodGradient(INDArray x, INDArray logits) {
        return x.sub(Transforms.sigmoid(logits, true));
    }

    /** Per-image {@code KL(q || N(0, I))}, shape [batch]; {@code mu}, {@code logVar} are [batch, latent]. */
    public static INDArray kl(INDArray mu, INDArray logVar) {
        INDArray t = mu.mul(mu).addi(Transforms.exp(logVar, true)).subi(1.0).subi(logVar);
        return t.sum(1).muli(0.5);
    }

    /** Gradient of the KL with respect to {@code mu}: {@code mu}. */
    public static INDArray klGradientMu(INDArray mu) {
        return mu.dup();
    }

    /** Gradient of the KL with respect to {@code log sigma^2}: {@code (exp(logVar) - 1) / 2}. */
    public static INDArray klGradientLogVar(INDArray logVar) {
        return Transforms.exp(logVar, true).subi(1.0).muli(0.5);
    }
}
