package org.zoolab.data;

import java.util.Arrays;

/**
 * The U-Net weight map (Ronneberger, Fischer &amp; Brox 2015, section 3, equation 2):
 * {@code w(x) = w_c(x) + w0 * exp(-(d1(x) + d2(x))^2 / (2 sigma^2))}, with the paper's {@code w0 = 10} and
 * {@code sigma = 5} pixels by default ({@link #paper()}). It weights the per-pixel cross-entropy so that the
 * narrow background gaps between touching objects count much more than the rest.
 * <ul>
 *   <li>{@code w_c} balances the class frequencies of the mask it is computed from: a pixel of class c gets
 *       {@code N / (K * N_c)}, N the pixels of the image, N_c those of class c, K the number of classes present
 *       (so {@code w_c} averages to 1 over the image; a mask of one class only gets 1 everywhere). The paper
 *       does not say how it balances; per image is zoolab's choice.</li>
 *   <li>Objects are the connected components of the foreground (mask value != 0), 8-connected (pixels touching at
 *       a corner are one object).</li>
 *   <li>{@code d1}, {@code d2}: the Euclidean distance (between pixel centres) to the nearest pixel of the nearest
 *       and of the second nearest object, from an exact distance transform per object
 *       ({@link #distanceTransform}: Felzenszwalb &amp; Huttenlocher 2012, "Distance Transforms of Sampled
 *       Functions", two passes of the 1-D lower envelope of parabolas).</li>
 *   <li>The border term is added on <b>background pixels only</b>, as in the widely used re-implementations
 *       (the paper's figure 3d shows the weight in the gaps; on an object pixel d1 would be 0). With fewer than
 *       two objects there is no second distance: d2 is infinite and the border term is 0 everywhere, so the map
 *       is {@code w_c} alone.</li>
 * </ul>
 */
public final class BorderWeightMap {
    /** The paper's w0. */
    public static final double PAPER_W0 = 10.0;
    /** The paper's sigma, in pixels ("sigma approx 5 pixels"). */
    public static final double PAPER_SIGMA = 5.0;

    private final double w0;
    private final double sigma;

    /**
     * @param w0    weight of the border term, >= 0
     * @param sigma its width in pixels, > 0
     */
    public BorderWeightMap(double w0, double sigma) {
        if (!(w0 >= 0) || Double.isInfinite(w0)) throw new IllegalArgumentException("w0 must be finite and >= 0, got " + w0);
        if (!(sigma > 0) || Double.isInfinite(sigma)) throw new IllegalArgumentException("sigma must be finite and > 0, got " + sigma);
        this.w0 = w0;
        this.sigma = sigma;
    }

    /** The paper's map: w0 = 10, sigma = 5 pixels. */
    public static BorderWeightMap paper() {
        return new BorderWeightMap(PAPER_W0, PAPER_SIGMA);
    }

    public double w0() {
        return w0;
    }

    public double sigma() {
        return sigma;
    }

    /**
     * The weight of every pixel of a {@code height x width} mask (row-major; 0 background, anything else object).
     */
    public float[] weights(byte[] mask, int height, int width) {
        checkSize(mask.length, height, width);
        double[] wc = classBalance(mask);
        float[] w = new float[mask.length];
        int[] labels = new int[mask.length];
        int objects = components(mask, height, width, labels);
        if (objects < 2 || w0 == 0) {
            for (int p = 0; p < w.length; p++) w[p] = (float) wc[p];
            return w;
        }
        double[] d1 = new double[mask.length], d2 = new double[mask.length];
        Arrays.fill(d1, Double.POSITIVE_INFINITY);
        Arrays.fill(d2, Double.POSITIVE_INFINITY);
        boolean[] sites = new boolean[mask.length];
        for (int k = 1; k <= objects; k++) {
            for (int p = 0; p < sites.length; p++) sites[p] = labels[p] == k;
            double[] d = distanceTransform(sites, height, width);
            for (int p = 0; p < d.length; p++) {
                if (d[p] < d1[p]) {
                    d2[p] = d1[p];
                    d1[p] = d[p];
                } else if (d[p] < d2[p]) {
                    d2[p] = d[p];
                }
            }
        }
        double twoSigma2 = 2 * sigma * sigma;
        for (int p = 0; p < w.length; p++) {
            double border = 0;
            if (mask[p] == 0) {
                double s = d1[p] + d2[p];
                border = w0 * Math.exp(-s * s / twoSigma2);
            }
            w[p] = (float) (wc[p] + border);
        }
        return w;
    }

