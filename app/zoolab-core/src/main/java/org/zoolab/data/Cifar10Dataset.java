package org.zoolab.data;

import org.zoolab.BadInputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CIFAR-10 in memory: 32x32 colour images, pixels in CHW order with channels R, G, B (as in the binary files), and
 * labels 0-9 ({@link #classNames()}: airplane .. truck). Installed by {@code zoolab data fetch cifar10 --from
 * cifar-10-binary.tar.gz}. Subsets share the parent's arrays.
 */
public final class Cifar10Dataset extends PackedLabelledImages {

    public static final String NAME = "cifar10";

    private Cifar10Dataset(byte[] pixels, byte[] labels, List<String> classNames) {
        super(pixels, labels, Cifar10BinaryReader.CHANNELS, Cifar10BinaryReader.SIDE, Cifar10BinaryReader.SIDE,
                classNames);
    }

    private Cifar10Dataset(Cifar10Dataset parent, int from, int to) {
        super(parent, from, to);
    }

    /** Reads and concatenates batch files, in the given order. */
    public static Cifar10Dataset read(List<Path> batchFiles, List<String> classNames) {
        List<Cifar10BinaryReader.Batch> batches = new ArrayList<>();
        long total = 0;
        for (Path f : batchFiles) {
            Cifar10BinaryReader.Batch b = Cifar10BinaryReader.read(f);
            batches.add(b);
            total += b.count();
        }
        if (total * Cifar10BinaryReader.PIXELS > Integer.MAX_VALUE) {
            throw new BadInputException(batchFiles + ": " + total + " images do not fit in one array");
        }
        byte[] pixels = new byte[(int) total * Cifar10BinaryReader.PIXELS];
        byte[] labels = new byte[(int) total];
        int at = 0;
        for (Cifar10BinaryReader.Batch b : batches) {
            System.arraycopy(b.pixels(), 0, pixels, at * Cifar10BinaryReader.PIXELS, b.pixels().length);
            System.arraycopy(b.labels(), 0, labels, at, b.count());
            at += b.count();
        }
        return new Cifar10Dataset(pixels, labels, List.copyOf(classNames));
    }

    /**
     * Loads the installed CIFAR-10: TRAIN = data_batch_1..5 (50,000 images), TEST = test_batch (10,000).
     *
     * @throws BadInputException if it is not installed in {@code dir} (saying how to install it)
     */
    public static Cifar10Dataset load(DataDirectory dir, Split split) {
        if (!DatasetInstaller.isInstalled(dir, NAME)) {
            throw new BadInputException(NAME + " is not installed in " + dir.root() + ": " + Cifar10Source.HOW_TO);
        }
        Path folder = dir.datasetDir(NAME);
        List<Path> files = (split == Split.TRAIN ? Cifar10BinaryReader.TRAIN_FILES : List.of(Cifar10BinaryReader.TEST_FILE))
                .stream().map(folder::resolve).toList();
        Path meta = folder.resolve(Cifar10BinaryReader.META_FILE);
        List<String> names = Files.exists(meta) ? Cifar10BinaryReader.readClassNames(meta) : Cifar10BinaryReader.CLASSES;
        return read(files, names);
    }

    /** Images {@code [from, to)} sharing this data set's arrays. */
    public Cifar10Dataset subset(int from, int to) {
        return new Cifar10Dataset(this, from, to);
    }

    /** {@link #iterator(int, long, int)} without padding. */
    public EpochShuffledIterator iterator(int batchSize, long seed) {
        return iterator(batchSize, seed, 0);
    }

    @Override
    public String toString() {
        return size() + " CIFAR-10 images of 3x32x32";
    }
}
