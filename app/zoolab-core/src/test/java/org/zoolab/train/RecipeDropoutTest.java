package org.zoolab.train;

import org.zoolab.io.ConfigException;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.zoolab.BadInputException;
import org.zoolab.zoo.ModelOptions;
import org.zoolab.zoo.Zoo;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The recipe's dropout: the papers' drop probability, DL4J's retain probability, on the model's dropout positions. */
class RecipeDropoutTest {

    static Layer layer(ComputationGraphConfiguration conf, String name) {
        return ((LayerVertex) conf.getVertices().get(name)).getLayerConf().getLayer();
    }

    static Recipe withDropout(Double p) {
        Recipe r = TrainerTest.recipe(1);
        return new Recipe(r.name(), r.models(), r.families(), r.paper(), r.optimizer(), r.lr(), r.momentum(), r.l2(), r.weightDecay(),
                r.batch(), r.epochs(), r.schedule(), r.auxLossWeight(), r.weightInit(), p, r.notes());
    }

    @Test
    void dropoutIsTheDropProbabilityAndDl4jGetsTheRetainProbability() {
        // DL4J's Dropout(p) RETAINS with probability p; the recipe's 0.2 drops 20%: Dropout(0.8)
        assertThat(Recipe.dropoutFor(0.2)).isEqualTo(new Dropout(0.8));
        assertThat(((Dropout) Recipe.dropoutFor(0.2)).getP()).isEqualTo(0.8);
        assertThat(Recipe.dropoutFor(0.0)).as("0 removes the dropout").isNull();

        // and in DL4J's forward pass: 20% of the activations are zeroed, the rest scaled by 1 / 0.8 (inverted dropout)
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.FLOAT).graphBuilder()
                .addInputs("in")
                .addLayer("drop", new DropoutLayer.Builder(0.5).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(100_000).nOut(1)
                        .activation(Activation.IDENTITY).build(), "drop")
                .setOutputs("out").build();
        ComputationGraph g = new ComputationGraph(Recipe.withDropout(conf, 0.2, "test"));
        g.init();
        Map<String, INDArray> acts = g.feedForward(new INDArray[]{Nd4j.ones(DataType.FLOAT, 1, 100_000)}, true, false);
        INDArray dropped = acts.get("drop");
        double zeros = dropped.eq(0).castTo(DataType.FLOAT).meanNumber().doubleValue();
        assertThat(zeros).isCloseTo(0.2, within(0.01));
        assertThat(dropped.maxNumber().doubleValue()).isCloseTo(1.25, within(1e-6));
    }

    @Test
    void everyDropoutLayerOfAZooModelTakesIt() {
        ComputationGraphConfiguration vgg = Zoo.get("vgg-a", ModelOptions.defaults()).configuration();
        assertThat(((DropoutLayer) layer(vgg, "drop6")).getIDropout()).as("the paper's 0.5").isEqualTo(new Dropout(0.5));
        ComputationGraphConfiguration c = Recipe.withDropout(vgg, 0.3, "vgg-a");
        assertThat(layer(c, "drop6").getIDropout()).isEqualTo(new Dropout(0.7));
        assertThat(layer(c, "drop7").getIDropout()).isEqualTo(new Dropout(0.7));
        assertThat(layer(c, "fc6").getIDropout()).as("only dropout positions").isNull();
        assertThat(layer(vgg, "drop6").getIDropout()).as("the original is not touched").isEqualTo(new Dropout(0.5));

        ComputationGraphConfiguration googlenet = Recipe.withDropout(Zoo.get("googlenet-train", ModelOptions.defaults()).configuration(), 0.25, "googlenet-train");
        for (String name : List.of("dropout", "aux1.dropout", "aux2.dropout")) {
            assertThat(layer(googlenet, name).getIDropout()).as(name).isEqualTo(new Dropout(0.75));
        }
        assertThat(layer(Recipe.withDropout(vgg, 0.0, "vgg-a"), "drop6").getIDropout()).isNull();
    }

    @Test
    void aModelWithoutDropoutLayersIsAnErrorNamingIt() {
        ComputationGraphConfiguration lenet = Zoo.get("lenet5", ModelOptions.defaults()).configuration();
        assertThatThrownBy(() -> Recipe.withDropout(lenet, 0.5, "lenet5")).isInstanceOf(BadInputException.class)
                .hasMessage("dropout: lenet5 has no dropout layer to set (dropout applies to models with dropout layers: alexnet, "
                        + "the vgg models, googlenet, the unet models); remove the dropout key or choose such a model");
    }

    @Test
    void theRecipeKeyIsCheckedAndSurvivesTheResolvedExperiment(@TempDir Path tmp) {
        assertThatThrownBy(() -> Experiment.parse("exp.yaml", "model: vgg-a\ndata: mnist\n"
                + "recipe: {name: r, optimizer: sgd, lr: 0.1, batch: 8, epochs: 1, dropout: 1.5}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("exp.yaml, key 'recipe.dropout': must be a drop probability in [0, 1) (0.5 drops half of the activations), got 1.5");
        Experiment e = Experiment.parse("exp.yaml", "model: vgg-a\ndata: mnist\n"
                + "recipe: {name: r, optimizer: sgd, lr: 0.1, batch: 8, epochs: 1, dropout: 0.35}\n");
        assertThat(e.recipe().dropout()).isEqualTo(0.35);
        e.write(tmp.resolve("experiment.yaml"));
        assertThat(Experiment.read(tmp.resolve("experiment.yaml")).recipe().dropout()).isEqualTo(0.35);
        assertThat(Recipes.load().named("alexnet").dropout()).as("the shipped recipes keep the models' dropout").isNull();
    }

    @Test
    void theTrainedNetworkCarriesTheRecipesDropout(@TempDir Path tmp) {
        // TinyNets.convNet has DL4J's dropOut(0.5) on fc's input: a dropout position
        Trainer t = Trainer.start(TinyNets.convNet(4, 7), withDropout(0.25), new TinyNets.ShuffledData(TrainerTest.TRAIN, 16, 3),
                TinyNets.fixed(TrainerTest.VAL, 20), RunDirectory.create(tmp.resolve("run")), Trainer.Options.defaults(11));
        assertThat(t.fit().status()).isEqualTo(TrainingResult.Status.FINISHED);
        assertThat(t.graph().getLayer("fc").conf().getLayer().getIDropout()).isEqualTo(new Dropout(0.75));
        ComputationGraph saved = ModelFile.read(RunDirectory.open(tmp.resolve("run")).finalModel(), false).graph();
        assertThat(layer(saved.getConfiguration(), "fc").getIDropout()).isEqualTo(new Dropout(0.75));
    }
}
