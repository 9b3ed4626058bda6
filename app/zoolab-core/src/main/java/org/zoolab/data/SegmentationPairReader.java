package org.zoolab.data;

import org.zoolab.BadInputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Image + mask pairs for segmentation: {@code ROOT/<images>/NAME.ext} with {@code ROOT/<masks>/NAME.png}
 * (same base name, any image extension). A mask is decoded as one grey channel and turned into class indices:
 * {@link MaskEncoding#BINARY} maps values >= 128 to class 1 (black/white masks), {@link MaskEncoding#INDEX}
 * takes the value as the class index (it must be below the number of classes). A mask whose size differs from
 * its image, a mask with a value outside the classes, and an image without a mask are bad files.
 */
public final class SegmentationPairReader implements ImageSource {

    /** How mask pixel values become class indices. */
    public enum MaskEncoding { BINARY, INDEX }

    private final Path root;
    private final ImageDecoder imageDecoder;
    private final ImageDecoder maskDecoder;
    private final int classes;
    private final MaskEncoding encoding;
    private final List<Path> images;
    private final List<Path> masks;
    private final String fingerprint;

    private SegmentationPairReader(Path root, ImageDecoder imageDecoder, int classes, MaskEncoding encoding,
                                   List<Path> images, List<Path> masks, String fingerprint) {
        this.root = root;
        this.imageDecoder = imageDecoder;
        this.maskDecoder = new ImageDecoder(1, imageDecoder.maxPixels());
        this.classes = classes;
        this.encoding = encoding;
        this.images = images;
        this.masks = masks;
        this.fingerprint = fingerprint;
    }

    /** Pairs the files of {@code root/imagesDir} with those of {@code root/masksDir} by base name. */
    public static SegmentationPairReader open(Path root, String imagesDir, String masksDir, ImageDecoder decoder,
                                              int classes, MaskEncoding encoding, BadFileReport report) {
        if (classes < 2) {
            throw new BadInputException("segmentation needs at least 2 classes, not " + classes);
        }
        if (encoding == MaskEncoding.BINARY && classes != 2) {
            throw new BadInputException("binary masks have 2 classes, not " + classes);
        }
        Path absRoot = root.toAbsolutePath().normalize();
        Path imgDir = absRoot.resolve(imagesDir);
        Path maskDir = absRoot.resolve(masksDir);
        for (Path d : List.of(imgDir, maskDir)) {
            if (!Files.isDirectory(d)) {
                throw new BadInputException(d + ": no such directory (segmentation data is " + root + "/" + imagesDir
                        + "/NAME.jpg with " + root + "/" + masksDir + "/NAME.png)");
            }
        }
        Map<String, Path> maskByName = new HashMap<>();
        for (Path m : listImages(maskDir)) {
            maskByName.put(baseName(m), m);
        }
        List<Path> images = new ArrayList<>();
        List<Path> masks = new ArrayList<>();
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (Path img : listImages(imgDir)) {
            Path mask = maskByName.get(baseName(img));
            if (mask == null) {
                report.skipped(img.toString(), "no mask (expected " + maskDir.resolve(baseName(img) + ".png") + ")");
                continue;
            }
            images.add(img);
            masks.add(mask);
            md.update((absRoot.relativize(img) + "\t" + absRoot.relativize(mask) + "\t" + sizeOf(img) + "\t" + sizeOf(mask) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        if (images.isEmpty()) {
            throw new BadInputException(imgDir + ": no image with a mask in " + maskDir);
        }
        return new SegmentationPairReader(absRoot, decoder, classes, encoding, List.copyOf(images), List.copyOf(masks),
                HexFormat.of().formatHex(md.digest()).substring(0, 16));
    }

    private static List<Path> listImages(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> ClassFolderReader.IMAGE_EXTENSIONS.contains(ClassFolderReader.extension(p)))
                    .sorted().toList();
        } catch (IOException e) {
            throw new BadInputException(dir + ": cannot list (" + e.getMessage() + ")");
        }
    }

    private static String baseName(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? n : n.substring(0, dot);
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public int size() {
        return images.size();
    }

    public int classes() {
        return classes;
    }

    @Override
    public Sample load(int index) throws BadImageException {
        ImageDecoder.Decoded img = imageDecoder.decode(images.get(index));
        ImageDecoder.Decoded mask;
        try {
            mask = maskDecoder.decode(masks.get(index));
        } catch (BadImageException e) {
            throw new BadImageException("mask " + masks.get(index) + ": " + e.reason());
        }
        FloatImage m = mask.image();
        if (m.height() != img.image().height() || m.width() != img.image().width()) {
            throw new BadImageException("mask " + m.width() + "x" + m.height() + " differs from image "
                    + img.image().width() + "x" + img.image().height() + " (" + masks.get(index).getFileName() + ")");
        }
        float[] d = m.data();
        for (int i = 0; i < d.length; i++) {
            if (encoding == MaskEncoding.BINARY) {
                d[i] = d[i] >= 128 ? 1 : 0;
            } else if (d[i] >= classes) {
                throw new BadImageException("mask value " + (int) d[i] + " is not a class index 0.." + (classes - 1)
                        + " (" + masks.get(index).getFileName() + ")");
            }
        }
        Sample s = new Sample(img.image(), m, -1, images.get(index).toString());
        s.conversion(img.conversion());
        return s;
    }

    @Override
    public int label(int index) {
        return -1;
    }

    @Override
    public List<String> classNames() {
        return List.of();
    }

    @Override
    public String name(int index) {
        return images.get(index).toString();
    }

    @Override
    public String describe() {
        return "segmentation pairs " + root + " (" + images.size() + " images, " + classes + " classes)";
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public Path statsDir() {
        return root.resolve(".zoolab");
    }
}
