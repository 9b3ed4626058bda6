package org.zoolab.data;

import java.util.ArrayList;
import java.util.List;

/**
 * The views of VGG's dense evaluation (Simonyan &amp; Zisserman 2014, sec. 3.2): the whole, uncropped image
 * resized so its shorter side is Q, and its mirror, for each test scale Q (the paper's multi-scale test uses
 * {256, 384, 512}). The views differ in size from image to image and from scale to scale; they are scored by a
 * fully convolutional net one scale at a time. Order: for each scale as given, the image then its mirror.
 */
public final class DenseViews implements TestViews {
    private final List<Integer> scales;

    public DenseViews(List<Integer> scales) {
        if (scales.isEmpty()) {
            throw new IllegalArgumentException("at least one scale is needed");
        }
        for (int s : scales) {
            if (s <= 0) {
                throw new IllegalArgumentException("scales must be positive: " + scales);
            }
        }
        this.scales = List.copyOf(scales);
    }

    public List<Integer> scales() {
        return scales;
    }

    @Override
    public List<FloatImage> views(FloatImage img) {
        List<FloatImage> out = new ArrayList<>(count());
        for (int q : scales) {
            int[] hw = ScaleShorterSide.targetSize(img.height(), img.width(), q);
            FloatImage scaled = Resampler.bilinear(img, hw[0], hw[1]);
            out.add(scaled == img ? img.copy() : scaled);
            out.add(HorizontalMirror.mirror(scaled));
        }
        return out;
    }

    @Override
    public int count() {
        return 2 * scales.size();
    }

    @Override
    public int[] outputSize() {
        return null;
    }

    @Override
    public String describe() {
        return "dense at Q = " + scales + " (+ mirror)";
    }
}