    /** The class-balancing term {@code w_c}: {@code N / (K * N_c)} for a pixel of class c (0 or object). */
    public static double[] classBalance(byte[] mask) {
        long objects = 0;
        for (byte b : mask) if (b != 0) objects++;
        long background = mask.length - objects;
        int present = (objects > 0 ? 1 : 0) + (background > 0 ? 1 : 0);
        double[] w = new double[mask.length];
        double n = mask.length;
        for (int p = 0; p < w.length; p++) {
            w[p] = n / (present * (double) (mask[p] != 0 ? objects : background));
        }
        return w;
    }

    /**
     * The 8-connected components of the foreground: {@code labels[p]} becomes 0 for background, 1 ... n for the
     * objects in the order their first pixel appears in row-major order; returns n.
     */
    public static int components(byte[] mask, int height, int width, int[] labels) {
        checkSize(mask.length, height, width);
        Arrays.fill(labels, 0);
        int n = 0;
        int[] stack = new int[mask.length];
        for (int start = 0; start < mask.length; start++) {
            if (mask[start] == 0 || labels[start] != 0) continue;
            n++;
            int top = 0;
            stack[top++] = start;
            labels[start] = n;
            while (top > 0) {
                int p = stack[--top];
                int y = p / width, x = p % width;
                for (int dy = -1; dy <= 1; dy++) {
                    int yy = y + dy;
                    if (yy < 0 || yy >= height) continue;
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = x + dx;
                        if (xx < 0 || xx >= width) continue;
                        int q = yy * width + xx;
                        if (mask[q] != 0 && labels[q] == 0) {
                            labels[q] = n;
                            stack[top++] = q;
                        }
                    }
                }
            }
        }
        return n;
    }

    /**
     * The exact Euclidean distance from every pixel to the nearest {@code sites} pixel (0 on a site; infinite
     * everywhere when there is no site): Felzenszwalb &amp; Huttenlocher's squared distance transform along the
     * columns, then along the rows, then the square root.
     */
    public static double[] distanceTransform(boolean[] sites, int height, int width) {
        checkSize(sites.length, height, width);
        double[] f = new double[sites.length];
        for (int p = 0; p < f.length; p++) f[p] = sites[p] ? 0 : Double.POSITIVE_INFINITY;
        int n = Math.max(height, width);
        double[] line = new double[n], out = new double[n], z = new double[n + 1];
        int[] v = new int[n];
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) line[y] = f[y * width + x];
            squaredDistance1d(line, height, out, v, z);
            for (int y = 0; y < height; y++) f[y * width + x] = out[y];
        }
        for (int y = 0; y < height; y++) {
            System.arraycopy(f, y * width, line, 0, width);
            squaredDistance1d(line, width, out, v, z);
            for (int x = 0; x < width; x++) f[y * width + x] = Math.sqrt(out[x]);
        }
        return f;
    }

    /**
     * {@code out[q] = min_p (q - p)^2 + f[p]} over the {@code n} first entries: the lower envelope of the
     * parabolas rooted at the finite {@code f[p]} (infinite ones are left out, so a line without any gives
     * infinity everywhere).
     */
    static void squaredDistance1d(double[] f, int n, double[] out, int[] v, double[] z) {
        int k = -1;
        for (int q = 0; q < n; q++) {
            if (f[q] == Double.POSITIVE_INFINITY) continue;
            if (k < 0) {
                k = 0;
                v[0] = q;
                z[0] = Double.NEGATIVE_INFINITY;
                z[1] = Double.POSITIVE_INFINITY;
                continue;
            }
            double s = intersection(f, q, v[k]);
            while (s <= z[k]) {
                k--;
                s = intersection(f, q, v[k]);
            }
            k++;
            v[k] = q;
            z[k] = s;
            z[k + 1] = Double.POSITIVE_INFINITY;
        }
        if (k < 0) {
            Arrays.fill(out, 0, n, Double.POSITIVE_INFINITY);
            return;
        }
        int j = 0;
        for (int q = 0; q < n; q++) {
            while (z[j + 1] < q) j++;
            double d = q - v[j];
            out[q] = d * d + f[v[j]];
        }
    }

    private static double intersection(double[] f, int q, int p) {
        return ((f[q] + (double) q * q) - (f[p] + (double) p * p)) / (2.0 * (q - p));
    }

    private static void checkSize(int length, int height, int width) {
        if (height < 1 || width < 1 || (long) height * width != length) {
            throw new IllegalArgumentException("a " + height + "x" + width + " map needs " + (long) height * width + " pixels, got " + length);
        }
    }
}
