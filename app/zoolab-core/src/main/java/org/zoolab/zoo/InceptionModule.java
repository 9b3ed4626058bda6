package org.zoolab.zoo;

/**
 * The Inception module of Szegedy et al. 2014, figure 2. Parallel branches over the same input, concatenated
 * along channels (1x1, 3x3, 5x5, pool, in that order); every convolution is followed by a ReLU and padded to
 * keep the spatial size.
 * <ul>
 *   <li>{@link #add}: figure 2(b), "with dimension reductions": 1x1; 1x1 reduce → 3x3; 1x1 reduce → 5x5 (a true
 *       5x5, not torchvision's 3x3); 3x3/1 max pool → 1x1 projection. Used by GoogLeNet (Table 1).</li>
 *   <li>{@link #addNaive}: figure 2(a): 1x1, 3x3 and 5x5 convolutions and a 3x3/1 max pool, no reductions; the
 *       pool branch passes the input's channels through, so the output grows with every module.</li>
 * </ul>
 * Vertex names: {@code name.1x1}, {@code name.3x3_reduce}, {@code name.3x3}, {@code name.5x5_reduce},
 * {@code name.5x5}, {@code name.pool}, {@code name.pool_proj}; the concatenation is the vertex {@code name}.
 */
public final class InceptionModule {
    private InceptionModule() {
    }

    /**
     * The filter counts of one module, as the columns of Table 1.
     *
     * @param n1x1       "#1x1"
     * @param n3x3Reduce "#3x3 reduce"
     * @param n3x3       "#3x3"
     * @param n5x5Reduce "#5x5 reduce"
     * @param n5x5       "#5x5"
     * @param poolProj   "pool proj"
     */
    public record Widths(int n1x1, int n3x3Reduce, int n3x3, int n5x5Reduce, int n5x5, int poolProj) {
        /** Output channels: {@code n1x1 + n3x3 + n5x5 + poolProj}. */
        public int outChannels() {
            return n1x1 + n3x3 + n5x5 + poolProj;
        }
    }

    /** Figure 2(b); returns the output vertex ({@code name}). */
    public static String add(TrackedGraph g, String name, String input, Widths w, boolean batchNorm) {
        String b1 = ConvUnit.add(g, name + ".1x1", input, w.n1x1(), 1, 1, 0, batchNorm, true);
        String b2 = ConvUnit.add(g, name + ".3x3_reduce", input, w.n3x3Reduce(), 1, 1, 0, batchNorm, true);
        b2 = ConvUnit.add(g, name + ".3x3", b2, w.n3x3(), 3, 1, 1, batchNorm, true);
        String b3 = ConvUnit.add(g, name + ".5x5_reduce", input, w.n5x5Reduce(), 1, 1, 0, batchNorm, true);
        b3 = ConvUnit.add(g, name + ".5x5", b3, w.n5x5(), 5, 1, 2, batchNorm, true);
        String b4 = g.maxPool(name + ".pool", input, 3, 1, 1);
        b4 = ConvUnit.add(g, name + ".pool_proj", b4, w.poolProj(), 1, 1, 0, batchNorm, true);
        return g.concat(name, b1, b2, b3, b4);
    }

    /** Figure 2(a); returns the output vertex ({@code name}), {@code n1x1 + n3x3 + n5x5 + input channels} deep. */
    public static String addNaive(TrackedGraph g, String name, String input, int n1x1, int n3x3, int n5x5,
                                  boolean batchNorm) {
        String b1 = ConvUnit.add(g, name + ".1x1", input, n1x1, 1, 1, 0, batchNorm, true);
        String b2 = ConvUnit.add(g, name + ".3x3", input, n3x3, 3, 1, 1, batchNorm, true);
        String b3 = ConvUnit.add(g, name + ".5x5", input, n5x5, 5, 1, 2, batchNorm, true);
        String b4 = g.maxPool(name + ".pool", input, 3, 1, 1);
        return g.concat(name, b1, b2, b3, b4);
    }
}
