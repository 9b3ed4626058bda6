package org.zoolab.zoo;

/**
 * A model's default input, as written in a zoo table: {@code {channels: 3, height: 224, width: 224}}.
 */
public record InputSize(int channels, int height, int width) {
    public InputSize {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("input must have positive channels, height and width, got "
                    + channels + "," + height + "," + width);
        }
    }

    /** As a feature-map shape. */
    public FeatureShape shape() {
        return new FeatureShape(channels, height, width);
    }
}
