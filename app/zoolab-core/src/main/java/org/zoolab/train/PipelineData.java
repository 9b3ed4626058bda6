package org.zoolab.train;

import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zoolab.io.AtomicFiles;
import org.zoolab.BadInputException;
import org.zoolab.data.BadFileReport;
import org.zoolab.data.BadImageException;
import org.zoolab.data.ClassFolderReader;
import org.zoolab.data.ImageDecoder;
import org.zoolab.data.ImageSource;
import org.zoolab.data.ImageSources;
import org.zoolab.data.MeanStats;
import org.zoolab.data.Pipeline;
import org.zoolab.data.PipelineDataSetIterator;
import org.zoolab.data.PipelineSpec;
import org.zoolab.data.Sample;
import org.zoolab.data.SubsetSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * A run keeps its pipeline: {@code RUN_DIR/pipeline/pipeline.yaml} (the YAML as trained) and the mean statistics
 * it subtracted, so {@code --resume}, {@code zoolab eval} and {@code zoolab predict} use exactly those.
 */
public final class PipelineData implements EpochData {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineData.class);

    /** The folder of a run directory that keeps the pipeline and its statistics. */
    public static final String RUN_FOLDER = "pipeline";
    /** The pipeline's YAML in {@link #RUN_FOLDER}. */
    public static final String YAML_FILE = "pipeline.yaml";
    /** The fingerprint and description of the training images in {@link #RUN_FOLDER}: resume refuses other images. */
    public static final String IMAGES_FILE = "training-images.txt";

    private final PipelineSpec spec;
    private final String yaml;
    private final ImageSource trainAll;
    private final Pipeline train;
    private final Pipeline eval;
    private final MeanStats stats;
    private final BadFileReport report;
    private final long seed;
    private final int batch;
    private final String validationSource;
    private final PipelineDataSetIterator validation;

    private PipelineData(PipelineSpec spec, String yaml, ImageSource trainAll, Pipeline train, Pipeline eval, MeanStats stats,
                         BadFileReport report, long seed, int batch, String validationSource) {
        this.spec = spec;
        this.yaml = yaml;
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
     * @param pipeline a pipeline name or .yaml file
     * @param data     the class-folder DIR, or the data set name for idx/cifar10 pipelines
     * @param dataDir  the zoolab data directory (idx/cifar10), or null for the default
     * @param batch    examples per batch
     * @param seed     the run's seed
     * @param holdout  images held out for validation where there is no validation split (see the class comment)
     * @param strict   stop at the first bad file
     */
    public static PipelineData open(String pipeline, String data, Path dataDir, int batch, long seed, int holdout, boolean strict) {
        PipelineSpec spec = PipelineSpec.load(pipeline);
        return open(spec, PipelineSpec.yamlText(pipeline), pipeline, data, dataDir, batch, seed, holdout, strict, null);
    }

    /** Re-opens the pipeline a run was trained with, from its run directory (resume). */
    public static PipelineData reopen(Path runDir, String data, Path dataDir, int batch, long seed, int holdout, boolean strict) {
        Path yamlFile = runDir.resolve(RUN_FOLDER).resolve(YAML_FILE);
        String yaml = readYaml(yamlFile);
        PipelineSpec spec = PipelineSpec.parse(yamlFile.toString(), yaml);
        Path statsFile = MeanStats.jsonFile(runDir.resolve(RUN_FOLDER), Pipeline.statsKey(spec));
        PipelineData d;
        try {
            d = open(spec, yaml, yamlFile.toString(), data, dataDir, batch, seed, holdout, strict,
                    Pipeline.needsStats(spec) ? statsFile : null);
        } catch (BadInputException e) {
            if (e.getMessage().contains("was computed on other data")) {
                throw new BadInputException(runDir + " was trained on other images than " + data + " holds now, so it cannot resume"
                        + " exactly (" + e.getMessage() + ")");
            }
            throw e;
        }
        Path images = runDir.resolve(RUN_FOLDER).resolve(IMAGES_FILE);
        if (Files.isRegularFile(images)) {
            String was = readYaml(images).strip();
            String now = imagesLine(d.trainAll);
            if (!was.split("\t")[0].equals(now.split("\t")[0])) {
                throw new BadInputException(runDir + " was trained on other images than " + data + " holds now, so it cannot resume"
                        + " exactly: then " + was.replace('\t', ' ') + ", now " + now.replace('\t', ' '));
            }
        }
        return d;
    }

    private static String imagesLine(ImageSource s) {
        return "fingerprint " + s.fingerprint() + "\t" + s.describe();
    }

    private static PipelineData open(PipelineSpec spec, String yaml, String given, String data, Path dataDir, int batch, long seed,
                                     int holdout, boolean strict, Path statsFile) {
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
        MeanStats stats = statsFile != null ? Pipeline.loadStats(spec, trainAll, statsFile) : stats(spec, trainAll, meanCommand);
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
        return new PipelineData(spec, yaml, trainAll, train, eval, stats, report, seed, batch, validationSource);
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
    private static Path validationDir(Path root, PipelineSpec spec) {
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

    private static String readYaml(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + " is missing: the run was trained with a pipeline and keeps it there");
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")");
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

    /** Keeps the pipeline YAML and its statistics in a new run directory ({@code pipeline/}). */
    public void saveTo(RunDirectory dir) {
        Path folder = dir.root().resolve(RUN_FOLDER);
        try {
            Files.createDirectories(folder);
            AtomicFiles.writeString(folder.resolve(YAML_FILE), yaml);
            AtomicFiles.writeString(folder.resolve(IMAGES_FILE), imagesLine(trainAll) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + folder, e);
        }
        if (stats != null) {
            stats.save(folder);
        }
        report.writeTo(dir.root());
    }

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
                    RunLog.of(dir).append(line);
                }
            }
        };
    }

    // ---- evaluation and prediction with a run's pipeline ----

    /**
     * The pipeline a run was trained with, as kept in its run directory.
     *
     * @param spec  the pipeline
     * @param stats its statistics, or null when it needs none
     */
    public record Saved(PipelineSpec spec, MeanStats stats) {
    }

    /**
     * The run directory a model belongs to: the directory itself, the folder of {@code model.zip}/{@code best.zip},
     * or the run of a checkpoint in {@code checkpoints/}; null when the file is not in a run directory.
     */
    public static Path runDirectoryOf(Path modelOrRun) {
        if (Files.isDirectory(modelOrRun)) {
            return modelOrRun;
        }
        Path parent = modelOrRun.toAbsolutePath().getParent();
        if (parent != null && Files.isDirectory(parent.resolve(RUN_FOLDER))) {
            return parent;
        }
        if (parent != null && parent.getFileName() != null && parent.getFileName().toString().equals("checkpoints")
                && parent.getParent() != null && Files.isDirectory(parent.getParent().resolve(RUN_FOLDER))) {
            return parent.getParent();
        }
        return null;
    }

    /**
     * The pipeline of the model {@code modelOrRun} (a run directory or a model file in one), trained with
     * {@code input}; refuses a model trained with a pipeline whose run directory is not at hand.
     */
    public static Saved saved(Path modelOrRun, ModelInput input) {
        Path run = runDirectoryOf(modelOrRun);
        Path folder = run == null ? null : run.resolve(RUN_FOLDER);
        if (folder == null || !Files.isRegularFile(folder.resolve(YAML_FILE))) {
            throw new BadInputException(modelOrRun + " was trained with pipeline " + input.pipeline() + "; its preprocessing"
                    + " (pipeline.yaml and mean statistics) is kept in the run directory's " + RUN_FOLDER
                    + "/ folder: give the run directory or a model file inside it");
        }
        Path yamlFile = folder.resolve(YAML_FILE);
        PipelineSpec spec = PipelineSpec.parse(yamlFile.toString(), readYaml(yamlFile));
        MeanStats stats = null;
        if (Pipeline.needsStats(spec)) {
            Path json = MeanStats.jsonFile(folder, Pipeline.statsKey(spec));
            if (!Files.isRegularFile(json)) {
                throw new BadInputException(json + " is missing: the run's pipeline subtracts the mean kept there");
            }
            stats = MeanStats.load(json);
        }
        return new Saved(spec, stats);
    }

    /**
     * Evaluation batches through a run's pipeline.
     *
     * @param iterator the batches ({@code views} rows per image)
     * @param views    10 for ten-crop, else 1
     * @param source   what is evaluated, in words
     */
    public record EvalData(DataSetIterator iterator, int views, String source) {
    }

    /**
     * The evaluation images of {@code data} through the run's EVAL steps: for a class-folder pipeline DIR's
     * validation folder (the pipeline's eval split, val/ or test/), or DIR itself when it has no train/; its
     * classes must be the model's.
     */
    public static EvalData evalData(Saved saved, String data, Path dataDir, PipelineSpec.EvalMode mode, List<String> modelClasses,
                                    int batch, BadFileReport report) {
        PipelineSpec spec = saved.spec();
        ImageSource source;
        if (spec.source().type().equals("class-folder")) {
            Path root = Path.of(data);
            if (!Files.isDirectory(root)) {
                throw new BadInputException("--data " + data + ": no such directory (expected DIR/val/<class>/* or DIR/<class>/*)");
            }
            Path dir = validationDir(root, spec);
            if (dir == null) {
                if (Files.isDirectory(root.resolve(spec.source().train()))) {
                    throw new BadInputException(root + " has " + spec.source().train() + "/ but no " + spec.source().eval()
                            + "/, val/ or test/ folder to evaluate on; give that folder (or a tree of class folders) as --data");
                }
                dir = root;
            }
            ClassFolderReader r = ClassFolderReader.open(dir, new ImageDecoder(spec.decode().channels(), spec.decode().maxPixels()), report);
            if (!modelClasses.isEmpty() && !r.classNames().equals(modelClasses)) {
                throw new BadInputException(dir + ": its classes " + r.classNames() + " are not the model's " + modelClasses);
            }
            source = r;
        } else {
            source = ImageSources.open(spec, false, dataDir, report);
        }
        Pipeline p = Pipeline.eval(spec, source, saved.stats(), mode);
        return new EvalData(new PipelineDataSetIterator(p, 0, report, 0, batch), p.views(), source.describe());
    }

    /**
     * The run's EVAL pipeline (centre crop) for single images: {@link #prepare} turns a file's bytes into the
     * model's input.
     */
    public static Pipeline predictionPipeline(Saved saved, List<String> classNames) {
        return Pipeline.eval(saved.spec(), new NoImages(classNames), saved.stats(), PipelineSpec.EvalMode.CENTER);
    }

    /** Decodes encoded image bytes and runs the pipeline's steps: {@code {c, h, w}} values, CHW order. */
    public static float[] prepare(Pipeline pipeline, byte[] encoded, String name) {
        PipelineSpec spec = pipeline.spec();
        ImageDecoder decoder = new ImageDecoder(spec.decode().channels(), spec.decode().maxPixels());
        try {
            ImageDecoder.Decoded d = decoder.decode(encoded);
            Sample s = Sample.of(d.image(), 0, name);
            return pipeline.run(s, Pipeline.sampleRandom(0, 0, 0)).get(0).image().data();
        } catch (BadImageException e) {
            throw new BadInputException(name + ": " + e.reason());
        }
    }

    /** A source with no images, for building a pipeline that runs on images given one at a time. */
    private record NoImages(List<String> classNames) implements ImageSource {
        @Override
        public int size() {
            return 0;
        }

        @Override
        public Sample load(int index) {
            throw new IndexOutOfBoundsException(index);
        }

        @Override
        public int label(int index) {
            throw new IndexOutOfBoundsException(index);
        }

        @Override
        public String name(int index) {
            throw new IndexOutOfBoundsException(index);
        }

        @Override
        public String describe() {
            return "images given one at a time";
        }

        @Override
        public String fingerprint() {
            return "";
        }

        @Override
        public Path statsDir() {
            return Path.of(".");
        }
    }
}
