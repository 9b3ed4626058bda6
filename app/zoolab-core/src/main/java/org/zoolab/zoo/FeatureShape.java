package org.zoolab.zoo;

/**
 * The shape of one example's feature map: channels x height x width (a flat vector is {@code c x 1 x 1}).
 *
 * @param channels number of channels (feature maps)
 * @param height   rows
 * @param width    columns
 */
public record FeatureShape(long channels, long height, long width) {

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
