package org.zoolab.zoo;

import org.deeplearning4j.nn.conf.graph.MergeVertex;

/**
 * Channel concatenation of channels-last ({@code [n, h, w, c]}) feature maps: DL4J's {@link MergeVertex} joining
 * dimension 3. DL4J 1.0.0-M2.1's own vertex works out that axis from the input types, but its {@code clone()}
 * returns a fresh vertex that joins dimension 1 again (the height, in this layout), and every graph is built from a
 * clone of its configuration; this one keeps its axis through clones and JSON.
 */
public final class ChannelsLastMerge extends MergeVertex {
    /** The channel dimension of a channels-last batch. */
    public static final int CHANNEL_AXIS = 3;

    public ChannelsLastMerge() {
        setMergeAxis(CHANNEL_AXIS);
    }

    @Override
    public ChannelsLastMerge clone() {
        return new ChannelsLastMerge();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelsLastMerge;
    }

    @Override
    public int hashCode() {
        return 433682567;
    }

    @Override
    public String toString() {
        return "ChannelsLastMerge(axis=" + CHANNEL_AXIS + ")";
    }
}
