package org.zoolab.export;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.graph.SubsetVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Small graphs, one mapping each, checked against DL4J in ONNX Runtime; and the refusal of what has no mapping. */
class OnnxLayersTest {
    private static final double TOLERANCE = 1e-4;

    @TempDir
    Path dir;

    private static ComputationGraphConfiguration.GraphBuilder graph() {
        return new NeuralNetConfiguration.Builder().seed(3).weightInit(WeightInit.XAVIER).graphBuilder().addInputs("input");
    }

    private OnnxExportCheck check(String name, ComputationGraphConfiguration.GraphBuilder b, long... shape) throws Exception {
        InputType t = shape.length == 3 ? InputType.convolutional(shape[1], shape[2], shape[0]) : InputType.feedForward(shape[0]);
        ComputationGraph net = new ComputationGraph(b.setInputTypes(t).build());
        net.init();
        OnnxExportCheck.randomizeBatchNorm(net, 5);
        OnnxExportCheck c = OnnxExportCheck.run(net, name, dir.resolve(name + ".onnx"), 9, shape);
        assertThat(c.maxAbsDiff()).as(name).isLessThanOrEqualTo(TOLERANCE * Math.max(1, c.maxAbsOutput()));
        assertThat(c.logitsDiff()).as(name + ", logits").isLessThanOrEqualTo(TOLERANCE);
        assertThat(c.logitSpread()).as(name + ", logits depend on the input").isGreaterThan(0.01);
        return c;
    }

