package org.zoolab.generative;

/**
 * The evidence lower bound of a VAE in nats per image, with its two terms apart:
 * {@code elbo = reconstruction - kl}, where {@code reconstruction = E_q[log p(x|z)]} (at most 0 for a Bernoulli
 * decoder) and {@code kl = KL(q(z|x) || p(z))} (at least 0). Higher is better; Kingma &amp; Welling report it
 * as "lower bound" (about -100 nats on MNIST with 20 latents).
 *
 * @param reconstruction mean over images of log p(x|z), one sample z ~ q(z|x) per image
 * @param kl             mean over images of the analytic KL divergence to the N(0, I) prior
 * @param images         how many images the means are over
 */
public record ElboTerms(double reconstruction, double kl, long images) {

    /** The bound: reconstruction - kl. */
    public double elbo() {
        return reconstruction - kl;
    }

    /** The negative bound, what training minimises. */
    public double loss() {
        return kl - reconstruction;
    }

    /** True if both terms are finite numbers. */
    public boolean finite() {
        return Double.isFinite(reconstruction) && Double.isFinite(kl);
    }

    /** The image-weighted mean of two sets of terms. */
    public ElboTerms plus(ElboTerms other) {
        long n = images + other.images;
        if (n == 0) return this;
        return new ElboTerms((reconstruction * images + other.reconstruction * other.images) / n,
                (kl * images + other.kl * other.images) / n, n);
    }

    /** No images yet. */
    public static ElboTerms empty() {
        return new ElboTerms(0, 0, 0);
    }
}
