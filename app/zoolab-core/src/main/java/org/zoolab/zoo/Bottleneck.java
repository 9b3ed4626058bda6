package org.zoolab.zoo;

/**
 * ResNet's bottleneck block (He et al. 2015 figure 5 right): 1x1 (reduce to {@code width}), 3x3, 1x1 (expand to
 * {@code 4 * width}), each with BN. Version 1 as in the paper: the stride sits on the first 1x1 convolution
 * (torchvision's "v1.5" moves it to the 3x3; same parameters, about 6% more multiply-adds).
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
        String x = ConvUnit.add(g, name + ".conv1", input, width, 1, stride, 0, batchNorm, true);
        x = ConvUnit.add(g, name + ".conv2", x, width, 3, 1, 1, batchNorm, true);
        x = ConvUnit.add(g, name + ".conv3", x, EXPANSION * width, 1, 1, 0, batchNorm, false);
        return Residual.close(g, name, input, x, shortcut, stride, batchNorm);
    }
}
