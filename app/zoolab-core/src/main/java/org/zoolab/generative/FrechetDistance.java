package org.zoolab.generative;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The Fréchet distance between two Gaussians fitted to feature vectors (Heusel et al. 2017's FID, here in any
 * feature space): {@code |m1 - m2|^2 + tr(S1) + tr(S2) - 2 tr((S1 S2)^(1/2))}.
 * <p>
 * The trace of the square root uses symmetric eigen-decompositions only: with {@code R = S1^(1/2)},
 * {@code S1 S2 = R (R S2 R) R^-1} is similar to the symmetric positive semi-definite {@code R S2 R}, so
 * {@code tr((S1 S2)^(1/2))} is the sum of the square roots of its eigenvalues. Negative eigenvalues from
 * rounding are clipped to 0. All in double precision (commons-math3).
 */
public final class FrechetDistance {
    private FrechetDistance() {
    }

    /** Mean and covariance (unbiased, divisor n - 1) of feature rows. */
    public record Gaussian(double[] mean, RealMatrix covariance, int samples) {
    }

    /** Fits a Gaussian to {@code features} [n, d], n at least 2. */
    public static Gaussian fit(INDArray features) {
        if (features.rank() != 2 || features.size(0) < 2) {
            throw new IllegalArgumentException("expected at least 2 feature rows [n, d], got " + java.util.Arrays.toString(features.shape()));
        }
        int n = (int) features.size(0), d = (int) features.size(1);
        double[][] x = features.castTo(DataType.DOUBLE).toDoubleMatrix();
        double[] mean = new double[d];
        for (double[] row : x) for (int j = 0; j < d; j++) mean[j] += row[j];
        for (int j = 0; j < d; j++) mean[j] /= n;
        double[][] cov = new double[d][d];
        for (double[] row : x) {
            for (int i = 0; i < d; i++) {
                double ci = row[i] - mean[i];
                if (ci == 0) continue;
                for (int j = i; j < d; j++) cov[i][j] += ci * (row[j] - mean[j]);
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                cov[i][j] /= (n - 1);
                cov[j][i] = cov[i][j];
            }
        }
        return new Gaussian(mean, new Array2DRowRealMatrix(cov, false), n);
    }

    /** The distance between two fitted Gaussians of the same dimension. */
    public static double between(Gaussian a, Gaussian b) {
        int d = a.mean().length;
        if (b.mean().length != d) throw new IllegalArgumentException("dimensions differ: " + d + " vs " + b.mean().length);
        double meanTerm = 0;
        for (int i = 0; i < d; i++) {
            double diff = a.mean()[i] - b.mean()[i];
            meanTerm += diff * diff;
        }
        RealMatrix root = symmetricSqrt(a.covariance());
        RealMatrix inner = root.multiply(b.covariance()).multiply(root);
        double traceSqrt = 0;
        for (double ev : eigenvalues(symmetrise(inner))) traceSqrt += Math.sqrt(Math.max(ev, 0));
        return meanTerm + a.covariance().getTrace() + b.covariance().getTrace() - 2 * traceSqrt;
    }

    /** The distance between the Gaussians of two feature sets [n, d] and [m, d]. */
    public static double between(INDArray featuresA, INDArray featuresB) {
        return between(fit(featuresA), fit(featuresB));
    }

    private static RealMatrix symmetricSqrt(RealMatrix s) {
        EigenDecomposition e = new EigenDecomposition(symmetrise(s));
        double[] ev = e.getRealEigenvalues();
        RealMatrix v = e.getV();
        int d = ev.length;
        double[][] scaled = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int k = 0; k < d; k++) scaled[i][k] = v.getEntry(i, k) * Math.sqrt(Math.max(ev[k], 0));
        }
        return new Array2DRowRealMatrix(scaled, false).multiply(v.transpose());
    }

    private static double[] eigenvalues(RealMatrix symmetric) {
        return new EigenDecomposition(symmetric).getRealEigenvalues();
    }

    private static RealMatrix symmetrise(RealMatrix m) {
        return m.add(m.transpose()).scalarMultiply(0.5);
    }
}
