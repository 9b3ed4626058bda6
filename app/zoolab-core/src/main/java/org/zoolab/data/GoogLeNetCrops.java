package org.zoolab.data;

import java.util.ArrayList;
import java.util.List;

/**
 * GoogLeNet's 144 test crops (Szegedy et al. 2014, sec. 7): the image is resized to 4 scales whose shorter side
 * is 256, 288, 320 and 352; at each scale the left, centre and right squares are taken (top, centre and bottom
 * for a portrait image); from each square the 4 corner and the centre {@code size x size} crops (224 in the
 * paper) and the square itself resized to {@code size}; and each of these 6 mirrored: 4 x 3 x 6 x 2 = 144 views,
 * whose softmax outputs are averaged. Other scales may be given (at least {@code size} each): the count is
 * {@code scales x 36}.
 * <p>
 * Order: scale by scale (as given); within a scale the squares left/top, centre, right/bottom; within a square the
 * crops top-left, top-right, bottom-left, bottom-right, centre (as {@link TenCrop}), the resized square, then the
 * same six mirrored. A square image has three equal squares (the paper does not say otherwise). Resizing is
 * {@link Resampler#bilinear}, the shorter side as {@link ScaleShorterSide}.
 */
public final class GoogLeNetCrops implements TestViews {
    /** The paper's shorter sides. */
    public static final List<Integer> PAPER_SCALES = List.of(256, 288, 320, 352);
    /** Views per square: 4 corners, centre, the whole square; then their mirrors. */
    public static final int PER_SQUARE = 12;
    private final int size;
    private final List<Integer> scales;

    /**
     * @param size   the crop side (224)
     * @param scales the shorter sides, each at least {@code size}
     */
    public GoogLeNetCrops(int size, List<Integer> scales) {
        if (size <= 0) {
            throw new IllegalArgumentException("crop size must be positive: " + size);
        }
        if (scales.isEmpty()) {
            throw new IllegalArgumentException("at least one scale is needed");
        }
        for (int s : scales) {
            if (s < size) {
                throw new IllegalArgumentException("scale " + s + " is below the crop size " + size);
            }
        }
        this.size = size;
        this.scales = List.copyOf(scales);
    }

    /** The paper's 144 crops of 224 at 256, 288, 320, 352. */
    public static GoogLeNetCrops paper() {
        return new GoogLeNetCrops(224, PAPER_SCALES);
    }

    public int size() {
        return size;
    }

    public List<Integer> scales() {
        return scales;
    }

    /**
     * Where one view comes from.
     *
     * @param scale    the shorter side the image was resized to
     * @param square   the square, in the resized image
     * @param crop     the crop, in the square; null for the whole square resized to {@code size}
     * @param mirrored whether the view is mirrored
     */
    public record View(int scale, Sample.CropWindow square, Sample.CropWindow crop, boolean mirrored) {
    }

    /** The views of an image of {@code height x width}, in order (what {@link #views} makes). */
    public List<View> layout(int height, int width) {
        List<View> out = new ArrayList<>(count());
        TenCrop corners = new TenCrop(size);
        for (int scale : scales) {
            int[] hw = ScaleShorterSide.targetSize(height, width, scale);
            for (Sample.CropWindow square : squares(hw[0], hw[1], scale)) {
                List<Sample.CropWindow> crops = new ArrayList<>(corners.windows(scale, scale));
                crops.add(null);
                for (boolean mirrored : new boolean[]{false, true}) {
                    for (Sample.CropWindow c : crops) {
                        out.add(new View(scale, square, c, mirrored));
                    }
                }
            }
        }
        return out;
    }

    /** The three squares of side {@code side} along the longer side: start, centre, end. */
    static List<Sample.CropWindow> squares(int height, int width, int side) {
        if (width >= height) {
            return List.of(new Sample.CropWindow(0, 0, side, side), new Sample.CropWindow((width - side) / 2, 0, side, side),
                    new Sample.CropWindow(width - side, 0, side, side));
        }
        return List.of(new Sample.CropWindow(0, 0, side, side), new Sample.CropWindow(0, (height - side) / 2, side, side),
                new Sample.CropWindow(0, height - side, side, side));
    }

    @Override
    public List<FloatImage> views(FloatImage img) {
        List<FloatImage> out = new ArrayList<>(count());
        TenCrop corners = new TenCrop(size);
        for (int scale : scales) {
            int[] hw = ScaleShorterSide.targetSize(img.height(), img.width(), scale);
            FloatImage scaled = Resampler.bilinear(img, hw[0], hw[1]);
            for (Sample.CropWindow sq : squares(hw[0], hw[1], scale)) {
                FloatImage square = RandomCrop.crop(scaled, sq);
                List<FloatImage> six = new ArrayList<>(6);
                for (Sample.CropWindow c : corners.windows(scale, scale)) {
                    six.add(RandomCrop.crop(square, c));
                }
                six.add(Resampler.bilinear(square, size, size));
                out.addAll(six);
                for (FloatImage v : six) {
                    out.add(HorizontalMirror.mirror(v));
                }
            }
        }
        return out;
    }

    @Override
    public int count() {
        return scales.size() * 3 * PER_SQUARE;
    }

    @Override
    public int[] outputSize() {
        return new int[]{size, size};
    }

    @Override
    public String describe() {
        return count() + "-crop " + size + " at " + scales;
    }
}
