package org.zoolab.zoo;

import org.nd4j.linalg.activations.Activation;

/**
 * The pre-activation residual units of He, Zhang, Ren &amp; Sun 2016, "Identity Mappings in Deep Residual Networks"
 * (figure 1(b), 4(e)): BN → ReLU → conv, repeated, and the sum is NOT followed by a ReLU, so the shortcut path is
 * a clean identity from unit to unit. Convolutions have no bias.
 * <ul>
 *   <li>{@link #basic}: BN-ReLU-3x3 (with the stride), BN-ReLU-3x3; {@code width} channels out.</li>
 *   <li>{@link #bottleneck}: BN-ReLU-1x1 (reduce to {@code width}), BN-ReLU-3x3 (with the stride, as in
 *       fb.resnet.torch's preresnet, which the paper's ImageNet models used), BN-ReLU-1x1 (expand to
 *       {@code 4 * width}).</li>
 * </ul>
 * Where a unit changes shape its shortcut is a 1x1 projection (options B and C; option C projects on every unit)
 * of the pre-activated input, without BN (the next unit's pre-activation normalises the sum), as the paper's
 * code shares the first BN-ReLU between both paths of such units; an identity shortcut carries the raw input.
 * Option A zero-pads the raw input (no parameters).
 * <p>
 * Vertex names: {@code name.preact.bn}, {@code name.preact.relu} (absent when the input is already activated:
 * the network's first unit, after the stem's BN-ReLU), {@code name.conv1}, {@code name.conv1.bn},
 * {@code name.conv1.relu}, {@code name.conv2}, ..., {@code name.shortcut}; the sum is the vertex {@code name}.
 */
public final class PreActBlock {
    private PreActBlock() {
    }

    /** The basic pre-activation unit; returns its output ({@code name}). */
    public static String basic(TrackedGraph g, String name, String input, int width, int stride, Shortcut shortcut,
                               boolean inputActivated) {
        String pre = preActivation(g, name, input, inputActivated);
        String x = g.conv(name + ".conv1", pre, width, 3, stride, 1, false, Activation.IDENTITY);
        x = bnRelu(g, name + ".conv1", x);
        x = g.conv(name + ".conv2", x, width, 3, 1, 1, false, Activation.IDENTITY);
        return close(g, name, input, pre, x, shortcut, stride);
    }

    /** The bottleneck pre-activation unit ({@code 4 * width} channels out); returns its output ({@code name}). */
    public static String bottleneck(TrackedGraph g, String name, String input, int width, int stride,
                                    Shortcut shortcut, boolean inputActivated) {
        String pre = preActivation(g, name, input, inputActivated);
        String x = g.conv(name + ".conv1", pre, width, 1, 1, 0, false, Activation.IDENTITY);
        x = bnRelu(g, name + ".conv1", x);
        x = g.conv(name + ".conv2", x, width, 3, stride, 1, false, Activation.IDENTITY);
        x = bnRelu(g, name + ".conv2", x);
        x = g.conv(name + ".conv3", x, Bottleneck.EXPANSION * width, 1, 1, 0, false, Activation.IDENTITY);
        return close(g, name, input, pre, x, shortcut, stride);
    }

    private static String preActivation(TrackedGraph g, String name, String input, boolean inputActivated) {
        return inputActivated ? input : bnRelu(g, name + ".preact", input);
    }

    private static String bnRelu(TrackedGraph g, String name, String input) {
        return g.activation(name + ".relu", g.batchNorm(name + ".bn", input), Activation.RELU);
    }

    /** The shortcut (see the class comment) added to the branch; the sum is the vertex {@code name}. */
    private static String close(TrackedGraph g, String name, String input, String pre, String branch,
                                Shortcut shortcut, int stride) {
        long out = g.shape(branch).channels();
        boolean reshapes = stride != 1 || g.shape(input).channels() != out;
        String identity = switch (shortcut) {
            case NONE -> null;
            case A -> shortcut.add(g, name, input, out, stride, false);
            case B, C -> shortcut == Shortcut.C || reshapes
                    ? g.conv(name + ".shortcut", pre, Math.toIntExact(out), 1, stride, 0, false, Activation.IDENTITY)
                    : input;
        };
        return identity == null ? g.activation(name, branch, Activation.IDENTITY) : g.add(name, branch, identity);
    }
}
