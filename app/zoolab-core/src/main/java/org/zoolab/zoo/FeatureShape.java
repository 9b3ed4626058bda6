package org.zoolab.zoo;

/**
 * The one channels x height x width shape of the zoo: a model's default input as a table writes it
 * ({@code input: {channels: 3, height: 224, width: 224}}), an image size given on the command line, and the
 * output of every vertex a {@link TrackedGraph} adds (a flat vector of {@code n} values is {@code n x 1 x 1}).
 *
 * @param channels number of channels (feature maps), at least 1
 * @param height   rows, at least 1
 * @param width    columns, at least 1
 */
public record FeatureShape(long channels, long height, long width) {

    public FeatureShape {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("channels, height and width must be positive, got "
                    + channels + "x" + height + "x" + width);
        }
    }

    /** A shape with the same spatial size and {@code c} channels. */
    public FeatureShape withChannels(long c) {
        return new FeatureShape(c, height, width);
    }

    /** "CxHxW", e.g. {@code 64x56x56}. */
    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
