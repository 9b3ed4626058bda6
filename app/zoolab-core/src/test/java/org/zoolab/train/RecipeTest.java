package org.zoolab.train;

import org.zoolab.io.ConfigException;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.zoolab.zoo.ClassicalMomentum;
import org.zoolab.zoo.ModelInfo;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RecipeTest {
    static final Recipes TABLE = Recipes.load();

    static ModelInfo model(String name, String family) {
        return new ModelInfo(name, List.of(), family, 2000, "", 3, 32, 32, 10);
    }

    @Test
    void everyModelFamilyFindsItsPaperRecipe() {
        assertThat(TABLE.forModel(model("lenet5", "lenet")).name()).isEqualTo("lenet5");
        assertThat(TABLE.forModel(model("alexnet", "alexnet")).name()).isEqualTo("alexnet");
        assertThat(TABLE.forModel(model("vgg-d", "vgg")).name()).isEqualTo("vgg");
        assertThat(TABLE.forModel(model("googlenet", "googlenet")).name()).isEqualTo("googlenet");
        assertThat(TABLE.forModel(model("resnet-50", "resnet")).name()).isEqualTo("resnet-imagenet");
        // the CIFAR rows of the resnet family train with the CIFAR recipe, the ImageNet ones with the ImageNet one
        for (String cifar : List.of("resnet-1202", "plain-20", "plain-110", "preact-resnet-164", "preact-resnet-1001")) {
            assertThat(TABLE.forModel(org.zoolab.zoo.Zoo.info(cifar)).name()).as(cifar).isEqualTo("resnet-cifar");
        }
        assertThat(TABLE.forModel(org.zoolab.zoo.Zoo.info("preact-resnet-50")).name()).isEqualTo("resnet-imagenet");
        assertThat(TABLE.forModel(model("resnet-20", "resnet")).name()).isEqualTo("resnet-cifar");
        assertThat(TABLE.forModel(model("mlp", "mlp")).name()).isEqualTo("default");
    }

    /**
     * U-Net (Ronneberger et al. 2015, section 3): classical momentum 0.99; rate, batch and length are zoolab's
     * (0.001, 4 composites, 10 epochs). It names no model, so no zoo model picks it by itself.
     */
    @Test
    void unetRecipeHasThePapersMomentum() {
        Recipe u = TABLE.named("unet");
        assertThat(u.optimizer()).isEqualTo(Recipe.Optimizer.MOMENTUM);
        assertThat(u.momentum()).isEqualTo(0.99);
        assertThat(u.lr()).isEqualTo(0.001);
        assertThat(u.batch()).isEqualTo(4);
        assertThat(u.epochs()).isEqualTo(10);
        assertThat(u.l2()).isZero();
        assertThat(u.schedule().type()).isEqualTo(Schedule.Type.NONE);
        assertThat(u.updater()).isInstanceOf(ClassicalMomentum.class);
        assertThat(((ClassicalMomentum) u.updater()).getMomentum()).isEqualTo(0.99);
        assertThat(u.summary()).isEqualTo("momentum 0.99, lr 0.001, batch 4, 10 epochs");
        assertThat(TABLE.forModel(org.zoolab.zoo.Zoo.info("unet-same")).name()).isEqualTo("default");
        assertThat(TABLE.all().get(TABLE.all().size() - 1).name()).isEqualTo("default");
    }

    @Test
    void thePapersNumbers() {
        Recipe alex = TABLE.named("alexnet");
        assertThat(alex.optimizer()).isEqualTo(Recipe.Optimizer.MOMENTUM);
        assertThat(alex.momentum()).isEqualTo(0.9);
        assertThat(alex.l2()).isEqualTo(5e-4);
        assertThat(alex.weightDecay()).isEqualTo(0.0);
        assertThat(alex.lr()).isEqualTo(0.01);
        assertThat(alex.batch()).isEqualTo(128);
        assertThat(alex.schedule().type()).isEqualTo(Schedule.Type.PLATEAU);
        assertThat(alex.schedule().factor()).isEqualTo(0.1);
        Recipe vgg = TABLE.named("vgg");
        assertThat(vgg.batch()).isEqualTo(256);
        assertThat(vgg.l2()).isEqualTo(5e-4);
        assertThat(TABLE.named("googlenet").auxLossWeight()).isEqualTo(0.3);
        assertThat(TABLE.named("resnet-imagenet").l2()).isEqualTo(1e-4);
        assertThat(TABLE.named("resnet-imagenet").lr()).isEqualTo(0.1);
    }

    @Test
    void schedulesGiveThePapersRatesAtThePapersPoints() {
        Recipe cifar = TABLE.named("resnet-cifar");
        assertThat(cifar.lrAt(31_999, 0)).isEqualTo(0.1);
        assertThat(cifar.lrAt(32_000, 0)).isCloseTo(0.01, within(1e-15));
        assertThat(cifar.lrAt(47_999, 0)).isCloseTo(0.01, within(1e-15));
        assertThat(cifar.lrAt(48_000, 0)).isCloseTo(0.001, within(1e-15));
        Recipe goog = TABLE.named("googlenet");
        assertThat(goog.lrAt(0, 7)).isEqualTo(0.01);
        assertThat(goog.lrAt(0, 8)).isCloseTo(0.0096, within(1e-12));
        assertThat(goog.lrAt(0, 16)).isCloseTo(0.009216, within(1e-12));
        Recipe lenet = TABLE.named("lenet5");
        assertThat(lenet.lrAt(0, 1)).isEqualTo(0.05);
        assertThat(lenet.lrAt(0, 2)).isCloseTo(0.02, within(1e-15));
        assertThat(lenet.lrAt(0, 12)).isCloseTo(0.001, within(1e-15));
    }

    static ComputationGraphConfiguration dense(int in, int out) {
        return new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.DOUBLE).graphBuilder()
                .addInputs("in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(in).nOut(out)
                        .activation(Activation.IDENTITY).build(), "in")
                .setOutputs("out").build();
    }

    @Test
    void theRecipeCarriesL2NotDecoupledWeightDecayOnWeightsOnly() {
        ComputationGraphConfiguration conf = TABLE.named("alexnet").applyTo(dense(3, 2));
        BaseLayer layer = (BaseLayer) ((LayerVertex) conf.getVertices().get("out")).getLayerConf().getLayer();
        assertThat(layer.getRegularization()).hasSize(1).first().isInstanceOf(L2Regularization.class);
        assertThat(((L2Regularization) layer.getRegularization().get(0)).getL2().valueAt(0, 0)).isEqualTo(5e-4);
        assertThat(layer.getRegularizationBias()).isEmpty();
        assertThat(layer.getIUpdater()).isInstanceOf(ClassicalMomentum.class);
        assertThat(((ClassicalMomentum) layer.getIUpdater()).getMomentum()).isEqualTo(0.9);
        // and it survives the JSON of a saved model
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
        BaseLayer l2 = (BaseLayer) ((LayerVertex) back.getVertices().get("out")).getLayerConf().getLayer();
        assertThat(l2.getIUpdater()).isEqualTo(layer.getIUpdater());
        assertThat(l2.getRegularization()).isEqualTo(layer.getRegularization());
    }

    @Test
    void oneStepWithZeroInputShrinksWeightsByLrTimesL2() {
        // zero input: the data gradient of W is 0, so one update is W <- W - lr * l2 * W (Caffe's weight decay)
        Recipe r = TABLE.named("alexnet");
        ComputationGraph g = new ComputationGraph(r.applyTo(dense(3, 2)));
        g.init();
        INDArray w0 = g.getParam("out_W").dup();
        INDArray b0 = g.getParam("out_b").dup();
        g.fit(new INDArray[]{Nd4j.zeros(DataType.DOUBLE, 4, 3)}, new INDArray[]{Nd4j.ones(DataType.DOUBLE, 4, 2)});
        INDArray expected = w0.mul(1 - 0.01 * 5e-4);
        assertThat(g.getParam("out_W").sub(expected).amaxNumber().doubleValue()).isLessThan(1e-15);
        assertThat(g.getParam("out_b").equals(b0)).isFalse();  // the bias still learns from the data
    }

    @Test
    void momentumIsTheClassicalCaffeUpdate() {
        ClassicalMomentum m = new ClassicalMomentum(0.1, 0.9);
        INDArray state = Nd4j.zeros(DataType.DOUBLE, 1, 2);
        GradientUpdater<?> u = m.instantiate(state, true);
        INDArray g1 = Nd4j.createFromArray(new double[][]{{1.0, -2.0}});
        u.applyUpdater(g1, 0, 0);
        assertThat(g1.toDoubleVector()).containsExactly(0.1, -0.2);          // v = lr g
        INDArray g2 = Nd4j.createFromArray(new double[][]{{0.5, 0.5}});
        u.applyUpdater(g2, 1, 0);
        assertThat(g2.toDoubleVector()[0]).isCloseTo(0.9 * 0.1 + 0.05, within(1e-15));  // v = m v + lr g
        assertThat(g2.toDoubleVector()[1]).isCloseTo(0.9 * -0.2 + 0.05, within(1e-15));
        assertThat(state.toDoubleVector()).containsExactly(g2.toDoubleVector());        // state is the velocity
    }

    @Test
    void badRecipeYamlNamesTheKey() {
        String yaml = """
                recipes:
                  - name: mine
                    optimizer: momentum
                    lr: -1
                    batch: 8
                    epochs: 1
                """;
        assertThatThrownBy(() -> Recipes.parse("my.yaml", yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessage("my.yaml, key 'recipes[0].lr': must be a positive number, got -1.0");
        assertThatThrownBy(() -> Recipes.parse("my.yaml", yaml.replace("lr: -1", "lr: 0.1\n    lr_decay: 3")))
                .hasMessageStartingWith("my.yaml, key 'recipes[0].lr_decay': unknown key 'lr_decay'; expected one of: ");
        assertThatThrownBy(() -> Recipes.parse("my.yaml", yaml.replace("lr: -1", "lr: 0.1\n    schedule: {type: steps, unit: epoch, factor: 0.1}")))
                .hasMessageContaining("key 'recipes[0].schedule.at': a steps schedule needs the points where the rate drops");
        assertThatThrownBy(() -> Recipes.parse("my.yaml", "recipes:\n  - name: x\n\tlr: 1"))
                .hasMessageMatching("my.yaml, line [23]: not valid YAML: .*");
        assertThatThrownBy(() -> Recipes.parse("my.yaml", yaml.replace("optimizer: momentum", "optimizer: rmsprop")))
                .hasMessageStartingWith("my.yaml, key 'recipes[0].optimizer'");
    }

    @Test
    void plateauCutsTheRateAfterPatienceEpochsWithoutImprovement() {
        Schedule s = new Schedule(Schedule.Type.PLATEAU, null, null, 0.1, null, null, Schedule.Metric.VAL_TOP1, 2, 0.0, 1e-4);
        PlateauScheduler p = PlateauScheduler.start(s, 0.01);
        assertThat(p.onEpochEnd(0.50)).isEqualTo(0.01);
        assertThat(p.onEpochEnd(0.60)).isEqualTo(0.01);
        assertThat(p.onEpochEnd(0.60)).isEqualTo(0.01);   // 1 bad epoch
        assertThat(p.onEpochEnd(0.59)).isCloseTo(0.001, within(1e-15));  // 2 bad epochs: cut
        assertThat(p.onEpochEnd(0.58)).isCloseTo(0.001, within(1e-15));
        assertThat(p.onEpochEnd(0.58)).isCloseTo(1e-4, within(1e-15));
        assertThat(p.onEpochEnd(0.58)).isEqualTo(1e-4);
        assertThat(p.onEpochEnd(0.58)).isEqualTo(1e-4);   // never below minLr
        assertThat(p.state().drops()).isEqualTo(2);
    }
}
