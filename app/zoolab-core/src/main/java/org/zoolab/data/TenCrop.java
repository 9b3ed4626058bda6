package org.zoolab.data;

import java.util.ArrayList;
import java.util.List;

/**
 * The ten test views of AlexNet: the four corner windows and the centre window of {@code size x size}, then the
 * same five mirrored, in the order top-left, top-right, bottom-left, bottom-right, centre (as torchvision's
 * {@code TenCrop}). The network's softmax outputs over the ten views are averaged
 * ({@link #averageViews(float[], int, int)}).
 */
public final class TenCrop implements TestViews {
    /** The number of views per image. */
    public static final int VIEWS = 10;
    private final int size;

    public TenCrop(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("crop size must be positive: " + size);
        }
        this.size = size;
    }

    public int size() {
        return size;
    }

    /** The five windows (corners then centre) of an image of the given size. */
    public List<Sample.CropWindow> windows(int height, int width) {
        return List.of(
                new Sample.CropWindow(0, 0, size, size),
                new Sample.CropWindow(width - size, 0, size, size),
                new Sample.CropWindow(0, height - size, size, size),
                new Sample.CropWindow(width - size, height - size, size, size),
                CenterCrop.window(height, width, size));
    }

    @Override
    public int count() {
        return VIEWS;
    }

    @Override
    public int[] outputSize() {
        return new int[]{size, size};
    }

    @Override
    public String describe() {
        return "ten-crop " + size;
    }

    /** The ten views of an image; a bad file if the image is smaller than the window. */
    @Override
    public List<FloatImage> views(FloatImage img) throws BadImageException {
        if (img.height() < size || img.width() < size) {
            throw new BadImageException(RandomCrop.smallerThanCrop(img, size, 0));
        }
        List<FloatImage> out = new ArrayList<>(VIEWS);
        for (Sample.CropWindow w : windows(img.height(), img.width())) {
            out.add(RandomCrop.crop(img, w));
        }
        for (int i = 0; i < 5; i++) {
            out.add(HorizontalMirror.mirror(out.get(i)));
        }
        return out;
    }

    /**
     * Averages consecutive groups of {@code views} rows of a row-major {@code [n * views, classes]} matrix of
     * probabilities into {@code [n, classes]}.
     */
    public static float[] averageViews(float[] probabilities, int classes, int views) {
        if (probabilities.length % (classes * views) != 0) {
            throw new IllegalArgumentException(probabilities.length + " values are not a whole number of " + views + " views x " + classes + " classes");
        }
        int n = probabilities.length / (classes * views);
        float[] out = new float[n * classes];
        for (int i = 0; i < n; i++) {
            for (int v = 0; v < views; v++) {
                int row = (i * views + v) * classes;
                for (int k = 0; k < classes; k++) {
                    out[i * classes + k] += probabilities[row + k];
                }
            }
            for (int k = 0; k < classes; k++) {
                out[i * classes + k] /= views;
            }
        }
        return out;
    }
}
