package org.zoolab.cli;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.zoolab.train.MetricsLog;
import org.zoolab.train.ModelFile;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** train / resume / eval / predict end to end on the synthetic data set, with a model file as the model. */
class TrainCommandTest {

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static Path smallModel(Path dir) throws Exception {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER).graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutional(28, 28, 1))
                .addLayer("conv", new ConvolutionLayer.Builder(5, 5).stride(2, 2).nOut(8).activation(Activation.RELU).build(), "in")
                .addLayer("pool", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(), "conv")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("out").build());
        g.init();
        Path file = dir.resolve("small.zip");
        ModelFile.write(g, file, false, Map.of());
        return file;
    }

    @Test
    void uiServesTheLiveViewOnThisMachine(@TempDir Path tmp) throws Exception {
        Path model = smallModel(tmp);
        Result train = run("train", model.toString(), "--data", "synthetic", "--epochs", "1", "--batch", "100", "--lr", "0.05",
                "--out", tmp.resolve("run").toString(), "--ui", "--ui-port", "0");
        assertThat(train.code()).as(train.err()).isEqualTo(0);
        assertThat(train.out()).containsPattern("(?m)^ui       http://127\\.0\\.0\\.1:\\d+/ \\(this machine only; --ui-host 0\\.0\\.0\\.0 to share it\\)$");
    }

    @Test
    void trainResumeEvalPredict(@TempDir Path tmp) throws Exception {
        Path model = smallModel(tmp);
        Path run = tmp.resolve("run");
        Result train = run("train", model.toString(), "--data", "synthetic", "--epochs", "1", "--batch", "50", "--lr", "0.05",
                "--out", run.toString());
        assertThat(train.code()).as(train.err()).isEqualTo(0);
        assertThat(train.out()).contains("recipe   default: momentum 0.9, lr 0.05, batch 50, 1 epoch")
                .contains("data     synthetic: 2,000 training images; validation: 500 synthetic images")
                .contains("run      " + run)
                .containsPattern("epoch 1/1  train loss \\d\\.\\d{4}  val loss \\d\\.\\d{4}  top-1 [ \\d]{2,3}\\.\\d\\d%")
                .contains("done     1 epochs, 40 iterations");
        for (String f : new String[]{"experiment.yaml", "metrics.csv", "train.log", "model.zip", "best.zip",
                "plots/loss.png", "plots/accuracy.png", "plots/lr.png", "checkpoints/epoch-0001-iter-00000040.zip"}) {
            assertThat(run.resolve(f)).exists();
        }

        Result resumed = run("train", "--resume", run.toString(), "--epochs", "2");
        assertThat(resumed.code()).as(resumed.err()).isEqualTo(0);
        assertThat(resumed.out()).contains("resumed  from checkpoints/epoch-0001-iter-00000040.zip (epoch 2, batch 0, iteration 40)").contains("done     2 epochs, 80 iterations");
        assertThat(MetricsLog.read(run.resolve("metrics.csv")).stream().filter(MetricsLog.Row::isEpoch).count()).isEqualTo(2);
        assertThat(Files.readString(run.resolve("experiment.yaml"))).contains("epochs: 2");

        Result eval = run("eval", run.toString(), "--data", "synthetic");
        assertThat(eval.code()).as(eval.err()).isEqualTo(0);
        assertThat(eval.out()).contains("data     synthetic test split: 500 images (center crop)").containsPattern("top-1 +\\d+\\.\\d\\d%");
        assertThat(run.resolve("eval/confusion.png")).exists();
        assertThat(Files.readAllLines(run.resolve("eval/confusion.csv")).get(0)).isEqualTo("actual\\predicted,0,1,2,3,4,5,6,7,8,9");
        var summary = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.resolve("eval/summary.json").toFile());
        assertThat(summary.get("examples").asLong()).isEqualTo(500);
        assertThat(summary.get("crop").asText()).isEqualTo("center");
        assertThat(eval.out()).contains(String.format(java.util.Locale.ROOT, "top-1    %6.2f%%", 100 * summary.get("top1").asDouble()));

        Path photo = tmp.resolve("square.png");
        BufferedImage img = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
        ImageIO.write(img, "png", photo.toFile());
        Result predict = run("predict", run.toString(), photo.toString(), "--top", "3");
        assertThat(predict.code()).as(predict.err()).isEqualTo(0);
        assertThat(predict.out().lines()).hasSize(4).first().isEqualTo(photo.toString());

        Result again = run("train", model.toString(), "--data", "synthetic", "--out", run.toString());
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).isEqualTo("zoolab: error: " + run + " already holds a run; resume it with --resume " + run
                + " or choose another --out" + System.lineSeparator());
    }

    @Test
    void badInputIsOneLineAndExitTwo(@TempDir Path tmp) throws Exception {
        Path exp = tmp.resolve("exp.yaml");
        Files.writeString(exp, "model: lenet5\ndata: mnist\nbatch: -3\n");
        Result r = run("train", "--experiment", exp.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("zoolab: error: " + exp + ", key 'batch': must be >= 1, got -3" + System.lineSeparator());

        Result noData = run("train", "lenet5");
        assertThat(noData.code()).isEqualTo(2);
        assertThat(noData.err()).contains("no data: give --data NAME|DIR");

        Path notModel = tmp.resolve("x.zip");
        Files.writeString(notModel, "text");
        Result eval = run("eval", notModel.toString(), "--data", "synthetic");
        assertThat(eval.code()).isEqualTo(2);
        assertThat(eval.err()).isEqualTo("zoolab: error: " + notModel + " is not a zoolab/DL4J model: not a zip file" + System.lineSeparator());

        Result resume = run("train", "--resume", tmp.toString(), "--lr", "0.1");
        assertThat(resume.code()).isEqualTo(2);
        assertThat(resume.err()).contains("--resume continues a run as it was");
    }
}
