package org.zoolab.train;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.zoolab.io.ConfigException;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The warm-up phase: when it ends, the batch error it watches, and ResNet-110's recipe. */
class WarmupTest {

    @Test
    void endsAtTheFirstStepWhoseRunningErrorIsBelowTheThreshold() {
        Warmup w = new Warmup(0.01, 0.5, 3, 100);
        // running means over 3: -, -, 0.767, 0.567, 0.367 (< 0.5 at step 5)
        double[] errors = {0.9, 0.8, 0.6, 0.3, 0.2, 0.1};
        Warmup.State s = Warmup.State.START;
        int endedAt = -1;
        for (int i = 0; i < errors.length && endedAt < 0; i++) {
            s = w.next(s, i + 1, errors[i]);
            if (s.done()) endedAt = s.endedAt();
        }
        assertThat(endedAt).isEqualTo(5);
        assertThat(s.errors()).containsExactly(0.6, 0.3, 0.2);
        assertThat(s.runningError()).isCloseTo(1.1 / 3, within(1e-12));
        assertThat(w.next(s, 6, 0.9)).as("a finished warm-up stays finished").isSameAs(s);
        assertThat(w.endNote(s, 0.1)).isEqualTo("warm-up over after iteration 5: training error 36.7% (mean of the last 3 steps)"
                + " is below 50%; learning rate 0.0100 -> 0.100");
    }

    @Test
    void aFullWindowIsNeededAndTheCapEndsItRegardless() {
        Warmup w = new Warmup(0.01, 0.5, 3, 4);
        Warmup.State s = w.next(Warmup.State.START, 1, 0.0);
        assertThat(s.done()).as("one step is not a running error of 3").isFalse();
        s = w.next(w.next(s, 2, 0.9), 3, 0.9);
        assertThat(s.done()).as("(0 + 0.9 + 0.9) / 3 = 0.6").isFalse();
        s = w.next(s, 4, 0.9);
        assertThat(s.done()).isTrue();
        assertThat(s.endedAt()).isEqualTo(4);
        assertThat(w.endNote(s, 0.1)).isEqualTo("warm-up over after iteration 4: reached its cap of 4 iterations"
                + " (training error 90.0%, not below 50%); learning rate 0.0100 -> 0.100");
    }

    @Test
    void batchErrorIsTheTop1ErrorAgainstOneHotLabels() {
        var out = Nd4j.create(new float[][]{{0.1f, 0.7f, 0.2f}, {0.5f, 0.3f, 0.2f}, {0.2f, 0.2f, 0.6f}, {0.3f, 0.3f, 0.4f}});
        var labels = Nd4j.create(new float[][]{{0, 1, 0}, {0, 1, 0}, {0, 0, 1}, {1, 0, 0}});
        assertThat(Warmup.error(out, labels)).isEqualTo(0.5);   // rows 2 and 4 are wrong
        assertThatThrownBy(() -> Warmup.error(Nd4j.zeros(2, 3, 4, 4), Nd4j.zeros(2, 3, 4, 4)))
                .hasMessageStartingWith("a warm-up needs a classifier with [batch, classes] outputs");
    }

    @Test
    void resnet110CarriesThePapersWarmupAndTheOtherCifarResNetsNone() {
        Recipes table = Recipes.load();
        Recipe r = table.forModel(RecipeTest.model("resnet-110", "resnet-cifar"));
        assertThat(r.name()).isEqualTo("resnet-110");
        assertThat(table.forModel(RecipeTest.model("resnet110", "resnet-cifar")).name()).isEqualTo("resnet-110");
        assertThat(r.warmup().lr()).isEqualTo(0.01);
        assertThat(r.warmup().untilError()).isEqualTo(0.8);
        assertThat(r.warmup().window()).isEqualTo(20);
        assertThat(r.warmup().maxIterations()).isEqualTo(1600);
        // "and then go back to 0.1": otherwise the CIFAR recipe
        Recipe cifar = table.named("resnet-cifar");
        assertThat(r.lr()).isEqualTo(0.1);
        assertThat(r.schedule()).isEqualTo(cifar.schedule());
        assertThat(List.of(r.momentum(), r.l2(), (double) r.batch(), (double) r.epochs()))
                .isEqualTo(List.of(cifar.momentum(), cifar.l2(), (double) cifar.batch(), (double) cifar.epochs()));
        assertThat(cifar.warmup()).isNull();
        assertThat(table.forModel(RecipeTest.model("resnet-56", "resnet-cifar")).name()).isEqualTo("resnet-cifar");
        assertThat(r.summary()).contains("after a warm-up at lr 0.01 until training error < 80% (mean of 20 steps, at most 1600 iterations)");
    }

    @Test
    void aBadWarmupNamesItsKey() {
        String yaml = """
                recipes:
                  - name: x
                    optimizer: momentum
                    momentum: 0.9
                    lr: 0.1
                    batch: 8
                    epochs: 1
                    warmup: {lr: 0.01, untilError: 80, window: 20, maxIterations: 1600}
                """;
        assertThatThrownBy(() -> Recipes.parse("my.yaml", yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessage("my.yaml, key 'recipes[0].warmup.untilError': must be a training error fraction in (0, 1]"
                        + " (0.8: below 80%), got 80.0");
        assertThatThrownBy(() -> Recipes.parse("my.yaml", yaml.replace("untilError: 80, ", "")))
                .hasMessageContaining("key 'recipes[0].warmup.untilError'");
        assertThatThrownBy(() -> Recipes.parse("my.yaml", yaml.replace("untilError: 80", "untilError: 0.8").replace("1600", "10")))
                .hasMessage("my.yaml, key 'recipes[0].warmup.maxIterations': the warm-up's cap in iterations must be at"
                        + " least its window (20), got 10");
    }

    /** A run keeps its resolved recipe in experiment.yaml; resume reads the warm-up back from there. */
    @Test
    void theWarmupSurvivesTheRunsExperimentYaml(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        Experiment e = Experiment.parse("exp.yaml", "model: resnet-110\ndata: cifar10\nrecipe: resnet-110\nepochs: 3\n");
        Recipe r = e.resolveRecipe(Recipes.load(), null);
        Experiment resolved = e.resolved(r);
        resolved.write(tmp.resolve("experiment.yaml"));
        Experiment back = Experiment.read(tmp.resolve("experiment.yaml"));
        assertThat(back.recipe().warmup()).isEqualTo(new Warmup(0.01, 0.8, 20, 1600));
        assertThat(back.recipe()).isEqualTo(r);
    }
}
