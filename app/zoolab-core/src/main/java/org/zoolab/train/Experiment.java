package org.zoolab.train;

import org.zoolab.io.ConfigException;
import org.zoolab.io.StrictYaml;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.zoolab.io.AtomicFiles;
import org.zoolab.BadInputException;
import org.zoolab.zoo.ModelInfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.zoolab.io.StrictYaml.require;

/**
 * What to train: model, data, pipeline and recipe, plus the run's seed and bookkeeping. Read from an experiment
 * YAML ({@code zoolab train --experiment FILE}); the <i>resolved</i> experiment (recipe written out in full,
 * overrides applied, every default filled in) is written into the run directory as {@code experiment.yaml}, and
 * training from it again reproduces the run.
 * <pre>
 * model: lenet5
 * data: mnist                # a dataset name or an image directory
 * pipeline: null             # an image pipeline from pipelines/, optional
 * recipe: lenet5             # a name from zoo-configs/recipes.yaml, or a complete recipe mapping; default: the model's
 * epochs: 3                  # optional overrides of the recipe
 * batch: 64
 * lr: 0.01
 * seed: 42                   # weights, data order and every random number of the run
 * holdout: 5000              # validation examples held out from the end of the training split; 0: validate on test
 * checkpoints: {keepLast: 3, every: 0}   # every: also checkpoint every N iterations
 * earlyStopping: {metric: val_top1, patience: 5, minDelta: 0}            # optional
 * parallel: {workers: 2, mode: sharing, averagingFrequency: 1, threshold: 0.001}   # optional; absent: one worker
 * </pre>
 *
 * @param model         zoo model name or alias
 * @param data          dataset name or directory
 * @param pipeline      image pipeline name, or null
 * @param recipeName    the recipe's name when given by name (null when given in full or defaulted)
 * @param recipe        the recipe when given in full (null when given by name or defaulted)
 * @param epochs        override of the recipe's epochs, or null
 * @param batch         override of the recipe's batch size, or null
 * @param lr            override of the recipe's initial learning rate, or null
 * @param seed          the run's seed
 * @param holdout       validation examples held out from the training split (0: the test split validates)
 * @param checkpoints   checkpoint policy
 * @param earlyStopping early stopping, or null
 * @param parallel      data-parallel training on several workers, or null for one worker (the plain loop)
 */
