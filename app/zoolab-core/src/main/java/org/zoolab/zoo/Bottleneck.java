package org.zoolab.zoo;

/**
 * ResNet's bottleneck block (He et al. 2015 figure 5 right): 1x1 (reduce to {@code width}), 3x3, 1x1 (expand to
 * {@code 4 * width}), each with BN. Version 1 as in the paper: the stride sits on the first 1x1 convolution;
 * torchvision's "v1.5" ({@code strideOn3x3}) moves it to the 3x3: same parameters, but the first 1x1 of each
 * downsampling block runs at the input's resolution (ResNet-50: 4.089 G instead of 3.858 G multiply-adds).
 * <p>
 * Vertex names: {@code name.conv1..3} (+ {@code .bn}, {@code .relu}), {@code name.shortcut...},
 * {@code name.add}; the block's output is the vertex {@code name}.
 */
public final class Bottleneck {
    /** Output channels per unit of width. */
    public static final int EXPANSION = 4;

    private Bottleneck() {
    }

    /** Adds the block after {@code input}; returns its output vertex ({@code name}). */
    public static String add(TrackedGraph g, String name, String input, int width, int stride, Shortcut shortcut,
                             boolean batchNorm) {
        return add(g, name, input, width, stride, false, shortcut, batchNorm);
    }

    /**
     * Adds the block after {@code input}; returns its output vertex ({@code name}).
     *
     * @param strideOn3x3 false: version 1 (stride on the first 1x1); true: version 1.5 (stride on the 3x3)
     */
    public static String add(TrackedGraph g, String name, String input, int width, int stride, boolean strideOn3x3,
                             Shortcut shortcut, boolean batchNorm) {
        String x = ConvUnit.add(g, name + ".conv1", input, width, 1, strideOn3x3 ? 1 : stride, 0, batchNorm, true);
        x = ConvUnit.add(g, name + ".conv2", x, width, 3, strideOn3x3 ? stride : 1, 1, batchNorm, true);
        x = ConvUnit.add(g, name + ".conv3", x, EXPANSION * width, 1, 1, 0, batchNorm, false);
        return Residual.close(g, name, input, x, shortcut, stride, batchNorm);
    }
}
