package org.zoolab.train;

import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zoolab.BadInputException;
import org.zoolab.data.BadFileReport;
import org.zoolab.data.ClassFolderReader;
import org.zoolab.data.ImageDecoder;
import org.zoolab.data.ImageSource;
import org.zoolab.data.ImageSources;
import org.zoolab.data.MeanStats;
import org.zoolab.data.Pipeline;
import org.zoolab.data.PipelineDataSetIterator;
import org.zoolab.data.PipelineSpec;
import org.zoolab.data.SubsetSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Training data from an image pipeline ({@code zoolab train MODEL --data DIR --pipeline P}): the pipeline's
 * TRAIN steps over the training images, batched by the prefetching decode threads, and its EVAL steps (centre
 * crop) over the validation images.
 * <p>
 * Where the images come from, for a class-folder pipeline: {@code DIR/train/<class>/*} trains and
 * {@code DIR/val/<class>/*} (the split the pipeline names, else {@code val/}, else {@code test/}) validates;
 * both must have the same class folders. A DIR without {@code train/} is itself the class-folder tree, and
 * {@code --holdout N} images of it, chosen round-robin over the classes in an order fixed by the file names,
 * validate; labels are those of the whole tree. For an idx or cifar10 pipeline (mnist, cifar10) the data set
 * comes from the data directory and {@code --holdout} works as without a pipeline (0: the test split).
 * <p>
 * {@link #epoch(int)} is a pure function of (seed, epoch): the order, the crops, the mirrors and the colour noise
 * are seeded per example ({@link Pipeline#sampleRandom}), so a resumed run sees the same batches. Bad files are
 * skipped (the batch is then smaller, the same on every run) and listed in one {@link BadFileReport}, written to
 * the run directory as {@value BadFileReport#FILE_NAME} at the end of every epoch; in strict mode the first bad
 * file stops the run with its path and reason.
 * <p>
 * A run keeps its pipeline in {@link PipelineRunFolder} ({@link #saveTo}); {@link #reopen} resumes with it, and
 * {@link SavedPipeline} evaluates and predicts with it.
 */
public final class PipelineData implements EpochData {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineData.class);

    private final PipelineSpec spec;
    private final ImageSource trainAll;
    private final Pipeline train;
    private final Pipeline eval;
    private final MeanStats stats;
    private final BadFileReport report;
    private final long seed;
    private final int batch;
    private final String validationSource;
    private final PipelineDataSetIterator validation;

    private PipelineData(PipelineSpec spec, ImageSource trainAll, Pipeline train, Pipeline eval, MeanStats stats,
                         BadFileReport report, long seed, int batch, String validationSource) {
        this.spec = spec;
        this.trainAll = trainAll;
        this.train = train;
        this.eval = eval;
        this.stats = stats;
        this.report = report;
        this.seed = seed;
        this.batch = batch;
        this.validationSource = validationSource;
        this.validation = new PipelineDataSetIterator(eval, seed, report, 0, batch);
    }

    /**
     * Opens a pipeline for a new run.
     *
     * @param spec     the pipeline, loaded once by the caller ({@link PipelineSpec#load})
     * @param data     the class-folder DIR, or the data set name for idx/cifar10 pipelines
     * @param dataDir  the zoolab data directory (idx/cifar10), or null for the default
     * @param batch    examples per batch
     * @param seed     the run's seed
     * @param holdout  images held out for validation where there is no validation split (see the class comment)
     * @param strict   stop at the first bad file
     */
    public static PipelineData open(PipelineSpec spec, String data, Path dataDir, int batch, long seed, int holdout, boolean strict) {
        return open(spec, data, dataDir, batch, seed, holdout, strict, null);
    }

    /**
     * Re-opens the pipeline a run was trained with, from its run directory (resume): its YAML and mean statistics,
     * refusing training images other than those the run was trained on.
     */
    public static PipelineData reopen(Path runDir, String data, Path dataDir, int batch, long seed, int holdout, boolean strict) {
        PipelineRunFolder folder = PipelineRunFolder.of(runDir);
        PipelineSpec spec = folder.spec();
        PipelineData d = open(spec, data, dataDir, batch, seed, holdout, strict,
                Pipeline.needsStats(spec) ? new Resume(runDir, folder.statsFile(spec)) : null);
        folder.checkSameImages(runDir, data, d.trainAll);
        return d;
    }

    /** A resumed run's statistics file, which must have been computed on the training images as they are now. */
    private record Resume(Path runDir, Path statsFile) {
        MeanStats load(PipelineSpec spec, ImageSource trainAll, String data) {
            if (Files.isRegularFile(statsFile)) {
                MeanStats kept = MeanStats.load(statsFile);
                if (!kept.fingerprint().equals(trainAll.fingerprint())) {
                    throw new BadInputException(runDir + " was trained on other images than " + data + " holds now, so it cannot"
                            + " resume exactly (" + statsFile + " was computed on other data: " + kept.source() + ", fingerprint "
                            + kept.fingerprint() + "; training uses " + trainAll.describe() + ", fingerprint " + trainAll.fingerprint() + ")");
                }
            }
            return Pipeline.loadStats(spec, trainAll, statsFile);
        }
    }

    private static PipelineData open(PipelineSpec spec, String data, Path dataDir, int batch, long seed,
                                     int holdout, boolean strict, Resume resume) {
        String given = spec.given();
        String type = spec.source().type();
        if (type.equals("segmentation")) {
            throw new BadInputException(spec.file() + ": a segmentation pipeline (image + mask pairs) trains with zoolab segment,"
                    + " not zoolab train");
        }
        BadFileReport report = new BadFileReport(strict);
        ImageSource trainAll;
        ImageSource evalSplit = null;
        String meanCommand;
        if (type.equals("class-folder")) {
            Path root = Path.of(data);
            if (!Files.isDirectory(root)) {
                throw new BadInputException("--data " + data + ": no such directory (pipeline " + spec.name() + " reads a tree of"
                        + " class folders: DIR/train/<class>/* and DIR/val/<class>/*, or DIR/<class>/*)");
            }
            ImageDecoder decoder = new ImageDecoder(spec.decode().channels(), spec.decode().maxPixels());
            Path trainDir = root.resolve(spec.source().train());
            if (Files.isDirectory(trainDir)) {
                trainAll = ClassFolderReader.open(trainDir, decoder, report);
                Path valDir = validationDir(root, spec);
                if (valDir != null) {
                    ClassFolderReader val = ClassFolderReader.open(valDir, decoder, report);
                    checkSameClasses((ClassFolderReader) trainAll, val);
                    evalSplit = val;
                } else if (holdout <= 0) {
                    throw new BadInputException(root + " has " + spec.source().train() + "/ but no " + spec.source().eval()
                            + "/, val/ or test/ folder to validate on; add one, or hold out training images with --holdout N");
                }
            } else {
                trainAll = ClassFolderReader.open(root, decoder, report);
                if (holdout <= 0) {
                    throw new BadInputException(root + " has no " + spec.source().train() + "/ folder, so it is itself the tree of"
                            + " class folders and validation images are held out of it: give --holdout N (N >= 1)");
                }
            }
            meanCommand = "zoolab data mean " + given + " --data " + data;
        } else {
            if (!data.equals(spec.source().dataset())) {
                throw new BadInputException("pipeline " + spec.name() + " reads the " + spec.source().dataset()
                        + " data set; give --data " + spec.source().dataset() + " (not " + data + ")");
            }
            trainAll = ImageSources.open(spec, true, dataDir, report);
            if (holdout <= 0) {
                evalSplit = ImageSources.open(spec, false, dataDir, report);
            }
            meanCommand = "zoolab data mean " + given + (dataDir != null ? " --data " + dataDir : "");
        }
        ImageSource trainSource;
        ImageSource valSource;
        String validationSource;
        if (evalSplit != null) {
            trainSource = trainAll;
            valSource = evalSplit;
            validationSource = evalSplit.describe();
        } else {
            int n = trainAll.size();
            if (holdout >= n) {
                throw new BadInputException("--holdout " + holdout + " is not smaller than the " + n + " images of "
                        + trainAll.describe() + "; hold out fewer (e.g. --holdout " + Math.max(1, n / 10) + ")");
            }
            SubsetSource[] parts = type.equals("class-folder") ? SubsetSource.holdOut(trainAll, holdout)
                    : new SubsetSource[]{new SubsetSource(trainAll, IntStream.range(0, n - holdout).toArray(), "training part"),
                    new SubsetSource(trainAll, IntStream.range(n - holdout, n).toArray(), "held out")};
            trainSource = parts[0];
            valSource = parts[1];
            validationSource = holdout + " images held out of " + trainAll.describe();
        }
        MeanStats stats = resume != null ? resume.load(spec, trainAll, data) : stats(spec, trainAll, meanCommand);
        Pipeline train = Pipeline.train(spec, trainSource, stats);
        if (!spec.evalModes().contains(PipelineSpec.EvalMode.CENTER)) {
            throw new BadInputException(spec.file() + ": training validates with the 'center' evaluation mode; add it to eval-modes");
        }
        Pipeline eval = Pipeline.eval(spec, valSource, stats, PipelineSpec.EvalMode.CENTER);
        int[] t = train.outputSize();
        int[] e = eval.outputSize();
        if (t[0] != e[0] || t[1] != e[1]) {
            throw new BadInputException(spec.file() + ": the train steps make " + t[0] + "x" + t[1] + " images but the eval steps "
                    + e[0] + "x" + e[1] + "; a model takes one size");
        }
        return new PipelineData(spec, trainAll, train, eval, stats, report, seed, batch, validationSource);
    }

    /** The statistics the pipeline needs from {@code zoolab data mean}, or null; a missing file names the command. */
    private static MeanStats stats(PipelineSpec spec, ImageSource trainAll, String meanCommand) {
        if (!Pipeline.needsStats(spec)) {
            return null;
        }
        Path json = MeanStats.jsonFile(trainAll.statsDir(), Pipeline.statsKey(spec));
        if (!Files.isRegularFile(json)) {
            throw new BadInputException("pipeline " + spec.name() + " subtracts the mean of its training images, and " + json
                    + " does not exist yet; compute it once with: " + meanCommand);
        }
        try {
            return Pipeline.loadStats(spec, trainAll, json);
        } catch (BadInputException ex) {
            throw new BadInputException(ex.getMessage() + "; the command: " + meanCommand);
        }
    }

    /** The validation folder of a DIR with train/: the pipeline's eval split, else val/, else test/; or null. */
    static Path validationDir(Path root, PipelineSpec spec) {
        for (String name : List.of(spec.source().eval(), "val", "test")) {
            Path d = root.resolve(name);
            if (!name.equals(spec.source().train()) && Files.isDirectory(d)) {
                return d;
            }
        }
        return null;
    }

    private static void checkSameClasses(ClassFolderReader train, ClassFolderReader val) {
        if (!train.classIds().equals(val.classIds())) {
            List<String> missing = new ArrayList<>(train.classIds());
            missing.removeAll(val.classIds());
            List<String> extra = new ArrayList<>(val.classIds());
            extra.removeAll(train.classIds());
            throw new BadInputException(val.root() + ": its class folders differ from those of " + train.root()
                    + (missing.isEmpty() ? "" : "; missing: " + String.join(", ", missing))
                    + (extra.isEmpty() ? "" : "; not in training: " + String.join(", ", extra))
                    + " (labels are the class folders in sorted order, so both must have the same ones)");
        }
    }

    @Override
    public DataSetIterator epoch(int epoch) {
        return new PipelineDataSetIterator(train, seed, report, epoch, batch);
    }

    @Override
    public long examples() {
        return train.source().size();
    }

    @Override
    public int batchSize() {
        return batch;
    }

    /** The validation batches (centre crop), the same iterator each epoch. */
    public DataSetIterator validation() {
        return validation;
    }

    /** Where validation comes from, in words. */
    public String validationSource() {
        return validationSource;
    }

    public PipelineSpec spec() {
        return spec;
    }

    /** The training pipeline. */
    public Pipeline train() {
        return train;
    }

    /** The statistics subtracted, or null. */
    public MeanStats stats() {
        return stats;
    }

    /** Bad files met so far (scan, training and validation). */
    public BadFileReport report() {
        return report;
    }

    /** The image shape the model takes and the classes. */
    public DataSources.Shape shape() {
        int[] hw = train.outputSize();
        return new DataSources.Shape(train.channels(), hw[0], hw[1], train.numClasses(), train.source().classNames());
    }

    /** Keeps the pipeline YAML and its statistics in a new run directory ({@link PipelineRunFolder}). */
    public void saveTo(RunDirectory dir) {
        PipelineRunFolder.of(dir.root()).save(spec, stats, trainAll, report, dir.root());
    }

    // ---- the one place this class writes train.log: appendLog (the run's log writer may replace it) ----

    /**
     * Writes the bad-file report into the run directory ({@value BadFileReport#FILE_NAME}, atomically) at the end
     * of every epoch, and a line summarising it to train.log when it is not empty.
     */
    public RunListener reportWriter(RunDirectory dir) {
        return new RunListener() {
            @Override
            public void epochEnded(Epoch epoch) {
                Path file = report.writeTo(dir.root());
                if (!report.isEmpty()) {
                    String line = "epoch " + epoch.epoch() + ": bad files: " + report.summary() + " (listed in " + file.getFileName() + ")";
                    LOG.warn(line);
                    appendLog(dir.log(), line);
                }
            }
        };
    }

    private static void appendLog(Path log, String message) {
        String line = LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 19) + " " + message + "\n";
        try {
            Files.writeString(log, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.warn("cannot write {}: {}", log, e.toString());
        }
    }
}
