package org.zoolab.sweep;

import org.zoolab.BadInputException;
import org.zoolab.train.Experiment;
import org.zoolab.train.Recipe;
import org.zoolab.train.Recipes;
import org.zoolab.zoo.Zoo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sweep: a base experiment, a search space over some of its keys, how candidates are generated, the budget,
 * the score, and how each candidate trains. Read from a sweep file ({@link SweepFile} has the format).
 *
 * @param name       the sweep's name (default: the file name without .yaml)
 * @param base       the experiment every candidate starts from
 * @param limit      training and validation examples each candidate uses (null: all)
 * @param epochs     epochs per candidate (null: the recipe's, or the swept value)
 * @param dimensions the search space, in declaration order
 * @param search     random or grid
 * @param budget     when to stop
 * @param score      what ranks candidates
 * @param parallel   candidates trained at once
 */
public record SweepDefinition(String name, Experiment base, DataLimit limit, Integer epochs, List<Dimension> dimensions,
                              Search search, Budget budget, Score score, int parallel) {

    /**
     * Examples per candidate: the first {@code train} of the training split (after the hold-out) and the first
     * {@code validation} of the validation set. Null fields: all of them.
     */
    public record DataLimit(Integer train, Integer validation) {
    }

    /** How candidates are generated. */
    public enum Generator { RANDOM, GRID }

    /**
     * @param generator  random or grid
     * @param resolution grid: values per continuous dimension (and at most per integer dimension)
     * @param seed       random: the seed of the candidate sequence (a resumed sweep regenerates the same sequence)
     */
    public record Search(Generator generator, int resolution, long seed) {
    }

    /**
     * @param maxCandidates at most this many candidates (null: grid size, or no limit for random with a time limit)
     * @param maxTime       no candidate starts after this much wall time of one invocation (null: none)
     * @param maxFailures   stop once this many candidates have failed (null: no limit)
     */
    public record Budget(Integer maxCandidates, Duration maxTime, Integer maxFailures) {
    }

    /** The validation metric that ranks candidates. */
    public enum Metric {
        VAL_TOP1("val_top1"), VAL_LOSS("val_loss");

        private final String key;

        Metric(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    /**
     * @param metric   val_top1 or val_loss of the candidate's last epoch
     * @param minimize true to minimise (default: minimise val_loss, maximise val_top1)
     */
    public record Score(Metric metric, boolean minimize) {
        /** True when {@code a} is a better score than {@code b}. */
        public boolean better(double a, double b) {
            return minimize ? a < b : a > b;
        }

        public String describe() {
            return (minimize ? "minimise " : "maximise ") + metric.key();
        }
    }

    public SweepDefinition {
        dimensions = List.copyOf(dimensions);
    }

    /** Reads a sweep file. */
    public static SweepDefinition read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": no such sweep file");
        }
        try {
            return SweepFile.parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8), file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Parses sweep YAML; {@code file} names it in messages, {@code dir} resolves a base experiment given as a path. */
    public static SweepDefinition parse(String file, String yaml, Path dir) {
        return SweepFile.parse(file, yaml, dir);
    }

    /** The dimensions that take more than one value. */
    public List<Dimension> sweptDimensions() {
        return dimensions.stream().filter(Dimension::isSwept).toList();
    }

    /** The Arbiter parameter space of this sweep. */
    public ExperimentSpace space() {
        return new ExperimentSpace(dimensions);
    }

    /** The candidate count a grid of this sweep's resolution has (before the budget). */
    public long gridSize() {
        long n = 1;
        for (Dimension d : dimensions) n *= d.gridSize(search.resolution());
        return n;
    }

    /** The candidates the sweep plans to run, or -1 when only time bounds it. */
    public long plannedCandidates() {
        long cap = budget.maxCandidates() == null ? Long.MAX_VALUE : budget.maxCandidates();
        if (search.generator() == Generator.GRID) return Math.min(gridSize(), cap);
        return cap == Long.MAX_VALUE ? -1 : cap;
    }

    /**
     * The complete experiment of a candidate: the base experiment with its recipe resolved for the candidate's
     * model and written out in full, the candidate's values applied (a momentum is dropped for optimizers that take
     * none), and the sweep's epochs per candidate.
     */
    public Experiment experimentFor(Map<String, Object> values) {
        String model = (String) values.getOrDefault(SweptKey.MODEL.yamlName(), base.model());
        Recipe r = base.resolveRecipe(Recipes.load(), Zoo.info(model));
        Recipe.Optimizer optimizer = r.optimizer();
        Object o = values.get(SweptKey.OPTIMIZER.yamlName());
        if (o != null) optimizer = Recipe.Optimizer.valueOf(((String) o).toUpperCase());
        double lr = num(values, SweptKey.LR, r.lr());
        double momentum = num(values, SweptKey.MOMENTUM, r.momentum());
        if (optimizer != Recipe.Optimizer.MOMENTUM && optimizer != Recipe.Optimizer.NESTEROV) momentum = 0;
        double l2 = num(values, SweptKey.L2, r.l2());
        double wd = num(values, SweptKey.WEIGHT_DECAY, r.weightDecay());
        int batch = (int) num(values, SweptKey.BATCH, r.batch());
        int epochsNow = values.containsKey(SweptKey.EPOCHS.yamlName()) ? ((Number) values.get(SweptKey.EPOCHS.yamlName())).intValue()
                : epochs != null ? epochs : r.epochs();
        long seed = values.containsKey(SweptKey.SEED.yamlName()) ? ((Number) values.get(SweptKey.SEED.yamlName())).longValue() : base.seed();
        Double dropout = values.containsKey(SweptKey.DROPOUT.yamlName()) ? Double.valueOf(num(values, SweptKey.DROPOUT, 0)) : r.dropout();
        Recipe full = new Recipe(r.name(), r.models(), r.families(), r.paper(), optimizer, lr, momentum, l2, wd, batch, epochsNow,
                r.schedule(), r.auxLossWeight(), r.weightInit(), dropout, r.notes(), r.warmup());
        return new Experiment(model, base.data(), base.pipeline(), null, full, null, null, null, seed, base.holdout(),
                base.checkpoints(), base.earlyStopping());
    }

    /** The values a candidate actually trains with, as results.csv records them (momentum 0 where it does not apply). */
    public Map<String, Object> effectiveValues(Map<String, Object> values) {
        Map<String, Object> m = new LinkedHashMap<>(values);
        Experiment e = experimentFor(values);
        if (m.containsKey(SweptKey.MOMENTUM.yamlName())) m.put(SweptKey.MOMENTUM.yamlName(), e.recipe().momentum());
        return m;
    }

    private static double num(Map<String, Object> values, SweptKey key, double fallback) {
        Object v = values.get(key.yamlName());
        return v == null ? fallback : ((Number) v).doubleValue();
    }
}
