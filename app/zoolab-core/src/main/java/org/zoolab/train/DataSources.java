package org.zoolab.train;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.zoolab.BadInputException;
import org.zoolab.data.Cifar10Dataset;
import org.zoolab.data.DataDirectory;
import org.zoolab.data.DatasetInstaller;
import org.zoolab.data.EpochShuffledIterator;
import org.zoolab.data.IdxDataset;
import org.zoolab.data.InstallResult;
import org.zoolab.data.Split;

import org.zoolab.data.PipelineSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The one place where training meets {@code org.zoolab.data}: turns a data name (mnist, fashion-mnist, cifar10,
 * synthetic) into training batches ({@link EpochData}), a validation set and a test set, or, with an image
 * pipeline ({@link #openPipeline}), a class-folder directory (or mnist/cifar10 through a pipeline) into the
 * pipeline's seeded, prefetched training batches and its centre-crop validation batches ({@link PipelineData}).
 * An image directory always goes through a pipeline: {@code zoolab train MODEL --data DIR --pipeline NAME|FILE.yaml}.
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
     * @param pipeline          the image pipeline's data (its report, statistics, run-directory files), or null
     */
    public record Opened(EpochData train, DataSetIterator validation, String validationSource, Shape shape, PipelineData pipeline) {
        public Opened(EpochData train, DataSetIterator validation, String validationSource, Shape shape) {
            this(train, validation, validationSource, shape, null);
        }
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
        var d = load(data, dataDir, Split.TEST);
        return new Shape(d.channels(), d.height(), d.width(), d.numClasses(), d.classNames());
    }

    /** Training and validation data; the last {@code holdout} training examples validate (0: the test split). */
    public static Opened open(String data, Path dataDir, int batch, long seed, int holdout, int pad) {
        if (data.equals(SyntheticImages.NAME)) {
            DataSet train = SyntheticImages.generate(2000, 10, 1, 28 + 2 * pad, seed);
            DataSet val = SyntheticImages.generate(500, 10, 1, 28 + 2 * pad, seed + 1);
            return new Opened(new InMemoryData(train, batch, seed), new InMemoryData(val, batch, -1).epoch(0),
                    "500 synthetic images", new Shape(1, 28 + 2 * pad, 28 + 2 * pad, 10, Evaluator.indexNames(10)));
        }
        var all = load(data, dataDir, Split.TRAIN);
        if (holdout >= all.size()) {
            throw new BadInputException("holdout " + holdout + " is not smaller than the " + all.size() + " training examples of " + data);
        }
        var trainSet = holdout > 0 ? subset(all, 0, all.size() - holdout) : all;
        var valSet = holdout > 0 ? subset(all, all.size() - holdout, all.size()) : load(data, dataDir, Split.TEST);
        EpochShuffledIterator it = iterator(trainSet, batch, seed, pad);
        EpochData train = new EpochData() {
            @Override
            public DataSetIterator epoch(int epoch) {
                it.setEpoch(epoch);
                return it;
            }

            @Override
            public long examples() {
                return it.numExamples();
            }

            @Override
            public int batchSize() {
                return batch;
            }
        };
        String source = holdout > 0 ? "the last " + holdout + " training examples (held out)" : "the test split (no holdout)";
        return new Opened(train, iterator(valSet, batch, -1, pad), source,
                new Shape(all.channels(), all.height() + 2 * pad, all.width() + 2 * pad, all.numClasses(), all.classNames()));
    }

    /**
     * Training and validation data through an image pipeline (see {@link PipelineData}): {@code data} is a
     * class-folder directory (or the data set an idx/cifar10 pipeline reads); the shape is the pipeline's output.
     */
    public static Opened openPipeline(PipelineSpec pipeline, String data, Path dataDir, int batch, long seed, int holdout, boolean strict) {
        return opened(PipelineData.open(pipeline, data, dataDir, batch, seed, holdout, strict));
    }

    /** The same, with the pipeline and statistics a run directory keeps (resume). */
    public static Opened reopenPipeline(Path runDir, String data, Path dataDir, int batch, long seed, int holdout, boolean strict) {
        return opened(PipelineData.reopen(runDir, data, dataDir, batch, seed, holdout, strict));
    }

    private static Opened opened(PipelineData p) {
        return new Opened(p, p.validation(), p.validationSource(), p.shape(), p);
    }

    /** The test split in file order. */
    public static DataSetIterator test(String data, Path dataDir, int batch, int pad) {
        if (data.equals(SyntheticImages.NAME)) {
            return new InMemoryData(SyntheticImages.generate(500, 10, 1, 28 + 2 * pad, 7), batch, -1).epoch(0);
        }
        return iterator(load(data, dataDir, Split.TEST), batch, -1, pad);
    }

    /** Installs a data set if it is missing (MNIST for the demo); returns a line saying what happened. */
    public static String ensureInstalled(String name, Path dataDir, Consumer<String> progress) {
        DataDirectory dir = DataDirectory.resolve(dataDir);
        if (DatasetInstaller.isInstalled(dir, name)) {
            return name + " at " + dir.datasetDir(name);
        }
        try {
            InstallResult r = new DatasetInstaller(dir, progress).fetch(name, null, false);   // <-- D's fetch
            return name + " installed at " + r.location();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install " + name, e);
        }
    }

    private static org.zoolab.data.LabelledImages load(String data, Path dataDir, Split split) {
        if (Files.isDirectory(Path.of(data))) {
            throw new BadInputException("--data " + data + ": an image directory is read through an image pipeline; give --pipeline"
                    + " NAME|FILE.yaml (shipped: alexnet, vgg, resnet, ...; see docs/pipelines.md)");
        }
        DataDirectory dir = DataDirectory.resolve(dataDir);
        return switch (data) {
            case "mnist", "fashion-mnist" -> IdxDataset.load(dir, data, split);
            case Cifar10Dataset.NAME -> Cifar10Dataset.load(dir, split);
            default -> throw new BadInputException("unknown data '" + data + "'; expected one of " + String.join(", ", names())
                    + " or an image directory");
        };
    }

    private static org.zoolab.data.LabelledImages subset(org.zoolab.data.LabelledImages d, int from, int to) {
        if (d instanceof IdxDataset idx) return idx.subset(from, to);
        if (d instanceof Cifar10Dataset c) return c.subset(from, to);
        throw new IllegalStateException("no subset for " + d);
    }

    private static EpochShuffledIterator iterator(org.zoolab.data.LabelledImages d, int batch, long seed, int pad) {
        return new EpochShuffledIterator(d, batch, seed, pad);
    }
}
