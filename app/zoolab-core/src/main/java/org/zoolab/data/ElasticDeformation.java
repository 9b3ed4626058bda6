package org.zoolab.data;

import java.util.random.RandomGenerator;

/**
 * U-Net's elastic deformation (Ronneberger, Fischer &amp; Brox 2015, section 3.1): "random displacement vectors
 * on a coarse 3 by 3 grid. The displacements are sampled from a Gaussian distribution with 10 pixels standard
 * deviation. Per-pixel displacements are then computed using bicubic interpolation."
 * <ul>
 *   <li>The 3x3 nodes sit on the corners, edge midpoints and centre of the image: node (i, j) at row
 *       {@code i (H - 1) / 2}, column {@code j (W - 1) / 2}. Each gets a displacement (dy, dx), both components
 *       drawn from N(0, sigma^2) in node order (row by row, dy before dx).</li>
 *   <li>Per-pixel displacements: separable bicubic convolution (Keys 1981, a = -0.5, Catmull-Rom) over the nodes,
 *       the grid extended by repeating its edge nodes. The kernel interpolates: at a node the displacement is the
 *       node's vector exactly.</li>
 *   <li>Output pixel (y, x) takes the input at (y + dy, x + dx) (backward mapping), clamped to the image: the
 *       image bilinearly, the mask by nearest neighbour (round half up), so its values stay the input's
 *       (a 0/1 mask stays 0/1). Image and mask go through the same {@link Field}.</li>
 * </ul>
 * A sigma of 0 is no deformation ({@link #isIdentity()}); a field of zeros gives back the input exactly.
 */
public final class ElasticDeformation {
    /** Nodes per side of the coarse grid (the paper's 3 by 3). */
    public static final int GRID = 3;
    /** The paper's standard deviation of the node displacements, in pixels. */
    public static final double PAPER_SIGMA = 10.0;
    private static final double A = -0.5;

    private final double sigma;

