package org.zoolab.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.zoolab.BadInputException;
import org.zoolab.data.DataDirectory;
import org.zoolab.data.DatasetInstaller;
import org.zoolab.data.EpochShuffledIterator;
import org.zoolab.data.IdxDataset;
import org.zoolab.data.Split;
import org.zoolab.zoo.ModelOptions;
import org.zoolab.zoo.Zoo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class FineTunerTest {

    static Recipe adam(double lr, int epochs, int batch) {
        return new Recipe("test", List.of(), List.of(), "", Recipe.Optimizer.ADAM, lr, 0.0, 0.0, 0.0, batch, epochs,
                Schedule.NONE, 0.0, null, "");
    }

    /** n images of an installed IDX data set, 28x28 padded by 2 to LeNet-5's 32x32, as one DataSet. */
    static DataSet idx(DataDirectory dir, String name, Split split, int from, int n) {
        IdxDataset d = IdxDataset.load(dir, name, split).subset(from, from + n);
        return new EpochShuffledIterator(d, n, -1, 2).next();
    }

    static Map<String, float[]> params(ComputationGraph g, List<String> layers) {
        Map<String, float[]> m = new LinkedHashMap<>();
        for (String l : layers) m.put(l, g.getLayer(l).params().dup().data().asFloat());
        return m;
    }

    /** Bit-identical parameters, layer by layer (a short message instead of thousands of numbers). */
    static void assertSame(Map<String, float[]> expected, Map<String, float[]> actual) {
        for (String l : expected.keySet()) {
            assertThat(java.util.Arrays.equals(expected.get(l), actual.get(l))).as("parameters of %s unchanged", l).isTrue();
        }
    }

    /**
     * The test: LeNet-5 trained on MNIST, fine-tuned to Fashion-MNIST with its convolutions frozen (up to
     * c5). The frozen weights are bit-identical afterwards, the trainable ones moved, and the new task is learned
     * far above chance (10%).
     */
    @Test
    void lenet5FromMnistToFashionMnistWithFrozenConvolutions(@TempDir Path tmp) throws Exception {
        DataDirectory data = DataDirectory.resolve(null);
        assumeTrue(DatasetInstaller.isInstalled(data, "mnist") && DatasetInstaller.isInstalled(data, "fashion-mnist"),
                "needs mnist and fashion-mnist installed (zoolab data fetch)");
        // 1. LeNet-5 on 3,000 MNIST digits, 2 epochs: a normal run directory
        var conf = Zoo.get("lenet5", ModelOptions.builder().seed(1).build()).configuration();
        ModelInput mnistInput = new ModelInput(1, 32, 32, 2, "mnist", IdxDataset.MNIST_CLASSES);
        Trainer mnist = Trainer.start(conf, adam(2e-3, 2, 64), new InMemoryData(idx(data, "mnist", Split.TRAIN, 0, 3000), 64, 5),
                null, RunDirectory.create(tmp.resolve("mnist")), Trainer.Options.defaults(3).withInput(mnistInput));
        mnist.fit();

        // 2. fine-tune: freeze c1..c5, new 10-way head at its own rate, f6 trains at the body rate
        ModelSource src = FineTuner.load(tmp.resolve("mnist").toString(), null);
        assertThat(src.input()).isEqualTo(mnistInput);
        FineTuner.Plan plan = new FineTuner.Plan(tmp.resolve("mnist").toString(), "c5", 10, 5e-3);
        Recipe recipe = adam(1e-3, 2, 64);
        Experiment e = new Experiment(tmp.resolve("mnist").toString(), "fashion-mnist", null, null, recipe, null, null, null, 9, 0,
                Experiment.Checkpoints.DEFAULT, null);
        ModelInput fashion = new ModelInput(1, 32, 32, 2, "fashion-mnist", IdxDataset.FASHION_MNIST_CLASSES);
        DataSet test = idx(data, "fashion-mnist", Split.TEST, 0, 1000);
        FineTuner.Prepared p = FineTuner.start(src, plan, e, new InMemoryData(idx(data, "fashion-mnist", Split.TRAIN, 0, 3000), 64, 7),
                new InMemoryData(test, 250, -1).epoch(0), fashion, tmp.resolve("fashion"));
        assertThat(p.transfer().frozen()).containsExactly("c1", "c3", "c5");
        assertThat(p.transfer().trained()).containsExactly("f6", "output");
        ComputationGraph g = p.trainer().graph();
        Map<String, float[]> frozenBefore = params(src.graph(), List.of("c1", "c3", "c5"));
        assertSame(frozenBefore, params(g, List.of("c1", "c3", "c5")));   // copied exactly
        float[] f6Before = g.getLayer("f6").params().dup().data().asFloat();
        float[] headBefore = g.getLayer("output").params().dup().data().asFloat();

        TrainingResult r = p.trainer().fit();

        assertThat(r.status()).isEqualTo(TrainingResult.Status.FINISHED);
        assertSame(frozenBefore, params(g, List.of("c1", "c3", "c5")));
        assertThat(g.getLayer("f6").params().dup().data().asFloat()).isNotEqualTo(f6Before);
        assertThat(g.getLayer("output").params().dup().data().asFloat()).isNotEqualTo(headBefore);
        double top1 = r.lastValidation().top1();
        System.out.printf("fine-tuned fashion-mnist top-1 on 1000 test images: %.4f%n", top1);
        assertThat(top1).as("fashion-mnist top-1 of the fine-tuned head").isGreaterThan(0.50);

        // the saved model is frozen too, and says what it answers
        ModelFile.Contents saved = ModelFile.read(tmp.resolve("fashion").resolve("model.zip"), true);
        assertThat(saved.input()).isEqualTo(fashion);
        assertThat(FineTuner.isFrozen(((org.deeplearning4j.nn.conf.graph.LayerVertex) saved.graph().getConfiguration()
                .getVertices().get("c3")).getLayerConf().getLayer())).isTrue();
        assertSame(frozenBefore, params(saved.graph(), List.of("c1", "c3", "c5")));
        assertThat(Files.readString(tmp.resolve("fashion").resolve(FineTuner.PLAN_FILE)))
                .contains("\"freezeUntil\" : \"c5\"").contains("\"headLr\" : 0.005");
        INDArray probs = saved.graph().outputSingle(test.getFeatures());
        assertThat(probs.size(1)).isEqualTo(10);
    }

    @Test
    void headGetsItsOwnRateAndWidthBodyKeepsTheRecipe() {
        ComputationGraph src = new ComputationGraph(TinyNets.convNet(4, 3));
        src.init();
        FineTuner.Result r = FineTuner.transfer(src, adam(1e-3, 1, 8), new FineTuner.Plan("tiny", "pool", 3, 0.02));
        var conf = r.graph().getConfiguration();
        var head = (org.deeplearning4j.nn.conf.layers.OutputLayer) ((org.deeplearning4j.nn.conf.graph.LayerVertex) conf.getVertices().get("out"))
                .getLayerConf().getLayer();
        assertThat(head.getNOut()).isEqualTo(3);
        assertThat(head.getIUpdater().getLearningRate(0, 0)).isEqualTo(0.02);
        var fc = (org.deeplearning4j.nn.conf.layers.DenseLayer) ((org.deeplearning4j.nn.conf.graph.LayerVertex) conf.getVertices().get("fc"))
                .getLayerConf().getLayer();
        assertThat(fc.getIUpdater().getLearningRate(0, 0)).isEqualTo(1e-3);
        assertThat(r.frozen()).containsExactly("conv");
        assertThat(r.trained()).containsExactly("fc", "out");
        // the source network is untouched
        assertThat(src.getLayer("out").getParam("W").size(1)).isEqualTo(4);
    }

    @Test
    void badFreezePointsAreNamed() {
        ComputationGraph src = new ComputationGraph(TinyNets.convNet(4, 3));
        src.init();
        assertThatThrownBy(() -> FineTuner.transfer(src, adam(1e-3, 1, 8), new FineTuner.Plan("tiny", "conv9", 3, null)))
                .isInstanceOf(BadInputException.class)
                .hasMessage("--freeze-until conv9: no such layer; layers are conv, pool, fc, out");
        assertThatThrownBy(() -> FineTuner.transfer(src, adam(1e-3, 1, 8), new FineTuner.Plan("tiny", "out", 3, null)))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("that is the classifier being replaced");
        assertThatThrownBy(() -> new FineTuner.Plan("tiny", null, 0, null)).hasMessage("--classes must be at least 1, got 0");
    }
}
