package org.zoolab.sweep;

import org.zoolab.io.ConfigException;

import org.deeplearning4j.arbiter.optimize.api.Candidate;
import org.deeplearning4j.arbiter.optimize.generator.GridSearchCandidateGenerator;
import org.deeplearning4j.arbiter.layers.ConvolutionLayerSpace;
import org.deeplearning4j.arbiter.layers.DropoutLayerSpace;
import org.deeplearning4j.arbiter.layers.OutputLayerSpace;
import org.deeplearning4j.arbiter.layers.BatchNormalizationSpace;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zoolab.train.Experiment;
import org.zoolab.train.ModelInput;
import org.zoolab.train.Recipe;
import org.zoolab.zoo.ModelOptions;
import org.zoolab.zoo.Zoo;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Arbiter's ComputationGraphSpace as the generator of candidates' graphs, on DL4J 1.0.0-M2.1. */
class ZooGraphSpaceTest {

    static Layer layer(ComputationGraphConfiguration conf, String name) {
        return ((LayerVertex) conf.getVertices().get(name)).getLayerConf().getLayer();
    }

    @Test
    void everyZooGraphComesBackFromArbiterLayerByLayer() {
        for (String model : Zoo.names()) {
            ComputationGraphConfiguration zoo = Zoo.get(model, ModelOptions.defaults()).configuration();
            ZooGraphSpace s = new ZooGraphSpace(zoo, model, null);
            assertThat(s.space().numParameters()).isZero();
            ComputationGraphConfiguration c = s.generate(new double[0], null);
            assertThat(ZooGraphSpace.difference(c, zoo)).as(model).isNull();
            assertThat(c).as(model).isEqualTo(zoo);
            assertThat(c.getTopologicalOrderStr()).as(model).isEqualTo(zoo.getTopologicalOrderStr());
            // every layer of the classifiers is Arbiter's matching layer space, none a fixed layer
            if (!model.startsWith("unet") && !model.equals("dcgan") && !model.equals("inception-v2")) {
                assertThat(s.fixedLayers()).as(model).isEmpty();
            }
        }
        // BN-Inception's separable first convolution has no Arbiter layer space either; every other layer has one
        ZooGraphSpace bnInception = new ZooGraphSpace(Zoo.get("inception-v2", ModelOptions.defaults()).configuration(), "inception-v2", null);
        assertThat(bnInception.fixedLayers()).containsOnlyKeys("conv1");
        assertThat(bnInception.fixedLayers().get("conv1")).isEqualTo("Arbiter has no layer space for SeparableConvolution2D");
        // what Arbiter 1.0.0-beta7 has no layer space for stays a fixed layer
        ZooGraphSpace unet = new ZooGraphSpace(Zoo.get("unet-same", ModelOptions.defaults()).configuration(), "unet-same", null);
        assertThat(unet.fixedLayers()).containsOnlyKeys("up4.upconv", "up3.upconv", "up2.upconv", "up1.upconv", "output");
        assertThat(unet.fixedLayers().get("output")).isEqualTo("Arbiter has no layer space for CnnLossLayer");
    }

    @Test
    void theLayerSpacesAreArbitersOwn() {
        ZooGraphSpace s = new ZooGraphSpace(Zoo.get("resnet-20", ModelOptions.defaults()).configuration(), "resnet-20", null);
        Map<String, Class<?>> types = new java.util.HashMap<>();
        for (var lc : s.space().getLayerSpaces()) types.put(lc.getLayerName(), lc.getLayerSpace().getClass());
        assertThat(types.get("conv1")).isEqualTo(ConvolutionLayerSpace.class);
        assertThat(types.get("conv1.bn")).isEqualTo(BatchNormalizationSpace.class);
        assertThat(types.get("fc")).isEqualTo(OutputLayerSpace.class);
        ZooGraphSpace vgg = new ZooGraphSpace(Zoo.get("vgg-a", ModelOptions.defaults()).configuration(), "vgg-a",
                new org.deeplearning4j.arbiter.optimize.parameter.FixedValue<>(0.4));
        assertThat(vgg.dropoutLayers()).containsExactly("drop6", "drop7");
        assertThat(vgg.space().getLayerSpaces().stream().filter(lc -> lc.getLayerName().equals("drop6")).findFirst().orElseThrow()
                .getLayerSpace()).isInstanceOf(DropoutLayerSpace.class);
    }

    @Test
    void lenet5AndAResNetFromArbiterInitialiseToTheZooWeightsAndTrainOnM2() {
        for (String model : List.of("lenet5", "resnet-20")) {
            ComputationGraphConfiguration zoo = Zoo.get(model, ModelOptions.builder().seed(9).build()).configuration();
            ComputationGraphConfiguration arbiter = new ZooGraphSpace(zoo, model, null).generate(new double[0], zoo);
            ComputationGraph a = new ComputationGraph(arbiter);
            a.init();
            ComputationGraph z = new ComputationGraph(zoo);
            z.init();
            assertThat(a.params().equals(z.params())).as(model + ": same seed, same weights").isTrue();

            int c = model.equals("lenet5") ? 1 : 3;
            Nd4j.getRandom().setSeed(1);
            INDArray x = Nd4j.rand(DataType.FLOAT, 4, c, 32, 32);
            INDArray y = Nd4j.zeros(DataType.FLOAT, 4, 10);
            for (int i = 0; i < 4; i++) y.putScalar(i, i, 1f);
            INDArray before = a.params().dup();
            a.fit(new INDArray[]{x}, new INDArray[]{y});
            assertThat(Double.isFinite(a.score())).isTrue();
            assertThat(a.params().equals(before)).as(model + ": one step moves the weights").isFalse();
        }
    }

