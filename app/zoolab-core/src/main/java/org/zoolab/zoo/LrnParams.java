package org.zoolab.zoo;

/**
 * Local response normalisation as Krizhevsky et al. 2012 (section 3.3) write it:
 * {@code b_i = a_i / (k + alpha * sum_{j=i-n/2}^{i+n/2} a_j^2)^beta}, the sum over {@code n} adjacent channels.
 * DL4J's CPU layer computes exactly this ({@code alpha} is not divided by {@code n}, unlike Caffe's and
 * PyTorch's {@code LocalResponseNorm}, which would need {@code alpha = 5e-4} for the same result).
 */
public record LrnParams(double k, int n, double alpha, double beta) {
    public LrnParams {
        if (n < 1 || n % 2 == 0) throw new IllegalArgumentException("n must be a positive odd number, got " + n);
        if (!(k > 0) || !(alpha >= 0) || !(beta > 0)) {
            throw new IllegalArgumentException("k and beta must be positive and alpha not negative, got k=" + k
                    + ", alpha=" + alpha + ", beta=" + beta);
        }
    }
}
