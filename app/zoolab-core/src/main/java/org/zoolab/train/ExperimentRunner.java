package org.zoolab.train;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.zoolab.BadInputException;
import org.zoolab.data.PipelineSpec;
import org.zoolab.zoo.ModelInfo;
import org.zoolab.zoo.ModelOptions;
import org.zoolab.zoo.Zoo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * From an {@link Experiment} to a ready {@link Trainer}: looks the model up in the zoo (or loads a model file),
 * sizes its input and classes from the data (MNIST's 28x28 is zero-padded by 2 for a model whose paper input is
 * 32x32, like LeNet-5), resolves the recipe, opens the data, creates the run directory and writes the resolved
 * experiment into it. With an image pipeline the data is a class-folder directory read through the pipeline
 * ({@link PipelineData}): the model takes the pipeline's output size, the run directory keeps the pipeline and
 * its mean statistics, and each epoch's bad-file report. {@link #resume} does the same from a run directory.
 */
public final class ExperimentRunner {

    /**
     * A prepared run.
     *
     * @param trainer    ready to {@link Trainer#fit()}
     * @param experiment the resolved experiment (as written to the run directory)
     * @param recipe     the recipe in force
     * @param data       the opened data
     * @param input      what the model takes
     */
    public record Prepared(Trainer trainer, Experiment experiment, Recipe recipe, DataSources.Opened data, ModelInput input) {
    }

    private ExperimentRunner() {
    }

