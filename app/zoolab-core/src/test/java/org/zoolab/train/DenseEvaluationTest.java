package org.zoolab.train;

import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.zoolab.data.ArrayImageSource;
import org.zoolab.data.BadFileReport;
import org.zoolab.data.FloatImage;
import org.zoolab.data.GoogLeNetCrops;
import org.zoolab.data.HorizontalMirror;
import org.zoolab.data.Pipeline;
import org.zoolab.data.PipelineSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DenseEvaluationTest {

    /** conv 3x3 -> maxpool 2 -> fc 8 -> softmax over {@code classes} on 3 x 16 x 16 (a 7x7 map before fc). */
    static ComputationGraph tinyNet(int classes, long seed) {
        int size = 16;
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder()
                .seed(seed).dataType(DataType.FLOAT).weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.convolutional(size, size, 3))
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build(), "in")
                .addLayer("pool", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(), "conv")
                .addLayer("fc", new DenseLayer.Builder().nOut(8).activation(Activation.RELU).build(), "pool")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes).activation(Activation.SOFTMAX).build(), "fc")
                .setOutputs("out")
                .build());
        g.init();
        return g;
    }

    private static FloatImage random(int c, int h, int w, long seed) {
        FloatImage img = new FloatImage(c, h, w);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < img.data().length; i++) {
            img.data()[i] = (float) r.nextDouble();
        }
        return img;
    }

    private static INDArray tensor(FloatImage img) {
        return Nd4j.create(img.data(), new long[]{1, img.channels(), img.height(), img.width()}, 'c');
    }

    @Test
    void atTheTrainingSizeDenseIsTheMeanOfTheImageAndItsMirror() {
        ComputationGraph net = tinyNet(3, 5);
        DenseEvaluation dense = DenseEvaluation.of(net);
        FloatImage img = random(3, 16, 16, 1);
        FloatImage mirror = HorizontalMirror.mirror(img);
        float[] p = dense.posteriors(List.of(img, mirror));
        INDArray a = net.outputSingle(false, tensor(img));
        INDArray b = net.outputSingle(false, tensor(mirror));
        for (int k = 0; k < 3; k++) {
            assertThat(p[k]).isCloseTo((a.getFloat(0, k) + b.getFloat(0, k)) / 2, within(1e-4f));
        }
        // a larger image: the mean of the softmax of each view's position-averaged scores
        FloatImage big = random(3, 24, 30, 2);
        INDArray map = dense.net().scoreMap(tensor(big));
        assertThat(map.shape()).containsExactly(1, 3, 5, 8);   // pool 11x14, a 7x7 kernel
        float[] q = dense.posteriors(List.of(big, HorizontalMirror.mirror(big)));
        assertThat(q[0] + q[1] + q[2]).isCloseTo(1f, within(1e-5f));
    }

    @Test
    void evaluatesAPipelinesImagesOneByOneAtEachScale(@TempDir Path tmp) {
        // four 3 x 18 x 24 images, two classes; dense at Q = 16 and 20
        int c = 3, h = 18, w = 24;
        byte[][] px = new byte[4][c * h * w];
        SplittableRandom r = new SplittableRandom(9);
        for (byte[] p : px) {
            for (int i = 0; i < p.length; i++) {
                p[i] = (byte) r.nextInt(256);
            }
        }
        ArrayImageSource src = new ArrayImageSource("four", 4, c, h, w, i -> px[i], i -> i % 2, List.of("a", "b"), tmp);
        PipelineSpec spec = PipelineSpec.parse("d.yaml", """
                name: d
                source: {type: cifar10, dataset: four}
                train:
                  - random-crop: {size: 16}
                eval:
                  - scale-shorter-side: {size: 16}
                  - center-crop: {size: 16}
                  - scale-values: {divide-by: 255}
                eval-modes: [center, dense]
                batch-size: 2
                """);
        Pipeline p = Pipeline.eval(spec, src, null, PipelineSpec.EvalMode.DENSE, List.of(16, 20));
        DenseEvaluation dense = DenseEvaluation.of(tinyNet(2, 3));
        EvaluationResult result = dense.evaluate(p, new BadFileReport(false), List.of("a", "b"));
        assertThat(result.examples()).isEqualTo(4);
        // the same by hand: each image's views through posteriors, the cross-entropy of the true class
        double loss = 0;
        for (int i = 0; i < 4; i++) {
            List<FloatImage> views = new ArrayList<>();
            try {
                p.run(src.load(i), Pipeline.sampleRandom(0, 0, i)).forEach(s -> views.add(s.image()));
            } catch (org.zoolab.data.BadImageException e) {
                throw new AssertionError(e);
            }
            assertThat(views).hasSize(4);
            assertThat(views.get(2).height()).isEqualTo(20);
            assertThat(views.get(2).width()).isEqualTo(27);   // round(24 * 20 / 18)
            loss -= Math.log(dense.posteriors(views)[i % 2]);
        }
        assertThat(result.loss()).isCloseTo(loss / 4, within(1e-5));
    }

    @Test
    void aConstantImagesAverageOver144CropsIsItsSingleCropScore() {
        ComputationGraph net = tinyNet(3, 8);
        GoogLeNetCrops crops = new GoogLeNetCrops(16, List.of(18, 20, 22, 24));
        List<FloatImage> views = crops.views(FloatImage.filled(3, 21, 27, 0.7f));
        assertThat(views).hasSize(144);
        float[] all = new float[144 * 3 * 16 * 16];
        for (int v = 0; v < 144; v++) {
            System.arraycopy(views.get(v).data(), 0, all, v * 768, 768);
        }
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 144, 3);
        for (int v = 0; v < 144; v++) {
            labels.putScalar(new long[]{v, 1}, 1);
        }
        DataSet ds = new DataSet(Nd4j.create(all, new long[]{144, 3, 16, 16}, 'c'), labels);
        EvaluationResult averaged = new Evaluator(net, 144).evaluate(new ListDataSetIterator<>(List.of(ds), 1), List.of("a", "b", "c"));
        assertThat(averaged.examples()).isEqualTo(1);
        INDArray single = net.outputSingle(false, tensor(FloatImage.filled(3, 16, 16, 0.7f)));
        assertThat(averaged.loss()).isCloseTo(-Math.log(single.getDouble(0, 1)), within(1e-5));
    }
}
