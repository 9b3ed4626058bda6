package org.zoolab.zoo;

/**
 * The shape of one vertex's output, per example: a {@code channels x height x width} feature map, or a flat
 * vector of {@code channels} units ({@link #flat()}). Builders track it while wiring a graph, so that a table
 * whose feature map shrinks to nothing is rejected naming the layer, before DL4J sees it.
 *
 * @param channels channels of a map, or units of a vector
 * @param height   map height (1 for a vector)
 * @param width    map width (1 for a vector)
 * @param flat     true for a vector (after a dense layer)
 */
public record FeatureShape(long channels, long height, long width, boolean flat) {

    /** A {@code c x h x w} feature map. */
    public static FeatureShape map(long channels, long height, long width) {
        return new FeatureShape(channels, height, width, false);
    }

    /** A vector of {@code units} values. */
    public static FeatureShape vector(long units) {
        return new FeatureShape(units, 1, 1, true);
    }

    /** Number of values per example. */
    public long size() {
        return channels * height * width;
    }

    @Override
    public String toString() {
        return flat ? Long.toString(channels) : channels + "x" + height + "x" + width;
    }
}