    /** The default run directory: {@code runs/<model>-<data>-<yyyyMMdd-HHmmss>}. */
    public static Path defaultRunDirectory(Experiment e) {
        String model = Path.of(e.model()).getFileName().toString().replaceAll("\\.zip$", "");
        String data = Path.of(e.data()).getFileName().toString();
        return Path.of("runs", model + "-" + data + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }

    /** Prepares a new run of {@code e} in {@code out}; {@code dataDir} overrides the data directory (may be null). */
    public static Prepared start(Experiment e, Path out, Path dataDir) {
        return start(e, out, dataDir, false);
    }

    /**
     * Prepares a new run of {@code e} in {@code out}; {@code dataDir} overrides the data directory (may be null);
     * {@code strict}: an image pipeline stops at the first bad file instead of skipping it.
     * <p>
     * With a pipeline ({@code e.pipeline()}), {@code e.data()} is a class-folder directory (see {@link PipelineData});
     * the model is built for the pipeline's output size and the tree's classes, the batch is {@code --batch}, else
     * (when the recipe is not given in full) the pipeline's batch-size, and the pipeline's YAML and mean statistics
     * are kept in the run directory. The pipeline is loaded once and passed on. A shipped pipeline (given by name)
     * whose train steps make a fixed size must make the size the zoo model's paper uses (checked from the step
     * definitions before the data is opened); a pipeline file, or one whose output is the source's size (mnist,
     * fashion-mnist), builds the model at its output size.
     */
    public static Prepared start(Experiment e, Path out, Path dataDir, boolean strict) {
        Recipes table = Recipes.load();
        PipelineSpec spec = e.pipeline() == null ? null : PipelineSpec.load(e.pipeline());
        Path modelFile = Path.of(e.model());
        boolean fromFile = e.model().endsWith(".zip") || Files.isRegularFile(modelFile);
        ModelFile.Contents contents = fromFile ? ModelFile.read(modelFile, false) : null;
        ComputationGraphConfiguration conf;
        ComputationGraph pretrained = null;
        Recipe recipe;
        DataSources.Opened data;
        int pad;
        if (spec != null) {
            recipe = contents != null ? e.resolveRecipe(table, fileInfo(modelFile, new DataSources.Shape(spec.decode().channels(), 0, 0, 0, List.of())))
                    : e.resolveRecipe(table, Zoo.info(e.model()));
            if (e.batch() == null && e.recipe() == null) {
                recipe = recipe.withOverrides(null, spec.batchSize(), null);
            }
            if (contents == null) {
                checkModelInput(spec, Zoo.info(e.model()));
            }
            data = DataSources.openPipeline(spec, e.data(), dataDir, recipe.batch(), e.seed(), e.holdout(), strict);
            pad = 0;
        } else {
            DataSources.Shape raw = DataSources.shape(e.data(), dataDir);
            if (contents != null) {
                recipe = e.resolveRecipe(table, fileInfo(modelFile, raw));
                pad = contents.input() == null ? 0 : contents.input().pad();
            } else {
                ModelInfo info = Zoo.info(e.model());
                recipe = e.resolveRecipe(table, info);
                pad = padFor(info, raw);
            }
            data = DataSources.open(e.data(), dataDir, recipe.batch(), e.seed(), e.holdout(), pad);
        }
        if (e.parallel() != null) e.parallel().requireBatches(data.train().batchesPerEpoch());
        DataSources.Shape shape = data.shape();
        if (contents != null) {
            pretrained = contents.graph();
            conf = pretrained.getConfiguration();
            ModelInput in = contents.input();
            if (spec != null && in != null && (in.channels() != shape.channels() || in.height() != shape.height() || in.width() != shape.width())) {
                throw new BadInputException(modelFile + " takes " + in.channels() + "x" + in.height() + "x" + in.width()
                        + " input but pipeline " + e.pipeline() + " (" + spec.file() + ") makes " + shape.channels() + "x"
                        + shape.height() + "x" + shape.width());
            }
        } else {
            ModelOptions.Builder options = ModelOptions.builder().numClasses(shape.numClasses())
                    .input(shape.channels(), shape.height(), shape.width()).seed(e.seed());
            if (recipe.weightInitScheme() != null) {
                options.weightInit(recipe.weightInitScheme());
            }
            conf = Zoo.get(e.model(), options.build()).configuration();
            if (recipe.dropout() != null) conf = Recipe.withDropout(conf, recipe.dropout(), e.model());
        }
        ModelInput input = new ModelInput(shape.channels(), shape.height(), shape.width(), pad, e.data(), shape.classNames(), e.pipeline());
        RunDirectory dir = RunDirectory.create(out);
        Experiment resolved = e.resolved(recipe);
        resolved.write(dir.experiment());
        if (data.pipeline() != null) {
            data.pipeline().saveTo(dir);
        }
        Trainer.Options options = resolved.trainerOptions(input);
        Trainer trainer;
        if (pretrained != null) {
            ComputationGraph g = new ComputationGraph(recipe.applyTo(conf));
            g.init(pretrained.params().dup(), false);
            trainer = Trainer.start(g, recipe, data.train(), data.validation(), dir, options);
        } else {
            trainer = Trainer.start(conf, recipe, data.train(), data.validation(), dir, options);
        }
        if (data.pipeline() != null) {
            trainer.addListener(data.pipeline().reportWriter(dir));
        }
        return new Prepared(trainer, resolved, recipe, data, input);
    }

    /**
     * A shipped pipeline (given by name) whose train steps make a fixed size (a crop or a warp) must make the input
     * the zoo model's paper uses; the size comes from the step definitions ({@link PipelineSpec#outputSize}).
     * A pipeline file, or one whose output is the source's size (mnist, fashion-mnist), builds the model at its
     * output size.
     */
    private static void checkModelInput(PipelineSpec spec, ModelInfo info) {
        String given = spec.given();
        if (given.endsWith(".yaml") || given.endsWith(".yml")) {
            return;
        }
        int[] made = spec.outputSize(spec.train(), null);
        if (made != null && (info.inputHeight() != made[0] || info.inputWidth() != made[1])) {
            throw new BadInputException("pipeline " + given + " (" + spec.file() + ") makes " + made[0] + "x" + made[1]
                    + " images but " + info.name() + " expects " + info.inputHeight() + "x" + info.inputWidth()
                    + " input; use a pipeline that makes " + info.inputHeight() + "x" + info.inputWidth()
                    + " (see docs/pipelines.md), or a pipeline .yaml file to train at another size");
        }
    }

    private static ModelInfo fileInfo(Path modelFile, DataSources.Shape raw) {
        return new ModelInfo(modelFile.getFileName().toString(), List.of(), "file", 0, "",
                raw.channels(), raw.height(), raw.width(), raw.numClasses());
    }

    /** Prepares the continuation of the run in {@code runDir}; {@code epochs} (nullable) extends it. */
    public static Prepared resume(Path runDir, Path dataDir, Integer epochs) {
        return resume(runDir, dataDir, epochs, false);
    }

    /**
     * Prepares the continuation of the run in {@code runDir}; {@code epochs} (nullable) extends it; {@code strict}
     * as for {@link #start(Experiment, Path, Path, boolean)}. A pipeline run resumes with the pipeline YAML and mean
     * statistics kept in its run directory, and refuses training images that changed since the mean was computed.
     */
    public static Prepared resume(Path runDir, Path dataDir, Integer epochs, boolean strict) {
        RunDirectory dir = RunDirectory.open(runDir);
        Experiment e = Experiment.read(dir.experiment());
        if (epochs != null) {
            e = e.withEpochs(epochs);
        }
        Recipe recipe = e.recipe();
        if (recipe == null) {
            throw new BadInputException(dir.experiment() + " has no resolved recipe; was it written by zoolab train?");
        }
        if (epochs != null) {
            e.write(dir.experiment());
        }
        ModelFile.Contents latest = ModelFile.read(dir.latestCheckpoint().orElseThrow(() ->
                new BadInputException(runDir + " has no checkpoint to resume from")), false);
        ModelInput in = latest.input();
        int pad = in == null ? 0 : in.pad();
        DataSources.Opened data = e.pipeline() != null
                ? DataSources.reopenPipeline(runDir, e.data(), dataDir, recipe.batch(), e.seed(), e.holdout(), strict)
                : DataSources.open(e.data(), dataDir, recipe.batch(), e.seed(), e.holdout(), pad);
        ModelInput input = in != null ? in : new ModelInput(data.shape().channels(), data.shape().height(),
                data.shape().width(), pad, e.data(), data.shape().classNames(), e.pipeline());
        Trainer t = Trainer.resume(dir, recipe, data.train(), data.validation(), e.trainerOptions(input));
        if (data.pipeline() != null) {
            t.addListener(data.pipeline().reportWriter(dir));
        }
        return new Prepared(t, e, recipe, data, input);
    }

    /**
     * Zero padding that brings the data to the model's paper input: 2 when the model wants 4 more pixels (MNIST
     * 28x28 into LeNet-5's or a CIFAR ResNet's 32x32), else 0 (the model is built for the data's size).
     */
    static int padFor(ModelInfo info, DataSources.Shape data) {
        if (info.inputHeight() - data.height() == 4 && info.inputWidth() - data.width() == 4) return 2;
        return 0;
    }
}
