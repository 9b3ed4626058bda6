package org.zoolab.train;

import org.zoolab.io.ConfigException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExperimentTest {

    @Test
    void readsANamedRecipeWithOverridesAndDefaults() {
        Experiment e = Experiment.parse("exp.yaml", """
                model: resnet-20
                data: cifar10
                recipe: resnet-cifar
                epochs: 3
                lr: 0.05
                """);
        assertThat(e.recipeName()).isEqualTo("resnet-cifar");
        assertThat(e.seed()).isEqualTo(42);
        assertThat(e.holdout()).isEqualTo(5000);
        assertThat(e.checkpoints()).isEqualTo(new Experiment.Checkpoints(3, 0));
        Recipe r = e.resolveRecipe(Recipes.load(), null);
        assertThat(r.epochs()).isEqualTo(3);
        assertThat(r.lr()).isEqualTo(0.05);
        assertThat(r.batch()).isEqualTo(128);
        assertThat(r.l2()).isEqualTo(1e-4);
    }

    @Test
    void theResolvedExperimentReadsBackToTheSameRecipe(@TempDir Path tmp) throws Exception {
        Experiment e = Experiment.parse("exp.yaml", "model: lenet5\ndata: mnist\nrecipe: lenet5\nepochs: 2\nseed: 7\n"
                + "earlyStopping: {metric: val_top1, patience: 2}\ncheckpoints: {every: 100}\n");
        Recipe r = e.resolveRecipe(Recipes.load(), null);
        Experiment resolved = e.resolved(r);
        resolved.write(tmp.resolve("experiment.yaml"));
        Experiment back = Experiment.read(tmp.resolve("experiment.yaml"));
        assertThat(back).isEqualTo(resolved);
        assertThat(back.recipe()).isEqualTo(r);
        assertThat(back.recipe().epochs()).isEqualTo(2);
        assertThat(back.resolveRecipe(Recipes.parse("other.yaml", "recipes: [{name: x, optimizer: sgd, lr: 1, batch: 1, epochs: 1}]"), null))
                .as("a resolved experiment does not depend on recipes.yaml any more").isEqualTo(r);
        assertThat(Files.readString(tmp.resolve("experiment.yaml"))).startsWith("# zoolab experiment (resolved");
    }

    @Test
    void errorsNameTheKey() {
        assertThatThrownBy(() -> Experiment.parse("exp.yaml", "model: lenet5\ndata: mnist\nepochs: 0\n"))
                .isInstanceOf(ConfigException.class).hasMessage("exp.yaml, key 'epochs': must be >= 1, got 0");
        assertThatThrownBy(() -> Experiment.parse("exp.yaml", "model: lenet5\ndata: mnist\nepoch: 3\n"))
                .hasMessageStartingWith("exp.yaml, key 'epoch': unknown key 'epoch'; expected one of: batch, checkpoints, data, earlyStopping, epochs,");
        assertThatThrownBy(() -> Experiment.parse("exp.yaml", "data: mnist\n"))
                .hasMessage("exp.yaml, key 'model': missing; name a zoo model, e.g. model: lenet5");
        assertThatThrownBy(() -> Experiment.parse("exp.yaml", "model: lenet5\ndata: mnist\nrecipe: {name: r, optimizer: sgd, lr: 0.1, batch: 0, epochs: 1}\n"))
                .hasMessage("exp.yaml, key 'recipe.batch': must be a positive integer, got 0");
        assertThatThrownBy(() -> Experiment.parse("exp.yaml", "model: lenet5\ndata: mnist\nearlyStopping: {metric: val_acc, patience: 2}\n"))
                .hasMessageStartingWith("exp.yaml, key 'earlyStopping.metric'");
        assertThatThrownBy(() -> Experiment.parse("exp.yaml", "model: lenet5\ndata: mnist\ncheckpoints: {keepLast: 0}\n"))
                .hasMessage("exp.yaml, key 'checkpoints.keepLast': must be >= 1, got 0");
        assertThatThrownBy(() -> Experiment.parse("exp.yaml", "model: lenet5\ndata: mnist\nseed: abc\n"))
                .hasMessageStartingWith("exp.yaml, key 'seed': ");
        assertThatThrownBy(() -> Experiment.parse("exp.yaml", "- a\n- b\n"))
                .hasMessage("exp.yaml: expected a mapping of keys (model, data, recipe, ...)");
    }
}