    private static OutputLayer softmax(int n) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(n).activation(Activation.SOFTMAX).build();
    }

    private static OutputLayer linear(int n) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(n).activation(Activation.IDENTITY).build();
    }

    @Test
    void batchNormOnMapsAndVectors() throws Exception {
        check("bn", graph()
                .addLayer("bn", new BatchNormalization.Builder().build(), "input")
                .addLayer("bn2", new BatchNormalization.Builder().eps(1e-3).useLogStd(false).activation(Activation.RELU).build(), "bn")
                .addLayer("fc", new DenseLayer.Builder().nOut(6).activation(Activation.TANH).build(), "bn2")
                .addLayer("bn3", new BatchNormalization.Builder().lockGammaBeta(true).gamma(1.5).beta(0.25).build(), "fc")
                .addLayer("out", linear(4), "bn3").setOutputs("out"), 3, 5, 5);
    }

    @Test
    void convolutionsAndPooling() throws Exception {
        check("conv", graph()
                .addLayer("c1", new ConvolutionLayer.Builder(3, 3).stride(2, 2).convolutionMode(ConvolutionMode.Same).nOut(4)
                        .activation(new ActivationLReLU(0.1)).build(), "input")
                .addLayer("c2", new ConvolutionLayer.Builder(1, 3).padding(0, 1).dilation(1, 2).convolutionMode(ConvolutionMode.Truncate)
                        .nOut(5).hasBias(false).activation(Activation.SIGMOID).build(), "c1")
                .addLayer("p1", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(3, 3).stride(2, 2)
                        .convolutionMode(ConvolutionMode.Same).build(), "c2")
                .addLayer("p2", new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(3, 3).stride(1, 1).padding(1, 1)
                        .convolutionMode(ConvolutionMode.Truncate).build(), "p1")
                .addLayer("p3", new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(2, 2).stride(1, 1)
                        .convolutionMode(ConvolutionMode.Same).build(), "p2")
                .addLayer("s1", new SeparableConvolution2D.Builder(3, 3).depthMultiplier(2).padding(1, 1)
                        .convolutionMode(ConvolutionMode.Truncate).nOut(6).activation(Activation.RELU).build(), "p3")
                .addLayer("out", linear(3), "s1").setOutputs("out"), 3, 13, 11);
    }

    @Test
    void transposedConvolutionAndCropping() throws Exception {
        check("deconv", graph()
                .addLayer("up", new Deconvolution2D.Builder(2, 2).stride(2, 2).convolutionMode(ConvolutionMode.Truncate)
                        .nOut(3).activation(Activation.RELU).build(), "input")
                .addLayer("up2", new Deconvolution2D.Builder(4, 3).stride(2, 1).padding(1, 1).convolutionMode(ConvolutionMode.Truncate)
                        .nOut(4).hasBias(false).activation(Activation.TANH).build(), "up")
                .addLayer("crop", new Cropping2D.Builder(1, 2, 0, 3).build(), "up2")
                .addLayer("out", new CnnLossLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX).build(), "crop")
                .setOutputs("out"), 2, 5, 6);
    }

    @Test
    void aShapeThatDoesNotFitIsBadInput() {
        ComputationGraph net = new ComputationGraph(graph()
                .addLayer("c", new ConvolutionLayer.Builder(5, 5).nOut(2).build(), "input")
                .addLayer("out", linear(2), "c").setOutputs("out").setInputTypes(InputType.convolutional(8, 8, 1)).build());
        net.init();
        assertThatThrownBy(() -> OnnxExporter.export(net, "small", InputType.convolutional(3, 3, 1)))
                .isInstanceOf(org.zoolab.BadInputException.class)
                .hasMessage("the input shape [InputTypeConvolutional(h=3,w=3,c=1,NCHW)] does not fit the network: "
                        + "layer 'c' (ConvolutionLayer) would output InputTypeConvolutional(h=-1,w=-1,c=2,NCHW)");
        assertThatThrownBy(() -> OnnxExporter.export(net, "rgb", InputType.convolutional(8, 8, 3)))
                .isInstanceOf(org.zoolab.BadInputException.class)
                .hasMessage("the input shape [InputTypeConvolutional(h=8,w=8,c=3,NCHW)] does not fit the network: "
                        + "layer 'c' (ConvolutionLayer) takes 1 inputs, it would get InputTypeConvolutional(h=8,w=8,c=3,NCHW)");
    }

    @Test
    void averagePoolingThatExcludesThePadding() throws Exception {
        SubsamplingLayer p = new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(3, 3).stride(2, 2).padding(1, 1)
                .convolutionMode(ConvolutionMode.Truncate).build();
        p.setAvgPoolIncludePadInDivisor(false);
        check("avgpool", graph().addLayer("p", p, "input").addLayer("out", linear(3), "p").setOutputs("out"), 2, 7, 7);
    }

    @Test
    void lrnGlobalPoolingAndPadding() throws Exception {
        check("lrn", graph()
                .addLayer("pad", new ZeroPaddingLayer.Builder(1, 2, 0, 3).build(), "input")
                .addLayer("c", new ConvolutionLayer.Builder(3, 3).nOut(8).activation(Activation.RELU).build(), "pad")
                .addLayer("lrn", new LocalResponseNormalization.Builder(2, 5, 1e-2, 0.75).build(), "c")
                .addLayer("lrn4", new LocalResponseNormalization.Builder(1, 4, 1e-1, 0.5).build(), "lrn")
                .addLayer("gmax", new GlobalPoolingLayer.Builder(PoolingType.MAX).build(), "lrn4")
                .addLayer("gavg", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "lrn4")
                .addVertex("cat", new MergeVertex(), "gmax", "gavg")
                .addLayer("out", softmax(5), "cat").setOutputs("out"), 3, 6, 6);
    }

    @Test
    void graphVertices() throws Exception {
        check("vertices", graph()
                .addLayer("a", new ConvolutionLayer.Builder(1, 1).nOut(6).activation(Activation.TANH).build(), "input")
                .addLayer("b", new ConvolutionLayer.Builder(1, 1).nOut(6).activation(Activation.RELU).build(), "input")
                .addVertex("sum", new ElementWiseVertex(ElementWiseVertex.Op.Add), "a", "b")
                .addVertex("sum3", new ElementWiseVertex(ElementWiseVertex.Op.Add), "a", "b", "sum")
                .addVertex("diff", new ElementWiseVertex(ElementWiseVertex.Op.Subtract), "sum3", "b")
                .addVertex("prod", new ElementWiseVertex(ElementWiseVertex.Op.Product), "diff", "a", "b")
                .addVertex("mean", new ElementWiseVertex(ElementWiseVertex.Op.Average), "prod", "a")
                .addVertex("max", new ElementWiseVertex(ElementWiseVertex.Op.Max), "mean", "b")
                .addVertex("scaled", new ScaleVertex(0.5), "max")
                .addLayer("drop", new DropoutLayer.Builder(0.5).build(), "scaled")
                .addLayer("act", new ActivationLayer.Builder().activation(Activation.SIGMOID).build(), "drop")
                .addLayer("out", softmax(4), "act")
                .addLayer("out2", linear(2), "drop").setOutputs("out", "out2"), 2, 4, 4);
    }

    @Test
    void vectorInputsAndReshape() throws Exception {
        check("vector", graph()
                .addLayer("fc", new DenseLayer.Builder().nOut(2 * 3 * 3).activation(Activation.RELU).build(), "input")
                .addLayer("c", new ConvolutionLayer.Builder(2, 2).nOut(3).activation(Activation.IDENTITY).build(),
                        new org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor(3, 3, 2), "fc")
                .addLayer("out", softmax(3), "c")
                .addVertex("subset", new SubsetVertex(3, 10), "fc")
                .addLayer("out2", linear(2), "subset").setOutputs("out", "out2"), 7);
    }

    @Test
    void anUnsupportedLayerIsNamed() {
        ComputationGraph net = new ComputationGraph(new NeuralNetConfiguration.Builder().graphBuilder().addInputs("in")
                .addLayer("lstm", new LSTM.Builder().nIn(3).nOut(4).build(), "in")
                .addLayer("out", new RnnOutputLayer.Builder().nOut(2).activation(Activation.SOFTMAX).build(), "lstm")
                .setOutputs("out").setInputTypes(InputType.recurrent(3)).build());
        net.init();
        assertThatThrownBy(() -> OnnxExporter.export(net, "rnn", InputType.feedForward(3)))
                .isInstanceOf(UnsupportedLayerException.class)
                .isInstanceOf(org.zoolab.BadInputException.class)
                .hasMessageStartingWith("cannot export layer 'lstm' (LSTM) to ONNX; supported are ConvolutionLayer, ");
    }

    @Test
    void anUnsupportedActivationIsNamedWithItsLayer() {
        ComputationGraph net = new ComputationGraph(graph()
                .addLayer("fc", new DenseLayer.Builder().nOut(3).activation(Activation.SWISH).build(), "input")
                .addLayer("out", linear(2), "fc").setOutputs("out").setInputTypes(InputType.feedForward(4)).build());
        net.init();
        assertThatThrownBy(() -> OnnxExporter.export(net, "swish", InputType.feedForward(4)))
                .isInstanceOf(UnsupportedLayerException.class)
                .hasMessage("cannot export layer 'fc' (DenseLayer) to ONNX: activation swish is not supported; "
                        + "identity, relu, leakyrelu, sigmoid, tanh and softmax are");
    }
}
