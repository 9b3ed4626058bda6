package org.zoolab.zoo;

import org.nd4j.linalg.activations.Activation;

/** The end shared by the residual blocks: add the shortcut (if any) to the branch, then a ReLU named after the block. */
final class Residual {
    private Residual() {
    }

    static String close(TrackedGraph g, String name, String input, String branch, Shortcut shortcut, int stride,
                        boolean batchNorm) {
        String identity = shortcut.add(g, name, input, g.shape(branch).channels(), stride, batchNorm);
        String sum = identity == null ? branch : g.add(name + ".add", branch, identity);
        return g.activation(name, sum, Activation.RELU);
    }
}
