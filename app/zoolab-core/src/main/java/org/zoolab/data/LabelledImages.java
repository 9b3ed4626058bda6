package org.zoolab.data;

import java.util.List;

/**
 * An in-memory set of labelled images of one size, pixels as unsigned bytes in CHW order (channel planes, each
 * row-major). What {@link EpochShuffledIterator} batches.
 */
public interface LabelledImages {

    /** Number of images. */
    int size();

    /** Channels per image: 1 (grey) or 3 (RGB). */
    int channels();

    int height();

    int width();

    /** Number of classes; labels are in {@code [0, numClasses)}. */
    int numClasses();

    /** The class of image {@code i}. */
    int label(int i);

    /** A copy of image {@code i}'s pixels: {@code channels*height*width} unsigned bytes, CHW. */
    byte[] pixels(int i);

    /** Class names, index = label. */
    List<String> classNames();
}
