package org.zoolab.data;

/**
 * Resizing. Images: separable bilinear (triangle) filter whose support widens with the reduction factor, so a
 * large reduction averages every source pixel instead of aliasing (what PIL's {@code BILINEAR} and
 * torchvision's {@code antialias=True} do). Masks: nearest neighbour, so class indices are never blended.
 */
public final class Resampler {
    private Resampler() {
    }

    /** Resizes each channel of an image to {@code height x width}. */
    public static FloatImage bilinear(FloatImage in, int height, int width) {
        if (in.height() == height && in.width() == width) {
            return in;
        }
        Coefficients cx = Coefficients.of(in.width(), width);
        Coefficients cy = Coefficients.of(in.height(), height);
        int c = in.channels();
        int ih = in.height();
        int iw = in.width();
        float[] src = in.data();
        float[] tmp = new float[c * ih * width];
        // horizontal pass: rows of iw -> width
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < ih; y++) {
                int rowIn = (ch * ih + y) * iw;
                int rowOut = (ch * ih + y) * width;
                for (int x = 0; x < width; x++) {
                    int start = cx.start[x];
                    int n = cx.length[x];
                    int wo = x * cx.stride;
                    float sum = 0;
                    for (int k = 0; k < n; k++) {
                        sum += src[rowIn + start + k] * cx.weights[wo + k];
                    }
                    tmp[rowOut + x] = sum;
                }
            }
        }
        // vertical pass: columns of ih -> height
        float[] out = new float[c * height * width];
        for (int ch = 0; ch < c; ch++) {
            int planeIn = ch * ih * width;
            int planeOut = ch * height * width;
            for (int y = 0; y < height; y++) {
                int start = cy.start[y];
                int n = cy.length[y];
                int wo = y * cy.stride;
                int rowOut = planeOut + y * width;
                for (int k = 0; k < n; k++) {
                    float wk = cy.weights[wo + k];
                    int rowIn = planeIn + (start + k) * width;
                    for (int x = 0; x < width; x++) {
                        out[rowOut + x] += tmp[rowIn + x] * wk;
                    }
                }
            }
        }
        return new FloatImage(c, height, width, out);
    }

    /** Nearest-neighbour resize (for masks): output pixel i takes source pixel floor((i + 0.5) * in / out). */
    public static FloatImage nearest(FloatImage in, int height, int width) {
        if (in.height() == height && in.width() == width) {
            return in;
        }
        int[] xs = new int[width];
        for (int x = 0; x < width; x++) {
            xs[x] = Math.min(in.width() - 1, (int) ((x + 0.5) * in.width() / width));
        }
        FloatImage out = new FloatImage(in.channels(), height, width);
        for (int c = 0; c < in.channels(); c++) {
            for (int y = 0; y < height; y++) {
                int sy = Math.min(in.height() - 1, (int) ((y + 0.5) * in.height() / height));
                for (int x = 0; x < width; x++) {
                    out.set(c, y, x, in.get(c, sy, xs[x]));
                }
            }
        }
        return out;
    }

    /** Filter taps for one axis: output i reads {@code length[i]} inputs from {@code start[i]}. */
    private static final class Coefficients {
        final int[] start;
        final int[] length;
        final float[] weights;
        final int stride;

        private Coefficients(int[] start, int[] length, float[] weights, int stride) {
            this.start = start;
            this.length = length;
            this.weights = weights;
            this.stride = stride;
        }

        static Coefficients of(int inSize, int outSize) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = filterScale; // triangle filter of radius 1, stretched when reducing
            int stride = (int) Math.ceil(support) * 2 + 1;
            int[] start = new int[outSize];
            int[] length = new int[outSize];
            float[] weights = new float[outSize * stride];
            for (int i = 0; i < outSize; i++) {
                double center = (i + 0.5) * scale;
                int lo = Math.max(0, (int) Math.floor(center - support + 0.5));
                int hi = Math.min(inSize, (int) Math.floor(center + support + 0.5));
                int n = Math.min(hi - lo, stride);
                double total = 0;
                double[] w = new double[n];
                for (int k = 0; k < n; k++) {
                    double d = Math.abs((lo + k + 0.5 - center) / filterScale);
                    w[k] = d < 1 ? 1 - d : 0;
                    total += w[k];
                }
                for (int k = 0; k < n; k++) {
                    weights[i * stride + k] = (float) (total > 0 ? w[k] / total : (k == 0 ? 1 : 0));
                }
                start[i] = lo;
                length[i] = n;
            }
            return new Coefficients(start, length, weights, stride);
        }
    }
}
