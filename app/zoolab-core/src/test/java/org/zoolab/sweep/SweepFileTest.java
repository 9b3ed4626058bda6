package org.zoolab.sweep;

import org.zoolab.io.ConfigException;

import org.junit.jupiter.api.Test;
import org.zoolab.train.Recipe;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SweepFileTest {
    static final String LENET = """
            base: {model: lenet5, data: mnist, recipe: lenet5, holdout: 5000}
            limit: {train: 6000, validation: 2000}
            epochs: 2
            space:
              lr: {logUniform: [0.001, 0.1]}
              momentum: {values: [0.0, 0.5, 0.9]}
              batch: 64
            search: {generator: grid, resolution: 3}
            budget: {maxCandidates: 20, maxTime: 1h30m, maxFailures: 4}
            score: {metric: val_top1}
            """;

    static SweepDefinition parse(String yaml) {
        return SweepDefinition.parse("s.yaml", yaml, null);
    }

    @Test
    void readsEveryPartOfASweep() {
        SweepDefinition d = parse(LENET);
        assertThat(d.name()).isEqualTo("s");
        assertThat(d.base().model()).isEqualTo("lenet5");
        assertThat(d.base().recipeName()).isEqualTo("lenet5");
        assertThat(d.limit()).isEqualTo(new SweepDefinition.DataLimit(6000, 2000));
        assertThat(d.epochs()).isEqualTo(2);
        assertThat(d.dimensions()).containsExactly(
                new Dimension(SweptKey.LR, Dimension.Kind.LOG_UNIFORM, 0.001, 0.1, List.of()),
                new Dimension(SweptKey.MOMENTUM, Dimension.Kind.DISCRETE, 0, 0, List.of(0.0, 0.5, 0.9)),
                new Dimension(SweptKey.BATCH, Dimension.Kind.FIXED, 0, 0, List.of(64)));
        assertThat(d.search()).isEqualTo(new SweepDefinition.Search(SweepDefinition.Generator.GRID, 3, 0));
        assertThat(d.budget()).isEqualTo(new SweepDefinition.Budget(20, Duration.ofMinutes(90), 4));
        assertThat(d.score()).isEqualTo(new SweepDefinition.Score(SweepDefinition.Metric.VAL_TOP1, false));
        assertThat(d.parallel()).isEqualTo(1);
        assertThat(d.gridSize()).isEqualTo(9);
        assertThat(d.plannedCandidates()).isEqualTo(9);
    }

    @Test
    void aCandidatesExperimentIsTheBaseRecipeInFullWithItsValues() {
        SweepDefinition d = parse(LENET);
        var e = d.experimentFor(Map.of("lr", 0.02, "momentum", 0.5, "batch", 64));
        Recipe r = e.recipe();
        assertThat(e.recipeName()).isNull();
        assertThat(r.name()).isEqualTo("lenet5");
        assertThat(r.optimizer()).isEqualTo(Recipe.Optimizer.MOMENTUM);
        assertThat(r.lr()).isEqualTo(0.02);
        assertThat(r.momentum()).isEqualTo(0.5);
        assertThat(r.batch()).isEqualTo(64);
        assertThat(r.epochs()).isEqualTo(2);
        assertThat(r.schedule().type()).isEqualTo(org.zoolab.train.Schedule.Type.STEPS);   // the recipe's own schedule stays
        assertThat(e.holdout()).isEqualTo(5000);
        assertThat(e.seed()).isEqualTo(42);
        // the experiment file of a candidate reads back as the same experiment
        assertThat(org.zoolab.train.Experiment.parse("x", e.toYaml())).isEqualTo(e);
    }

    @Test
    void momentumIsDroppedForOptimizersThatTakeNone() {
        SweepDefinition d = parse("""
                base: {model: lenet5, data: mnist}
                space: {optimizer: {values: [sgd, momentum]}, momentum: {value: 0.7}}
                search: {generator: grid}
                """);
        assertThat(d.experimentFor(Map.of("optimizer", "sgd", "momentum", 0.7)).recipe().momentum()).isEqualTo(0.0);
        assertThat(d.experimentFor(Map.of("optimizer", "momentum", "momentum", 0.7)).recipe().momentum()).isEqualTo(0.7);
        assertThat(d.effectiveValues(Map.of("optimizer", "sgd", "momentum", 0.7))).containsEntry("momentum", 0.0);
    }

    @Test
    void theWrittenSweepReadsBackAsTheSameSweep() {
        SweepDefinition d = parse(LENET);
        assertThat(SweepDefinition.parse("w.yaml", SweepWriter.toYaml(d), null)).isEqualTo(
                new SweepDefinition("s", d.base(), d.limit(), d.epochs(), d.dimensions(), d.search(), d.budget(), d.score(), 1));
    }

    static void assertError(String yaml, String expected) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(ConfigException.class).hasMessage(expected);
    }

    @Test
    void errorsNameTheFileAndTheKey() {
        assertError("base: {model: lenet5, data: mnist}\nspace: {lr: {logUniform: [0.001, 0.1]}}\nbudget: {maxCandidates: 3}\nepoch: 2\n",
                "s.yaml, key 'epoch': unknown key 'epoch'; expected one of: base, budget, epochs, limit, name, parallel, score, search, space");
        assertError("base: {model: lenet5, data: mnist, parallel: {workers: 2}}\nspace: {lr: [0.01, 0.1]}\n",
                "s.yaml, key 'base.parallel': a candidate trains with one worker; to train several candidates at once use the sweep's top-level 'parallel'");
        assertError("base: {model: lenet5, data: mnist}\nspace: {warmup: {uniform: [0, 0.5]}}\n",
                "s.yaml, key 'space.warmup': cannot sweep 'warmup'; the keys a sweep can vary are model, optimizer, lr, momentum, l2, weightDecay, dropout, batch, epochs, seed");
        assertError("base: {model: lenet5, data: mnist}\nspace: {dropout: {uniform: [0, 0.5]}}\nbudget: {maxCandidates: 3}\n",
                "s.yaml, key 'space.dropout': dropout: lenet5 has no dropout layer to set (dropout applies to models with dropout layers: "
                        + "alexnet, the vgg models, googlenet, the unet models); remove the dropout key or choose such a model");
        assertError("base: {model: vgg-a, data: mnist}\nspace: {dropout: {uniform: [0.2, 1.5]}}\nbudget: {maxCandidates: 3}\n",
                "s.yaml, key 'space.dropout.uniform[1]': dropout is the probability of dropping an activation, in [0, 1) (0.5 drops half), got 1.5");
        assertError("base: {model: lenet5, data: mnist}\nspace: {lr: {logUniform: [0, 0.1]}}\nbudget: {maxCandidates: 3}\n",
                "s.yaml, key 'space.lr.logUniform[0]': a learning rate must be > 0, got 0.0");
        assertError("base: {model: lenet5, data: mnist}\nspace: {l2: {logUniform: [0, 0.1]}}\nbudget: {maxCandidates: 3}\n",
                "s.yaml, key 'space.l2.logUniform[0]': a log-uniform range needs min > 0, got 0");
        assertError("base: {model: lenet5, data: mnist}\nspace: {momentum: {uniform: [0.9, 0.5]}}\nbudget: {maxCandidates: 3}\n",
                "s.yaml, key 'space.momentum.uniform': min must be < max, got [0.9, 0.5]");
        assertError("base: {model: lenet5, data: mnist}\nspace: {batch: {uniform: [16, 64]}}\nbudget: {maxCandidates: 3}\n",
                "s.yaml, key 'space.batch.uniform': 'batch' takes int: [a, b], values: [...] or a fixed value");
        assertError("base: {model: lenet5, data: mnist}\nspace: {batch: {values: [32, 64.5]}}\nbudget: {maxCandidates: 3}\n",
                "s.yaml, key 'space.batch.values[1]': expected an integer, got 64.5");
        assertError("base: {model: lenet5, data: mnist}\nspace: {model: {values: [vgg-a, vgg-z]}}\nbudget: {maxCandidates: 3}\n",
                "s.yaml, key 'space.model.values[1]': unknown zoo model 'vgg-z' (zoolab models lists them)");
        assertError("base: {model: lenet5, data: mnist}\nspace: {lr: {loguniform: [0.001, 0.1]}}\n",
                "s.yaml, key 'space.lr': unknown kind 'loguniform'; expected one of uniform, logUniform, int, values, value");
        assertError("base: {model: lenet5, data: mnist}\nspace: {lr: {uniform: [0.001, 0.1]}}\n",
                "s.yaml, key 'budget': a random search needs an end: give maxCandidates or maxTime");
        assertError("base: {model: lenet5, data: mnist}\nspace: {lr: {uniform: [0.001, 0.1]}}\nbudget: {maxTime: 10 minutes}\n",
                "s.yaml, key 'budget.maxTime': expected a duration like 90s, 30m, 2h or 1h30m, got \"10 minutes\"");
        assertError("base: {model: lenet5, data: mnist}\nspace: {lr: {uniform: [0.001, 0.1]}}\nsearch: {generator: grid, resolution: 1}\n",
                "s.yaml, key 'search.resolution': a grid over the continuous key 'lr' needs at least 2 values, got 1");
        assertError("base: {model: lenet5, data: mnist}\nspace: {lr: 0.01}\n",
                "s.yaml, key 'space': every key has a fixed value; give at least one key a range or several values");
        assertError("base: {model: lenet5, data: mnist}\nspace: {lr: {values: [0.1, 0.1]}}\nsearch: {generator: grid}\n",
                "s.yaml, key 'space.lr.values[1]': value 0.1 is listed twice");
        assertError("base: {model: lenet5, data: mnist}\nspace: {lr: {values: [0.1, 0.2]}}\nsearch: {generator: grid}\nscore: {metric: top1}\n",
                "s.yaml, key 'score.metric': expected val_top1 or val_loss, got 'top1'");
    }

    @Test
    void errorsInTheBaseExperimentAreKeyedUnderBase() {
        assertError("base: {model: lenet5, data: mnist, lr: -1}\nspace: {momentum: {values: [0.5, 0.9]}}\nsearch: {generator: grid}\n",
                "s.yaml, key 'base.lr': must be a positive number, got -1.0");
        assertError("base: {model: lenet5, data: mnist, learningRate: 0.1}\nspace: {momentum: {values: [0.5, 0.9]}}\nsearch: {generator: grid}\n",
                "s.yaml, key 'base.learningRate': unknown key 'learningRate'; expected one of: batch, checkpoints, data, earlyStopping, epochs, holdout, lr, model, parallel, pipeline, recipe, seed");
        assertError("space: {momentum: {values: [0.5, 0.9]}}\nsearch: {generator: grid}\n",
                "s.yaml, key 'base': missing; give the experiment to sweep (model, data, recipe, ...) or the path of an experiment file");
    }

    @Test
    void yamlSyntaxErrorsNameTheLine() {
        assertThatThrownBy(() -> parse("base: {model: lenet5\nspace: [\n")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("s.yaml, line ");
    }
}
