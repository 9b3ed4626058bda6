package org.zoolab.data;

import org.zoolab.BadInputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * An in-memory labelled image set read from a pair of IDX files (MNIST, Fashion-MNIST): single-channel images of
 * unsigned-byte pixels (0 = background for MNIST) and one label per image. Subsets share the parent's arrays.
 */
public final class IdxDataset extends PackedLabelledImages {

    /** The data sets in IDX format that {@link #load} knows. */
    public static final List<String> NAMES = List.of("mnist", "fashion-mnist");

    /** MNIST's classes: the digits. */
    public static final List<String> MNIST_CLASSES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    /** Fashion-MNIST's classes, index = label (Xiao, Rasul and Vollgraf 2017). */
    public static final List<String> FASHION_MNIST_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
            "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** The installed file names: {split prefix}-images-idx3-ubyte and {split prefix}-labels-idx1-ubyte. */
    static final String TRAIN = "train";
    static final String TEST = "t10k";

    private IdxDataset(byte[] pixels, byte[] labels, int height, int width, List<String> classNames) {
        super(pixels, labels, 1, height, width, classNames);
    }

    private IdxDataset(IdxDataset parent, int from, int to) {
        super(parent, from, to);
    }

    /** The installed file names for a split: images first, labels second. */
    static List<String> fileNames(Split split) {
        String prefix = split == Split.TRAIN ? TRAIN : TEST;
        return List.of(prefix + "-images-idx3-ubyte", prefix + "-labels-idx1-ubyte");
    }

    /**
     * Reads an image file and its label file (raw or gzipped). Classes are "0".."max label".
     *
     * @throws BadInputException naming the file if either is not a valid IDX file or their counts differ
     */
    public static IdxDataset read(Path images, Path labels) {
        IdxReader.Images img = IdxReader.readImages(images);
        byte[] lab = IdxReader.readLabels(labels);
        int max = 0;
        for (byte b : lab) {
            max = Math.max(max, b & 0xff);
        }
        return of(img, lab, images, labels, IntStream.rangeClosed(0, max).mapToObj(Integer::toString).toList());
    }

    private static IdxDataset of(IdxReader.Images img, byte[] lab, Path images, Path labels, List<String> classNames) {
        if (img.count() != lab.length) {
            throw new BadInputException(images.getFileName() + " has " + img.count() + " images but " + labels.getFileName()
                    + " has " + lab.length + " labels");
        }
        for (int i = 0; i < lab.length; i++) {
            if ((lab[i] & 0xff) >= classNames.size()) {
                throw new BadInputException(labels + ": label " + (lab[i] & 0xff) + " at index " + i + "; expected 0.."
                        + (classNames.size() - 1));
            }
        }
        return new IdxDataset(img.pixels(), lab, img.rows(), img.cols(), classNames);
    }

    /**
     * Loads an installed IDX data set.
     *
     * @param name "mnist" or "fashion-mnist"
     * @throws BadInputException if it is not installed in {@code dir} (saying how to install it)
     */
    public static IdxDataset load(DataDirectory dir, String name, Split split) {
        if (name == null || !NAMES.contains(name)) {
            throw new BadInputException("'" + name + "' is not an IDX data set: expected one of " + NAMES);
        }
        Path folder = dir.datasetDir(name);
        if (!DatasetInstaller.isInstalled(dir, name)) {
            throw new BadInputException(name + " is not installed in " + dir.root() + ": run `zoolab data fetch " + name + "`");
        }
        List<String> files = fileNames(split);
        Path images = folder.resolve(files.get(0));
        Path labels = folder.resolve(files.get(1));
        if (!Files.isRegularFile(images) || !Files.isRegularFile(labels)) {
            throw new BadInputException(folder + " lacks " + files + ": delete that folder and run `zoolab data fetch " + name + "`");
        }
        return of(IdxReader.readImages(images), IdxReader.readLabels(labels), images, labels,
                name.equals("mnist") ? MNIST_CLASSES : FASHION_MNIST_CLASSES);
    }

    /** Images {@code [from, to)} as a data set sharing this one's arrays (same classes). */
    public IdxDataset subset(int from, int to) {
        return new IdxDataset(this, from, to);
    }

    @Override
    public String toString() {
        return size() + " images of " + height() + "x" + width() + ", " + numClasses() + " classes";
    }
}
