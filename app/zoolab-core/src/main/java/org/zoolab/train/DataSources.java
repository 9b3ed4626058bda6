package org.zoolab.train;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.zoolab.BadInputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The one place where training meets {@code org.zoolab.data} (PRE-MERGE STUB: the data module is not in this
 * branch; DataSources.java.merged beside this file is the real adapter and replaces it at merge): turns a data name (mnist, fashion-mnist, cifar10,
 * synthetic) into training batches ({@link EpochData}), a validation set and a test set. Image directories
 * (pipelines) are not wired yet.
 */
public final class DataSources {

    /** What the data looks like after padding. */
    public record Shape(int channels, int height, int width, int numClasses, List<String> classNames) {
    }

    /**
     * Opened data for a run.
     *
     * @param train             training batches, epoch-ordered
     * @param validation        validation batches (file order)
     * @param validationSource  where validation comes from, in words
     * @param shape             image shape after padding, classes
     */
    public record Opened(EpochData train, DataSetIterator validation, String validationSource, Shape shape) {
    }

    private DataSources() {
    }

    /** The names {@code --data} accepts. */
    public static List<String> names() {
        return List.of("mnist", "fashion-mnist", "cifar10", SyntheticImages.NAME);
    }

    /** The shape of a data set's images (unpadded) and its classes. */
    public static Shape shape(String data, Path dataDir) {
        if (data.equals(SyntheticImages.NAME)) {
            return new Shape(1, 28, 28, 10, Evaluator.indexNames(10));
        }
        throw notMerged(data);
    }

    /** Training and validation data; the last {@code holdout} training examples validate (0: the test split). */
    public static Opened open(String data, Path dataDir, int batch, long seed, int holdout, int pad) {
        if (data.equals(SyntheticImages.NAME)) {
            DataSet train = SyntheticImages.generate(2000, 10, 1, 28 + 2 * pad, seed);
            DataSet val = SyntheticImages.generate(500, 10, 1, 28 + 2 * pad, seed + 1);
            return new Opened(new InMemoryData(train, batch, seed), new InMemoryData(val, batch, -1).epoch(0),
                    "500 synthetic images", new Shape(1, 28 + 2 * pad, 28 + 2 * pad, 10, Evaluator.indexNames(10)));
        }
        throw notMerged(data);
    }

    /** The test split in file order. */
    public static DataSetIterator test(String data, Path dataDir, int batch, int pad) {
        if (data.equals(SyntheticImages.NAME)) {
            return new InMemoryData(SyntheticImages.generate(500, 10, 1, 28 + 2 * pad, 7), batch, -1).epoch(0);
        }
        throw notMerged(data);
    }

    /** Installs a data set if it is missing (MNIST for the demo); returns a line saying what happened. */
    public static String ensureInstalled(String name, Path dataDir, Consumer<String> progress) {
        throw notMerged(name);
    }

    private static BadInputException notMerged(String data) {
        if (!names().contains(data) && !Files.isDirectory(Path.of(data))) {
            return new BadInputException("unknown data '" + data + "'; expected one of " + String.join(", ", names()) + " or an image directory");
        }
        return new BadInputException("--data " + data + ": this build has no data module (org.zoolab.data); only '"
                + SyntheticImages.NAME + "' is available");
    }
}
