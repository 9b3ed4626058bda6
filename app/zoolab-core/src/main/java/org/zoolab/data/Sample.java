package org.zoolab.data;

/**
 * One example on its way through a pipeline: the image, the segmentation mask if any (one channel of class
 * indices, always moved by the same geometric steps as the image), the label, the file or record it came from,
 * and what the random steps chose (the last crop window, whether it was mirrored) so tests and previews can
 * check it.
 */
public final class Sample {
    private FloatImage image;
    private FloatImage mask;
    private final int label;
    private final String name;
    private CropWindow crop;
    private boolean mirrored;
    private String conversion;

    public Sample(FloatImage image, FloatImage mask, int label, String name) {
        this.image = image;
        this.mask = mask;
        this.label = label;
        this.name = name;
    }

    public static Sample of(FloatImage image, int label, String name) {
        return new Sample(image, null, label, name);
    }

    public FloatImage image() {
        return image;
    }

    public void image(FloatImage image) {
        this.image = image;
    }

    /** The mask (1 channel, class indices) or null. */
    public FloatImage mask() {
        return mask;
    }

    public void mask(FloatImage mask) {
        this.mask = mask;
    }

    /** Class index, or -1 where the source has no labels (segmentation). */
    public int label() {
        return label;
    }

    /** The file path or record name, as used in bad-file reports. */
    public String name() {
        return name;
    }

    /** The window the last crop step took, in the coordinates of the image it cropped; null if none. */
    public CropWindow crop() {
        return crop;
    }

    void crop(CropWindow crop) {
        this.crop = crop;
    }

    /** Whether an odd number of mirror steps flipped this sample. */
    public boolean mirrored() {
        return mirrored;
    }

    void mirrored(boolean mirrored) {
        this.mirrored = mirrored;
    }

    /** What the decoder converted (e.g. "16-bit -> 8-bit"), or null. */
    public String conversion() {
        return conversion;
    }

    public void conversion(String conversion) {
        this.conversion = conversion;
    }

    /**
     * A crop window: columns {@code x .. x+width-1}, rows {@code y .. y+height-1} of the cropped image. With
     * padding, x and y can be negative (the window starts in the zero border).
     */
    public record CropWindow(int x, int y, int width, int height) {
    }
}