    static SweepDefinition dropoutGrid(String dropout) {
        return SweepDefinition.parse("d.yaml", """
                base: {model: alexnet-owt, data: synthetic, holdout: 0}
                space:
                  dropout: %s
                  lr: {values: [0.01, 0.02]}
                search: {generator: grid, resolution: 3}
                """.formatted(dropout), null);
    }

    /** Each grid candidate's graph, as the task creator generates it, and the drop probability it was asked for. */
    static List<Map.Entry<Double, ComputationGraphConfiguration>> graphs(SweepDefinition d) {
        ModelInput in = new ModelInput(3, 224, 224, 0, "synthetic",
                java.util.stream.IntStream.range(0, Zoo.info("alexnet-owt").numClasses()).mapToObj(Integer::toString).toList());
        GridSearchCandidateGenerator g = new GridSearchCandidateGenerator(d.space(), d.search().resolution(),
                GridSearchCandidateGenerator.Mode.Sequential, null);
        List<Map.Entry<Double, ComputationGraphConfiguration>> out = new ArrayList<>();
        while (g.hasMoreCandidates()) {
            Candidate c = g.getCandidate();
            @SuppressWarnings("unchecked") Map<String, Object> values = (Map<String, Object>) c.getValue();
            Experiment e = d.experimentFor(values);
            out.add(Map.entry((Double) values.get("dropout"), ExperimentTaskCreator.candidateGraph(d, c.getFlatParameters(), e, in)));
        }
        return out;
    }

    @Test
    void aGridOverDropoutGivesGraphsWhoseDropoutLayersCarryExactlyTheGridsValues() {
        ComputationGraphConfiguration zoo = Zoo.get("alexnet-owt", ModelOptions.builder().seed(42).build()).configuration();
        for (String dropout : List.of("{values: [0.0, 0.2, 0.5, 0.7]}", "{uniform: [0.1, 0.5]}")) {
            SweepDefinition d = dropoutGrid(dropout);
            List<Map.Entry<Double, ComputationGraphConfiguration>> graphs = graphs(d);
            assertThat(graphs).hasSize(dropout.startsWith("{values") ? 8 : 6);
            Set<Double> visited = new LinkedHashSet<>();
            for (Map.Entry<Double, ComputationGraphConfiguration> g : graphs) {
                double p = g.getKey();
                visited.add(p);
                // DL4J's retain probability 1 - p; p = 0: no dropout at all
                assertThat(layer(g.getValue(), "drop_fc6").getIDropout()).isEqualTo(p == 0 ? null : new Dropout(1 - p));
                assertThat(layer(g.getValue(), "drop_fc7").getIDropout()).isEqualTo(p == 0 ? null : new Dropout(1 - p));
                // and nothing else differs from the zoo graph
                assertThat(ZooGraphSpace.difference(g.getValue(), Recipe.withDropout(zoo, p, "alexnet-owt"))).isNull();
                for (Map.Entry<String, GraphVertex> v : g.getValue().getVertices().entrySet()) {
                    if (!v.getKey().startsWith("drop_")) assertThat(v.getValue()).as(v.getKey()).isEqualTo(zoo.getVertices().get(v.getKey()));
                }
            }
            assertThat(visited).as(dropout).containsExactly(dropout.startsWith("{values") ? new Double[]{0.0, 0.2, 0.5, 0.7} : new Double[]{0.1, 0.3, 0.5});
        }
    }

    @Test
    void aCandidatesExperimentCarriesItsDropoutForZoolabTrain() {
        SweepDefinition d = dropoutGrid("{values: [0.2, 0.5, 0.7]}");
        Experiment e = d.experimentFor(Map.of("dropout", 0.7, "lr", 0.01));
        assertThat(e.recipe().dropout()).isEqualTo(0.7);
        assertThat(Experiment.parse("best.yaml", e.toYaml()).recipe().dropout()).isEqualTo(0.7);
        assertThat(d.experimentFor(Map.of("lr", 0.01)).recipe().dropout()).as("not swept: the model's own").isNull();
    }

    @Test
    void dropoutErrorsNameTheKey() {
        assertThatThrownBy(() -> dropoutGrid("{values: [0.2, 1.5]}")).isInstanceOf(ConfigException.class)
                .hasMessage("d.yaml, key 'space.dropout.values[1]': dropout is the probability of dropping an activation, "
                        + "in [0, 1) (0.5 drops half), got 1.5");
        assertThatThrownBy(() -> dropoutGrid("{int: [0, 1]}")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("d.yaml, key 'space.dropout.int': 'dropout' takes uniform: [a, b], logUniform: [a, b]");
        assertThatThrownBy(() -> SweepDefinition.parse("l.yaml", """
                base: {model: lenet5, data: synthetic}
                space: {dropout: {values: [0.2, 0.5]}}
                search: {generator: grid}
                """, null)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("l.yaml, key 'space.dropout': dropout: lenet5 has no dropout layer to set");
        assertThatThrownBy(() -> SweepDefinition.parse("m.yaml", """
                base: {model: vgg-a, data: synthetic}
                space: {dropout: {values: [0.2, 0.5]}, model: {values: [vgg-a, resnet-18]}}
                search: {generator: grid}
                """, null)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("m.yaml, key 'space.dropout': dropout: resnet-18 has no dropout layer to set");
    }
}
