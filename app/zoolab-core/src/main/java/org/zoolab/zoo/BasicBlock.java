package org.zoolab.zoo;

/**
 * ResNet's basic block (He et al. 2015 figure 5 left): two 3x3 convolutions with BN, the first carrying the
 * block's stride, the shortcut added before the last ReLU. Output channels = {@code width}.
 * <p>
 * Vertex names: {@code name.conv1}, {@code name.conv1.bn}, {@code name.conv1.relu}, {@code name.conv2},
 * {@code name.conv2.bn}, {@code name.shortcut...}, {@code name.add}; the block's output (the last ReLU) is the
 * vertex {@code name} itself.
 */
public final class BasicBlock {
    /** Output channels per unit of width. */
    public static final int EXPANSION = 1;

    private BasicBlock() {
    }

    /** Adds the block after {@code input}; returns its output vertex ({@code name}). */
    public static String add(TrackedGraph g, String name, String input, int width, int stride, Shortcut shortcut,
                             boolean batchNorm) {
        String x = ConvUnit.add(g, name + ".conv1", input, width, 3, stride, 1, batchNorm, true);
        x = ConvUnit.add(g, name + ".conv2", x, width, 3, 1, 1, batchNorm, false);
        return Residual.close(g, name, input, x, shortcut, stride, batchNorm);
    }
}