public record Experiment(String model, String data, String pipeline, String recipeName, Recipe recipe, Integer epochs,
                         Integer batch, Double lr, long seed, int holdout, Checkpoints checkpoints, EarlyStopping earlyStopping,
                         Parallel parallel) {

    public static final long DEFAULT_SEED = 42;
    public static final int DEFAULT_HOLDOUT = 5000;

    /**
     * @param keepLast how many checkpoints to keep besides best.zip
     * @param every    also checkpoint every this many iterations (0: at epoch ends only)
     */
    public record Checkpoints(Integer keepLast, Integer every) {
        public static final Checkpoints DEFAULT = new Checkpoints(3, 0);

        public Checkpoints {
            keepLast = keepLast == null ? 3 : keepLast;
            every = every == null ? 0 : every;
            require(keepLast >= 1, "keepLast", "must be >= 1, got " + keepLast);
            require(every >= 0, "every", "must be >= 0 (0: only at epoch ends), got " + every);
        }
    }

    /**
     * Data-parallel training on one machine ({@code zoolab train --workers N}): {@code workers} replicas of the
     * model each train on their own batches, kept together by gradient sharing or parameter averaging. Carried
     * out by an {@link EpochFitter} (the CLI plugs in {@code org.zoolab.distributed.DataParallelFitter}).
     *
     * @param workers            model replicas trained at once; 1 means the plain single-threaded loop
     * @param mode               {@code sharing} (threshold-encoded updates shared after every step) or
     *                           {@code averaging} (parameters and updater state averaged every few rounds)
     * @param averagingFrequency averaging only: average every this many rounds (a round is one batch per worker)
     * @param threshold          sharing only: the initial encoding threshold (it adapts)
     */
    public record Parallel(Integer workers, String mode, Integer averagingFrequency, Double threshold) {
        public static final String SHARING = "sharing";
        public static final String AVERAGING = "averaging";
        /** The initial encoding threshold when none is given: a typical Adam step (learning rate 1e-3). */
        public static final double DEFAULT_THRESHOLD = 1e-3;

        public Parallel {
            mode = mode == null ? SHARING : mode.trim().toLowerCase(java.util.Locale.ROOT);
            averagingFrequency = averagingFrequency == null ? 1 : averagingFrequency;
            threshold = threshold == null ? DEFAULT_THRESHOLD : threshold;
            require(workers != null, "workers", "missing; how many replicas to train at once, e.g. workers: 2");
            require(workers >= 1, "workers", "must be >= 1, got " + workers);
            require(mode.equals(SHARING) || mode.equals(AVERAGING), "mode", "must be sharing or averaging, got '" + mode + "'");
            require(averagingFrequency >= 1, "averagingFrequency", "must be >= 1, got " + averagingFrequency);
            require(threshold > 0 && Double.isFinite(threshold), "threshold", "must be a positive number, got " + threshold);
        }

        /**
         * Checks that every worker gets a batch in an epoch of {@code batches} batches; the message names the
         * command-line option.
         */
        public void requireBatches(long batches) {
            if (workers > batches) {
                throw new BadInputException("--workers " + workers + ": an epoch has only " + batches + " batch"
                        + (batches == 1 ? "" : "es") + ", so at most " + batches + " workers can train at once");
            }
        }
    }

    /** The YAML shape (recipe only as a mapping; a recipe name is taken out before binding). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Fields(String model, String data, String pipeline, Recipe recipe, Integer epochs, Integer batch, Double lr,
                  Long seed, Integer holdout, Checkpoints checkpoints, EarlyStopping earlyStopping, Parallel parallel) {
        Fields {
            require(model != null && !model.isBlank(), "model", "missing; name a zoo model, e.g. model: lenet5");
            require(data != null && !data.isBlank(), "data", "missing; name a dataset (mnist, fashion-mnist, cifar10) or an image directory");
            require(epochs == null || epochs >= 1, "epochs", "must be >= 1, got " + epochs);
            require(batch == null || batch >= 1, "batch", "must be >= 1, got " + batch);
            require(lr == null || (lr > 0 && Double.isFinite(lr)), "lr", "must be a positive number, got " + lr);
            require(holdout == null || holdout >= 0, "holdout", "must be >= 0, got " + holdout);
        }
    }

    public Experiment {
        checkpoints = checkpoints == null ? Checkpoints.DEFAULT : checkpoints;
        parallel = parallel == null || parallel.workers() == 1 ? null : parallel;
        if (recipeName != null && recipe != null) {
            throw new IllegalArgumentException("give a recipe by name or in full, not both");
        }
    }

    /** An experiment trained on one worker. */
    public Experiment(String model, String data, String pipeline, String recipeName, Recipe recipe, Integer epochs,
                      Integer batch, Double lr, long seed, int holdout, Checkpoints checkpoints, EarlyStopping earlyStopping) {
        this(model, data, pipeline, recipeName, recipe, epochs, batch, lr, seed, holdout, checkpoints, earlyStopping, null);
    }

    /** The same experiment trained on {@code p}'s workers (null: one worker). */
    public Experiment withParallel(Parallel p) {
        return new Experiment(model, data, pipeline, recipeName, recipe, epochs, batch, lr, seed, holdout, checkpoints,
                earlyStopping, p);
    }

    /** Reads an experiment file. */
    public static Experiment read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": no such experiment file");
        }
        try {
            return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Parses experiment YAML; {@code file} names it in messages. */
    public static Experiment parse(String file, String yaml) {
        JsonNode tree = StrictYaml.tree(file, yaml);
        if (!tree.isObject()) {
            throw new ConfigException(file, "", "expected a mapping of keys (model, data, recipe, ...)");
        }
        String recipeName = null;
        JsonNode r = tree.get("recipe");
        if (r != null && r.isTextual()) {
            recipeName = r.asText();
            ((ObjectNode) tree).remove("recipe");
        }
        Fields f = StrictYaml.convert(file, tree, Fields.class);
        return new Experiment(f.model(), f.data(), f.pipeline(), recipeName, f.recipe(), f.epochs(), f.batch(), f.lr(),
                f.seed() == null ? DEFAULT_SEED : f.seed(), f.holdout() == null ? DEFAULT_HOLDOUT : f.holdout(),
                f.checkpoints(), f.earlyStopping(), f.parallel());
    }

    /** The recipe this experiment trains with: named, given in full, or the model's default; overrides applied. */
    public Recipe resolveRecipe(Recipes table, ModelInfo modelInfo) {
        Recipe base = recipe != null ? recipe : recipeName != null ? table.named(recipeName) : table.forModel(modelInfo);
        return base.withOverrides(epochs, batch, lr);
    }

    /** This experiment with the recipe written out in full and the overrides folded into it. */
    public Experiment resolved(Recipe fullRecipe) {
        return new Experiment(model, data, pipeline, null, fullRecipe, null, null, null, seed, holdout, checkpoints, earlyStopping,
                parallel);
    }

    /** The same experiment with a different number of epochs (resume with --epochs). */
    public Experiment withEpochs(int n) {
        if (recipe == null) {
            return new Experiment(model, data, pipeline, recipeName, null, n, batch, lr, seed, holdout, checkpoints, earlyStopping,
                    parallel);
        }
        return new Experiment(model, data, pipeline, null, recipe.withOverrides(n, null, null), null, batch, lr, seed, holdout,
                checkpoints, earlyStopping, parallel);
    }

    /** YAML text of this experiment. */
    public String toYaml() {
        Fields f = new Fields(model, data, pipeline, recipe, epochs, batch, lr, seed, holdout, checkpoints, earlyStopping, parallel);
        String body = StrictYaml.write(f);
        if (recipeName != null) {
            body = body + "recipe: " + recipeName + "\n";
        }
        return "# zoolab experiment" + (recipe != null && recipeName == null && epochs == null
                ? " (resolved: train --experiment on this file reproduces the run)" : "") + "\n" + body;
    }

    /** Writes this experiment atomically. */
    public void write(Path file) {
        try {
            AtomicFiles.writeString(file, toYaml());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The trainer options this experiment asks for. */
    public Trainer.Options trainerOptions(ModelInput input) {
        return new Trainer.Options(seed, checkpoints.keepLast(), checkpoints.every(), 10, earlyStopping, input);
    }
}
