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
 * @param pipeline   the image pipeline it was trained with (name or file, as given), or null; its YAML and mean
 *                   statistics are kept in the run directory ({@code pipeline/}), which eval and predict read
 */
public record ModelInput(int channels, int height, int width, int pad, String data, List<String> classNames, String pipeline) {
    public static final String ENTRY = "zoolab-model.json";

    @com.fasterxml.jackson.annotation.JsonCreator
    public ModelInput {
        classNames = classNames == null ? List.of() : List.copyOf(classNames);
    }

    /** A model input without a pipeline (data sets fed as they are, or zero-padded). */
    public ModelInput(int channels, int height, int width, int pad, String data, List<String> classNames) {
        this(channels, height, width, pad, data, classNames, null);
    }
}
