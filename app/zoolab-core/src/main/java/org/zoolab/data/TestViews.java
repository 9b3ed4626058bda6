package org.zoolab.data;

import java.util.List;

/**
 * The views a test image is scored on, whose softmax outputs are averaged: AlexNet's ten crops
 * ({@link TenCrop}), GoogLeNet's 144 crops ({@link GoogLeNetCrops}) or VGG's dense evaluation's whole image and
 * its mirror at each test scale ({@link DenseViews}). In an evaluation pipeline it replaces the eval steps that
 * would make the single centre view; the steps after those run on every view.
 */
public interface TestViews {

    /** The views of one image, in a fixed order; a bad file if the image cannot give them (too small). */
    List<FloatImage> views(FloatImage image) throws BadImageException;

    /** The number of views per image. */
    int count();

    /** {h, w} of every view, or null when it depends on the image (dense evaluation). */
    int[] outputSize();

    /** As in pipeline descriptions: "ten-crop 224". */
    String describe();
}
