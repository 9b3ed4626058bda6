package org.zoolab.zoo;

import org.deeplearning4j.nn.conf.layers.PoolingType;

/**
 * The Inception module of BN-Inception (Ioffe &amp; Szegedy 2015, figure 5): GoogLeNet's module with batch norm
 * after every convolution ({@link ConvUnit#bnRelu}) and its 5x5 replaced by two 3x3 convolutions; the pool branch
 * averages or takes the maximum, per module. Branches, concatenated in this order: 1x1; 1x1 reduce → 3x3;
 * 1x1 reduce → 3x3 → 3x3; 3x3 pool → 1x1 projection. A stride-2 module (3c, 4e) has no 1x1 branch, strides its
 * last 3x3 convolutions and its 3x3 max pool by 2, and passes the pooled input through without projection.
 * <p>
 * Vertex names: {@code name.1x1}, {@code name.3x3_reduce}, {@code name.3x3}, {@code name.double3x3_reduce},
 * {@code name.double3x3a}, {@code name.double3x3b}, {@code name.pool}, {@code name.pool_proj}; the
 * concatenation is the vertex {@code name}.
 */
public final class BnInceptionModule {
    private BnInceptionModule() {
    }

    /** Adds the module after {@code input}; returns its output vertex ({@code name}). */
    public static String add(TrackedGraph g, String name, String input, InceptionV2Table.Module m, double eps) {
        int s = m.stride();
        String b2 = ConvUnit.bnRelu(g, name + ".3x3_reduce", input, m.n3x3Reduce(), 1, 1, 1, 0, 0, eps);
        b2 = ConvUnit.bnRelu(g, name + ".3x3", b2, m.n3x3(), 3, 3, s, 1, 1, eps);
        String b3 = ConvUnit.bnRelu(g, name + ".double3x3_reduce", input, m.nDouble3x3Reduce(), 1, 1, 1, 0, 0, eps);
        b3 = ConvUnit.bnRelu(g, name + ".double3x3a", b3, m.nDouble3x3(), 3, 3, 1, 1, 1, eps);
        b3 = ConvUnit.bnRelu(g, name + ".double3x3b", b3, m.nDouble3x3(), 3, 3, s, 1, 1, eps);
        PoolingType type = m.pool() == InceptionV2Table.Pooling.AVG ? PoolingType.AVG : PoolingType.MAX;
        String b4 = g.pool(name + ".pool", input, type, 3, s, 1, g.key());
        if (m.poolProj() > 0) {
            b4 = ConvUnit.bnRelu(g, name + ".pool_proj", b4, m.poolProj(), 1, 1, 1, 0, 0, eps);
        }
        if (m.n1x1() > 0) {
            String b1 = ConvUnit.bnRelu(g, name + ".1x1", input, m.n1x1(), 1, 1, 1, 0, 0, eps);
            return g.concat(name, b1, b2, b3, b4);
        }
        return g.concat(name, b2, b3, b4);
    }
}