    /** @param sigma standard deviation of the node displacements in pixels, >= 0 (0: off) */
    public ElasticDeformation(double sigma) {
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("elastic deformation sigma must be finite and >= 0 pixels, got " + sigma);
        }
        this.sigma = sigma;
    }

    public double sigma() {
        return sigma;
    }

    /** True when sigma is 0: {@link #sample} gives the zero field. */
    public boolean isIdentity() {
        return sigma == 0;
    }

    /** Draws the node displacements for a {@code height x width} image: {@code GRID*GRID} (dy, dx) pairs. */
    public Field sample(int height, int width, RandomGenerator rng) {
        double[][][] nodes = new double[GRID][GRID][2];
        for (int i = 0; i < GRID; i++) {
            for (int j = 0; j < GRID; j++) {
                nodes[i][j][0] = sigma == 0 ? 0 : rng.nextGaussian() * sigma;
                nodes[i][j][1] = sigma == 0 ? 0 : rng.nextGaussian() * sigma;
            }
        }
        return new Field(height, width, nodes);
    }

    /**
     * A displacement field: the node vectors of a {@code height x width} image and the per-pixel displacements
     * interpolated from them.
     */
    public static final class Field {
        private final int height;
        private final int width;
        private final double[][][] nodes;
        private final double[] dy;
        private final double[] dx;

        /** @param nodes {@code [GRID][GRID][2]}: (dy, dx) at node (row i, column j) */
        public Field(int height, int width, double[][][] nodes) {
            if (height < 2 || width < 2) throw new IllegalArgumentException("an image to deform needs at least 2x2 pixels, got " + height + "x" + width);
            if (nodes.length != GRID) throw new IllegalArgumentException("expected " + GRID + " node rows, got " + nodes.length);
            this.height = height;
            this.width = width;
            this.nodes = new double[GRID][GRID][2];
            for (int i = 0; i < GRID; i++) {
                for (int j = 0; j < GRID; j++) {
                    this.nodes[i][j][0] = nodes[i][j][0];
                    this.nodes[i][j][1] = nodes[i][j][1];
                }
            }
            dy = new double[height * width];
            dx = new double[height * width];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    double[] d = at(y, x);
                    dy[y * width + x] = d[0];
                    dx[y * width + x] = d[1];
                }
            }
        }

        public int height() {
            return height;
        }

        public int width() {
            return width;
        }

        /** The vector (dy, dx) of node (i, j). */
        public double[] node(int i, int j) {
            return nodes[i][j].clone();
        }

        /** Row of node row i (0 .. GRID-1) in pixels. */
        public double nodeRow(int i) {
            return i * (height - 1) / (double) (GRID - 1);
        }

        /** Column of node column j in pixels. */
        public double nodeColumn(int j) {
            return j * (width - 1) / (double) (GRID - 1);
        }

        /** The interpolated displacement (dy, dx) at a point of the image (row y, column x, in pixels). */
        public double[] at(double y, double x) {
            double u = y * (GRID - 1) / (height - 1), v = x * (GRID - 1) / (width - 1);
            int iu = (int) Math.floor(u), iv = (int) Math.floor(v);
            double[] out = new double[2];
            for (int a = iu - 1; a <= iu + 2; a++) {
                double ka = keys(u - a);
                if (ka == 0) continue;
                int i = Math.max(0, Math.min(GRID - 1, a));
                for (int b = iv - 1; b <= iv + 2; b++) {
                    double kb = keys(v - b);
                    if (kb == 0) continue;
                    int j = Math.max(0, Math.min(GRID - 1, b));
                    out[0] += ka * kb * nodes[i][j][0];
                    out[1] += ka * kb * nodes[i][j][1];
                }
            }
            return out;
        }

        /** Vertical displacement of pixel (y, x). */
        public double dy(int y, int x) {
            return dy[y * width + x];
        }

        /** Horizontal displacement of pixel (y, x). */
        public double dx(int y, int x) {
            return dx[y * width + x];
        }

        /** Deforms a CHW image of {@code channels} planes of this field's size: bilinear sampling, clamped to the edges. */
        public float[] warpImage(float[] chw, int channels) {
            int plane = height * width;
            if (chw.length != channels * plane) {
                throw new IllegalArgumentException("expected " + channels + "x" + height + "x" + width + " values, got " + chw.length);
            }
            float[] out = new float[chw.length];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int p = y * width + x;
                    double sy = clamp(y + dy[p], height - 1), sx = clamp(x + dx[p], width - 1);
                    int y0 = (int) Math.floor(sy), x0 = (int) Math.floor(sx);
                    int y1 = Math.min(y0 + 1, height - 1), x1 = Math.min(x0 + 1, width - 1);
                    double fy = sy - y0, fx = sx - x0;
                    for (int c = 0; c < channels; c++) {
                        int o = c * plane;
                        double top = chw[o + y0 * width + x0] * (1 - fx) + chw[o + y0 * width + x1] * fx;
                        double bottom = chw[o + y1 * width + x0] * (1 - fx) + chw[o + y1 * width + x1] * fx;
                        out[o + p] = (float) (top * (1 - fy) + bottom * fy);
                    }
                }
            }
            return out;
        }

        /** Deforms a mask of this field's size by nearest-neighbour sampling (values are only ever copied). */
        public byte[] warpMask(byte[] mask) {
            if (mask.length != height * width) {
                throw new IllegalArgumentException("expected a " + height + "x" + width + " mask, got " + mask.length + " values");
            }
            byte[] out = new byte[mask.length];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int p = y * width + x;
                    int sy = (int) Math.floor(clamp(y + dy[p], height - 1) + 0.5);
                    int sx = (int) Math.floor(clamp(x + dx[p], width - 1) + 0.5);
                    out[p] = mask[Math.min(sy, height - 1) * width + Math.min(sx, width - 1)];
                }
            }
            return out;
        }
    }

    private static double clamp(double v, int max) {
        return v < 0 ? 0 : Math.min(v, max);
    }

    /** Keys' cubic convolution kernel with a = -0.5: 1 at 0, 0 at the other integers, 0 beyond 2. */
    static double keys(double s) {
        double t = Math.abs(s);
        if (t <= 1) return ((A + 2) * t - (A + 3)) * t * t + 1;
        if (t < 2) return ((A * t - 5 * A) * t + 8 * A) * t - 4 * A;
        return 0;
    }
}
