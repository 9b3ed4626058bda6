package org.zoolab.train;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.zoolab.BadInputException;
import org.zoolab.zoo.ModelInfo;
import org.zoolab.zoo.ModelOptions;
import org.zoolab.zoo.Zoo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * From an {@link Experiment} to a ready {@link Trainer}: looks the model up in the zoo (or loads a model file),
 * sizes its input and classes from the data (MNIST's 28x28 is zero-padded by 2 for a model whose paper input is
 * 32x32, like LeNet-5), resolves the recipe, opens the data, creates the run directory and writes the resolved
 * experiment into it. {@link #resume} does the same from a run directory.
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
        if (e.pipeline() != null) {
            throw new BadInputException("--pipeline " + e.pipeline() + ": image pipelines are not wired into training yet");
        }
        Recipes table = Recipes.load();
        DataSources.Shape raw = DataSources.shape(e.data(), dataDir);
        Path modelFile = Path.of(e.model());
        ComputationGraphConfiguration conf;
        ComputationGraph pretrained = null;
        Recipe recipe;
        int pad;
        if (e.model().endsWith(".zip") || Files.isRegularFile(modelFile)) {
            ModelFile.Contents c = ModelFile.read(modelFile, false);
            pretrained = c.graph();
            conf = pretrained.getConfiguration();
            ModelInput in = c.input();
            pad = in == null ? 0 : in.pad();
            recipe = e.resolveRecipe(table, new ModelInfo(modelFile.getFileName().toString(), java.util.List.of(), "file", 0, "",
                    raw.channels(), raw.height(), raw.width(), raw.numClasses()));
        } else {
            ModelInfo info = Zoo.info(e.model());
            pad = padFor(info, raw);
            recipe = e.resolveRecipe(table, info);
            ModelOptions.Builder options = ModelOptions.builder().numClasses(raw.numClasses())
                    .input(raw.channels(), raw.height() + 2 * pad, raw.width() + 2 * pad).seed(e.seed());
            if (recipe.weightInitScheme() != null) {
                options.weightInit(recipe.weightInitScheme());
            }
            conf = Zoo.get(e.model(), options.build()).configuration();
        }
        DataSources.Opened data = DataSources.open(e.data(), dataDir, recipe.batch(), e.seed(), e.holdout(), pad);
        ModelInput input = new ModelInput(data.shape().channels(), data.shape().height(), data.shape().width(), pad, e.data(),
                data.shape().classNames());
        if (e.parallel() != null) e.parallel().requireBatches(data.train().batchesPerEpoch());
        RunDirectory dir = RunDirectory.create(out);
        Experiment resolved = e.resolved(recipe);
        resolved.write(dir.experiment());
        Trainer.Options options = resolved.trainerOptions(input);
        Trainer trainer;
        if (pretrained != null) {
            ComputationGraph g = new ComputationGraph(recipe.applyTo(conf));
            g.init(pretrained.params().dup(), false);
            trainer = Trainer.start(g, recipe, data.train(), data.validation(), dir, options);
        } else {
            trainer = Trainer.start(conf, recipe, data.train(), data.validation(), dir, options);
        }
        return new Prepared(trainer, resolved, recipe, data, input);
    }

    /** Prepares the continuation of the run in {@code runDir}; {@code epochs} (nullable) extends it. */
    public static Prepared resume(Path runDir, Path dataDir, Integer epochs) {
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
        DataSources.Opened data = DataSources.open(e.data(), dataDir, recipe.batch(), e.seed(), e.holdout(), pad);
        ModelInput input = in != null ? in : new ModelInput(data.shape().channels(), data.shape().height(),
                data.shape().width(), pad, e.data(), data.shape().classNames());
        Trainer t = Trainer.resume(dir, recipe, data.train(), data.validation(), e.trainerOptions(input));
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
