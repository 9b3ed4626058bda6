package org.zoolab.data;

import org.zoolab.BadInputException;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * A segmentation set built from real data: MNIST or Fashion-MNIST objects placed on textured backgrounds cut from the
 * real photographs of the {@code photos} data set, with the object's pixels as the mask.
 * <p>
 * Each composite is {@code size x size} RGB. The background is a random square crop of a photo (side between
 * {@code size} and the photo's shorter side, which is first scaled to 256 pixels) scaled to {@code size}. One or two
 * objects are pasted: an image of the split, scaled by a random factor (28 pixels become 24 to 44 at size 64, in
 * proportion at other sizes), at a random place, in a random colour that contrasts with the background under it
 * (dark on light, light on dark), blended by the object's own grey level as opacity {@code a = pixel / 255}.
 * The mask is 1 where {@code a >= 0.5} (the object's pixels, thresholded), else 0; a later object covers an earlier
 * one.
 * <p>
 * <b>Held out.</b> {@link Split#TRAIN} composites use the training images of MNIST/Fashion-MNIST and three photos
 * in four (sorted by path); {@link Split#TEST} composites use the test images and the remaining photos, so neither
 * an object nor a background texture of the test set was seen in training. Everything is a function of the seed.
 */
public final class CompositeSegmentationSet {
    /** The object data sets. */
    public static final List<String> OBJECTS = List.of("mnist", "fashion-mnist");
    private static final int PHOTO_SIDE = 256;

    private final int size;
    private final byte[] images;   // n * 3 * size * size, CHW
    private final byte[] masks;    // n * size * size
    private final int count;
    private final String description;

    private CompositeSegmentationSet(int size, int count, byte[] images, byte[] masks, String description) {
        this.size = size;
        this.count = count;
        this.images = images;
        this.masks = masks;
        this.description = description;
    }

    /**
     * Builds {@code count} composites.
     *
     * @param objects "mnist" or "fashion-mnist"
     * @param size    side in pixels (the U-Net wants a multiple of 16)
     */
    public static CompositeSegmentationSet build(DataDirectory dir, String objects, Split split, int size, int count, long seed) {
        if (!OBJECTS.contains(objects)) {
            throw new BadInputException("--objects " + objects + ": expected one of " + OBJECTS);
        }
        if (size < 32) throw new BadInputException("--size " + size + ": composites need at least 32 pixels");
        if (count < 1) throw new BadInputException("composite count must be positive, got " + count);
        IdxDataset obj = IdxDataset.load(dir, objects, split);
        List<BufferedImage> photos = backgrounds(dir, split);
        Random r = new Random(seed * 31 + (split == Split.TRAIN ? 0 : 1));
        byte[] images = new byte[count * 3 * size * size];
        byte[] masks = new byte[count * size * size];
        int plane = size * size;
        float[] rgb = new float[3 * plane];
        for (int i = 0; i < count; i++) {
            background(photos.get(r.nextInt(photos.size())), size, r, rgb);
            int objectsHere = 1 + (r.nextDouble() < 0.35 ? 1 : 0);
            for (int o = 0; o < objectsHere; o++) {
                paste(obj, r.nextInt(obj.size()), size, r, rgb, masks, i * plane);
            }
            for (int k = 0; k < 3 * plane; k++) {
                images[i * 3 * plane + k] = (byte) Math.max(0, Math.min(255, Math.round(rgb[k] * 255)));
            }
        }
        String d = String.format(Locale.ROOT, "%d composites of %dx%d: %s %s images on %d %s photos (seed %d)", count, size, size,
                objects, split == Split.TRAIN ? "training" : "test", photos.size(), split == Split.TRAIN ? "training" : "held-out", seed);
        return new CompositeSegmentationSet(size, count, images, masks, d);
    }

    /** The photos of one side of the split, shorter side scaled to 256 pixels. */
    static List<BufferedImage> backgrounds(DataDirectory dir, Split split) {
        Path root = dir.datasetDir("photos");
        if (!DatasetInstaller.isInstalled(dir, "photos")) {
            throw new BadInputException("photos is not installed in " + dir.root() + ": run `zoolab data fetch photos`");
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root, 2)) {
            s.filter(p -> root.relativize(p).getNameCount() == 2).filter(Files::isRegularFile)
                    .filter(p -> p.toString().toLowerCase(Locale.ROOT).matches(".*\\.(png|jpe?g)$")).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        List<BufferedImage> out = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            boolean test = i % 4 == 3;
            if (test != (split == Split.TEST)) continue;
            try {
                BufferedImage img = ImageIO.read(files.get(i).toFile());
                if (img == null) continue;
                double f = (double) PHOTO_SIDE / Math.min(img.getWidth(), img.getHeight());
                out.add(scale(img, Math.max(PHOTO_SIDE, (int) Math.round(img.getWidth() * f)),
                        Math.max(PHOTO_SIDE, (int) Math.round(img.getHeight() * f))));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + files.get(i), e);
            }
        }
        if (out.isEmpty()) throw new BadInputException(root + ": no photos to cut backgrounds from");
        return out;
    }

    private static BufferedImage scale(BufferedImage img, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    private static void background(BufferedImage photo, int size, Random r, float[] rgb) {
        int maxSide = Math.min(photo.getWidth(), photo.getHeight());
        int side = size + r.nextInt(Math.max(1, maxSide - size + 1));
        int x0 = r.nextInt(photo.getWidth() - side + 1), y0 = r.nextInt(photo.getHeight() - side + 1);
        BufferedImage crop = scale(photo.getSubimage(x0, y0, side, side), size, size);
        int plane = size * size;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int v = crop.getRGB(x, y);
                rgb[y * size + x] = ((v >> 16) & 0xff) / 255f;
                rgb[plane + y * size + x] = ((v >> 8) & 0xff) / 255f;
                rgb[2 * plane + y * size + x] = (v & 0xff) / 255f;
            }
        }
    }

    private static void paste(IdxDataset obj, int index, int size, Random r, float[] rgb, byte[] masks, int maskOffset) {
        int src = obj.height();
        double base = size / 64.0 * 28;
        int side = (int) Math.round(base * (24 + r.nextInt(21)) / 28.0);
        side = Math.min(side, size);
        BufferedImage digit = new BufferedImage(src, src, BufferedImage.TYPE_BYTE_GRAY);
        byte[] px = obj.pixels(index);
        digit.getRaster().setDataElements(0, 0, src, src, px);
        BufferedImage scaled = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = scaled.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(digit, 0, 0, side, side, null);
        g.dispose();
        int x0 = r.nextInt(size - side + 1), y0 = r.nextInt(size - side + 1);
        int plane = size * size;
        // the background's brightness under the object decides dark-on-light or light-on-dark
        double lum = 0;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int p = (y0 + y) * size + x0 + x;
                lum += 0.299 * rgb[p] + 0.587 * rgb[plane + p] + 0.114 * rgb[2 * plane + p];
            }
        }
        lum /= side * side;
        boolean dark = lum > 0.5;
        float[] colour = new float[3];
        for (int c = 0; c < 3; c++) colour[c] = dark ? 0.3f * r.nextFloat() : 0.7f + 0.3f * r.nextFloat();
        byte[] a = new byte[side * side];
        scaled.getRaster().getDataElements(0, 0, side, side, a);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                float alpha = (a[y * side + x] & 0xff) / 255f;
                int p = (y0 + y) * size + x0 + x;
                for (int c = 0; c < 3; c++) rgb[c * plane + p] = rgb[c * plane + p] * (1 - alpha) + colour[c] * alpha;
                if (alpha >= 0.5f) masks[maskOffset + p] = 1;
            }
        }
    }

    /** Number of composites. */
    public int count() {
        return count;
    }

    /** Side in pixels. */
    public int imageSize() {
        return size;
    }

    /** What this set is, in words. */
    public String description() {
        return description;
    }

    /** Composite {@code i}: {@code 3*size*size} unsigned bytes, CHW (RGB planes). */
    public byte[] image(int i) {
        int n = 3 * size * size;
        return java.util.Arrays.copyOfRange(images, i * n, (i + 1) * n);
    }

    /** Mask {@code i}: {@code size*size} bytes, 1 = object, 0 = background. */
    public byte[] mask(int i) {
        int n = size * size;
        return java.util.Arrays.copyOfRange(masks, i * n, (i + 1) * n);
    }

    /** Fraction of object pixels over the whole set. */
    public double objectFraction() {
        long s = 0;
        for (byte b : masks) s += b;
        return (double) s / masks.length;
    }

    /** Writes the first {@code n} composites as {@code NNNN.png} and {@code NNNN_mask.png} (mask 0/255) into {@code dir}. */
    public void writePngs(Path dir, int n) {
        try {
            Files.createDirectories(dir);
            int plane = size * size;
            for (int i = 0; i < Math.min(n, count); i++) {
                BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
                BufferedImage m = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
                byte[] px = image(i), mk = mask(i);
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        int p = y * size + x;
                        img.setRGB(x, y, ((px[p] & 0xff) << 16) | ((px[plane + p] & 0xff) << 8) | (px[2 * plane + p] & 0xff));
                        m.getRaster().setSample(x, y, 0, mk[p] == 1 ? 255 : 0);
                    }
                }
                ImageIO.write(img, "png", dir.resolve(String.format(Locale.ROOT, "%04d.png", i)).toFile());
                ImageIO.write(m, "png", dir.resolve(String.format(Locale.ROOT, "%04d_mask.png", i)).toFile());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write composites to " + dir, e);
        }
    }
}
