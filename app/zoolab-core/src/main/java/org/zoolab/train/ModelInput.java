package org.zoolab.train;

import java.util.List;

/**
 * What a trained model expects and answers, stored as {@value #ENTRY} in every zoolab model and checkpoint file
 * so that {@code zoolab eval} and {@code zoolab predict} can feed it without the run directory.
 *
 * @param channels   input channels
 * @param height     input height (after padding)
 * @param width      input width
 * @param pad        zero pixels added on each side of the data's images (MNIST 28x28 into LeNet-5's 32x32: 2)
 * @param data       the data it was trained on
 * @param classNames one name per output
 */
public record ModelInput(int channels, int height, int width, int pad, String data, List<String> classNames) {
    public static final String ENTRY = "zoolab-model.json";

    public ModelInput {
        classNames = classNames == null ? List.of() : List.copyOf(classNames);
    }
}
