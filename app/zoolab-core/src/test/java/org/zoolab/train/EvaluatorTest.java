package org.zoolab.train;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class EvaluatorTest {

    /** softmax(x): an output layer with identity weights and zero bias over 6 classes. */
    static ComputationGraph softmaxOfInput() {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).graphBuilder()
                .addInputs("in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(6).nOut(6)
                        .activation(Activation.SOFTMAX).build(), "in")
                .setOutputs("out").build());
        g.init();
        g.setParam("out_W", Nd4j.eye(6).castTo(DataType.DOUBLE));
        g.setParam("out_b", Nd4j.zeros(DataType.DOUBLE, 1, 6));
        return g;
    }

    @Test
    void knownAnswer(@TempDir Path tmp) throws Exception {
        // scores: example 0 true class 0 ranked 1st; example 1 true class 1 ranked 2nd; example 2 true class 2 ranked 6th
        double[][] x = {
                {5, 1, 0, 0, 0, 0},
                {3, 2, 1, 0, 0, -1},
                {1, 2, 0, 3, 4, 5},
                {0, 0, 0, 9, 0, 0}};
        double[][] y = new double[4][6];
        y[0][0] = 1;
        y[1][1] = 1;
        y[2][2] = 1;
        y[3][3] = 1;
        DataSet ds = new DataSet(Nd4j.createFromArray(x), Nd4j.createFromArray(y));
        EvaluationResult r = new Evaluator(softmaxOfInput()).evaluate(new ListDataSetIterator<>(ds.asList(), 3),
                List.of("a", "b", "c", "d", "e", "f"));
        assertThat(r.examples()).isEqualTo(4);
        assertThat(r.top1()).isEqualTo(0.5);
        assertThat(r.top5()).isEqualTo(0.75);
        double expectedLoss = 0;
        for (int i = 0; i < 4; i++) {
            double z = 0;
            for (double v : x[i]) z += Math.exp(v);
            expectedLoss -= Math.log(Math.exp(x[i][i]) / z);
        }
        assertThat(r.loss()).isCloseTo(expectedLoss / 4, within(1e-9));
        assertThat(r.confusion()[1][0]).isEqualTo(1);
        assertThat(r.confusion()[2][5]).isEqualTo(1);
        assertThat(r.perClassAccuracy()[0]).isEqualTo(1.0);
        assertThat(r.perClassAccuracy()[1]).isEqualTo(0.0);
        assertThat(r.perClassAccuracy()[4]).isNaN();

        r.writeConfusionCsv(tmp.resolve("c.csv"));
        assertThat(Files.readAllLines(tmp.resolve("c.csv"))).containsExactly(
                "actual\\predicted,a,b,c,d,e,f",
                "a,1,0,0,0,0,0",
                "b,1,0,0,0,0,0",
                "c,0,0,0,0,0,1",
                "d,0,0,0,1,0,0",
                "e,0,0,0,0,0,0",
                "f,0,0,0,0,0,0");
        r.writePerClassCsv(tmp.resolve("p.csv"));
        assertThat(Files.readAllLines(tmp.resolve("p.csv"))).startsWith("class,examples,correct,accuracy", "a,1,1,1.000000", "b,1,0,0.000000");
    }

    @Test
    void viewsOfOneImageAreAveragedAndTheImageCountsOnce() {
        // image 0: views favour class 0 then class 1 strongly: averaged, class 1 wins; image 1: both views class 2
        double[][] x = {
                {2, 0, 0, 0, 0, 0},
                {0, 6, 0, 0, 0, 0},
                {0, 0, 3, 0, 0, 0},
                {0, 0, 3, 0, 0, 0}};
        double[][] y = new double[4][6];
        y[0][0] = 1;
        y[1][0] = 1;
        y[2][2] = 1;
        y[3][2] = 1;
        DataSet ds = new DataSet(Nd4j.createFromArray(x), Nd4j.createFromArray(y));
        EvaluationResult r = new Evaluator(softmaxOfInput(), 2).evaluate(new ListDataSetIterator<>(List.of(ds), 4), null);
        assertThat(r.examples()).isEqualTo(2);
        assertThat(r.top1()).isEqualTo(0.5);
        assertThat(r.confusion()[0][1]).isEqualTo(1);
        assertThat(r.confusion()[2][2]).isEqualTo(1);
        double z0 = Math.exp(2) + 5, z1 = Math.exp(6) + 5, z2 = Math.exp(3) + 5;
        double p00 = (Math.exp(2) / z0 + 1 / z1) / 2;
        double p12 = Math.exp(3) / z2;
        assertThat(r.loss()).isCloseTo(-(Math.log(p00) + Math.log(p12)) / 2, within(1e-9));
    }
}
