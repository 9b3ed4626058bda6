package org.zoolab.zoo;

import org.nd4j.linalg.activations.Activation;

/**
 * The two steps of U-Net (Ronneberger et al. 2015, figure 1).
 * <ul>
 *   <li>{@link #down}: contracting step: a 2x2/2 max pool (except at the top) then two 3x3 convolutions + ReLU.</li>
 *   <li>{@link #up}: expanding step: a 2x2 up-convolution (transposed convolution, stride 2) halving the
 *       channels, the contracting path's map at that level cropped to the same size (centre crop) and
 *       concatenated before it, then two 3x3 convolutions + ReLU.</li>
 * </ul>
 * With valid (unpadded) convolutions each 3x3 convolution loses a 1-pixel border, hence the crops; with same
 * padding the crop is empty and omitted. Vertex names: {@code name.pool}, {@code name.conv1}, {@code name.conv2}
 * (down); {@code name.upconv}, {@code name.crop}, {@code name.concat}, {@code name.conv1}, {@code name.conv2} (up).
 */
public final class UNetSteps {
    private UNetSteps() {
    }

    /**
     * Adds a contracting step; returns its output vertex (the second convolution's output).
     *
     * @param pool    whether the step starts with a 2x2/2 max pool (all but the first)
     * @param padding zeros on every side of each 3x3 convolution (0 = the paper's valid convolutions)
     */
    public static String down(TrackedGraph g, String name, String input, int width, boolean pool, int padding,
                              boolean batchNorm) {
        String x = input;
        if (pool) {
            FeatureShape in = g.shape(input);
            if (in.height() % 2 != 0 || in.width() % 2 != 0) {
                throw g.atLayer(name + ".pool", "a 2x2/2 max pool needs a map of even height and width, got " + in
                        + "; U-Net needs an input of 16k + 124 pixels (valid) or a multiple of 16 (same)");
            }
            x = g.maxPool(name + ".pool", x, 2, 2, 0);
        }
        x = ConvUnit.add(g, name + ".conv1", x, width, 3, 1, padding, batchNorm, true);
        return ConvUnit.add(g, name + ".conv2", x, width, 3, 1, padding, batchNorm, true);
    }

    /**
     * Adds an expanding step; returns its output vertex.
     *
     * @param input the step below
     * @param skip  the contracting path's output at this level
     * @param width channels of the up-convolution and of the two 3x3 convolutions
     */
    public static String up(TrackedGraph g, String name, String input, String skip, int width, int padding,
                            boolean batchNorm) {
        String upsampled = g.deconv(name + ".upconv", input, width, 2, 2, Activation.IDENTITY);
        FeatureShape target = g.shape(upsampled);
        FeatureShape from = g.shape(skip);
        long dh = from.height() - target.height();
        long dw = from.width() - target.width();
        if (dh < 0 || dw < 0 || dh % 2 != 0 || dw % 2 != 0) {
            throw g.atLayer(name + ".crop", "cannot centre-crop the " + from + " map of '" + skip + "' to the "
                    + target + " up-convolution output");
        }
        String cropped = skip;
        if (dh > 0 || dw > 0) {
            int h = Math.toIntExact(dh / 2);
            int w = Math.toIntExact(dw / 2);
            cropped = g.crop(name + ".crop", skip, h, h, w, w);
        }
        String x = g.concat(name + ".concat", cropped, upsampled);
        x = ConvUnit.add(g, name + ".conv1", x, width, 3, 1, padding, batchNorm, true);
        return ConvUnit.add(g, name + ".conv2", x, width, 3, 1, padding, batchNorm, true);
    }
}
