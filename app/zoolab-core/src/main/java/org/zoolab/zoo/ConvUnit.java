package org.zoolab.zoo;

import org.nd4j.linalg.activations.Activation;

/**
 * The papers' "conv" unit: a convolution, then (with batch norm) a BN layer, then optionally a ReLU. With batch
 * norm the convolution has no bias (BN's beta takes its place), as in ResNet; without, the bias and the ReLU are
 * part of the convolution layer itself.
 * <p>
 * Vertex names: the convolution is {@code name}; with batch norm the BN is {@code name.bn} and the ReLU
 * {@code name.relu}.
 */
public final class ConvUnit {
    private ConvUnit() {
    }

    /**
     * Adds the unit and returns its output vertex.
     *
     * @param padding zeros added on every side
     * @param relu    whether the unit ends in a ReLU
     */
    public static String add(TrackedGraph g, String name, String input, int filters, int kernel, int stride,
                             int padding, boolean batchNorm, boolean relu) {
        if (!batchNorm) {
            return g.conv(name, input, filters, kernel, stride, padding, true, relu ? Activation.RELU : Activation.IDENTITY);
        }
        String x = g.conv(name, input, filters, kernel, stride, padding, false, Activation.IDENTITY);
        x = g.batchNorm(name + ".bn", x);
        return relu ? g.activation(name + ".relu", x, Activation.RELU) : x;
    }

    /**
     * The batch-normalised Inceptions' unit (Ioffe &amp; Szegedy 2015, Szegedy et al. 2016, torchvision's
     * {@code BasicConv2d}): a convolution without bias with a {@code kernelH x kernelW} kernel, BN with epsilon
     * {@code eps}, ReLU. Vertex names as {@link #add}: {@code name}, {@code name.bn}, {@code name.relu}.
     */
    public static String bnRelu(TrackedGraph g, String name, String input, int filters, int kernelH, int kernelW,
                                int stride, int padH, int padW, double eps) {
        String x = g.conv(name, input, filters, kernelH, kernelW, stride, padH, padW, false, Activation.IDENTITY);
        x = g.batchNorm(name + ".bn", x, eps);
        return g.activation(name + ".relu", x, Activation.RELU);
    }
}
