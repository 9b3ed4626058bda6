package org.zoolab.data;

import java.util.random.RandomGenerator;

/**
 * AlexNet's colour augmentation: adds {@code [p1 p2 p3] [a1 l1, a2 l2, a3 l3]^T} to every RGB pixel, where
 * {@code p_i, l_i} are the eigenvectors and eigenvalues of the 3x3 covariance of the training set's RGB values
 * and {@code a_i ~ N(0, sigma^2)} is drawn once per image (sigma = 0.1 in the paper). As in the paper and in
 * fb.resnet.torch, the covariance is of values scaled to [0, 1]; the offset is multiplied by 255 to be added in
 * pixel units. Draws exactly three numbers per sample.
 */
public final class PcaColorNoise implements Transform {
    private final double sigma;
    private final double[] eigenvalues;
    private final double[][] eigenvectors;

    /**
     * @param eigenvalues  of the covariance of RGB values in [0, 1]
     * @param eigenvectors {@code eigenvectors[i]} is the unit eigenvector (r, g, b) of {@code eigenvalues[i]}
     */
    public PcaColorNoise(double sigma, double[] eigenvalues, double[][] eigenvectors) {
        if (!(sigma >= 0)) {
            throw new IllegalArgumentException("sigma must be >= 0, not " + sigma);
        }
        if (eigenvalues.length != 3 || eigenvectors.length != 3) {
            throw new IllegalArgumentException("PCA colour noise needs 3 eigen-pairs");
        }
        this.sigma = sigma;
        this.eigenvalues = eigenvalues.clone();
        this.eigenvectors = new double[3][];
        for (int i = 0; i < 3; i++) {
            this.eigenvectors[i] = eigenvectors[i].clone();
        }
    }

    /** The RGB offset (pixel units) for the given draws {@code alpha}. */
    public float[] offset(double[] alpha) {
        float[] rgb = new float[3];
        for (int c = 0; c < 3; c++) {
            double v = 0;
            for (int i = 0; i < 3; i++) {
                v += alpha[i] * eigenvalues[i] * eigenvectors[i][c];
            }
            rgb[c] = (float) (255.0 * v);
        }
        return rgb;
    }

    @Override
    public void apply(Sample s, RandomGenerator rng) {
        FloatImage img = s.image();
        if (img.channels() != 3) {
            throw new IllegalStateException("PCA colour noise needs an RGB image, not " + img.shape());
        }
        double[] alpha = {rng.nextGaussian() * sigma, rng.nextGaussian() * sigma, rng.nextGaussian() * sigma};
        float[] off = offset(alpha);
        float[] d = img.data();
        int plane = img.height() * img.width();
        for (int c = 0; c < 3; c++) {
            float o = off[c];
            for (int i = c * plane, end = i + plane; i < end; i++) {
                d[i] += o;
            }
        }
    }

    @Override
    public boolean isRandom() {
        return sigma > 0;
    }

    @Override
    public int[] outputSize(int[] in) {
        return in;
    }

    @Override
    public String describe() {
        return "pca-color-noise sigma=" + sigma;
    }
}
