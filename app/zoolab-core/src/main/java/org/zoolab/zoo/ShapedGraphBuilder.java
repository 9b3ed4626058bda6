package org.zoolab.zoo;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.util.HashMap;
import java.util.Map;

/**
 * A DL4J {@link ComputationGraphConfiguration.GraphBuilder} that knows the output shape of every vertex it
 * adds. Each method adds one vertex and returns its name, so builders read like the paper's figure:
 *
 * <pre>{@code
 * String x = g.conv("c1", "input", 6, 5, 1, 0, Activation.TANH, init, 0, "layers.c1");
 * x = g.pool("s2", x, PoolingType.AVG, 2, 2, 0, "layers.s2");
 * }</pre>
 * <p>
 * Convolutions and pools use DL4J's {@link ConvolutionMode#Truncate} (floor), like PyTorch. When a layer's
 * output would be empty, {@link ZooConfigException} names the table's file, the key of the layer and the layer,
 * with the input it got, instead of a DL4J stack trace at init time.
 */
public final class ShapedGraphBuilder {
    /** The name of the network's single input vertex. */
    public static final String INPUT = "input";

    private final ComputationGraphConfiguration.GraphBuilder graph;
    private final String file;
    private final String model;
    private final Map<String, FeatureShape> shapes = new HashMap<>();

    /**
     * @param base  the network-wide settings (seed, updater, ...)
     * @param file  the table's file, for error messages, e.g. {@code zoo-configs/vgg.yaml}
     * @param model the model being built, for error messages
     * @param input the per-example input shape {@code C x H x W}
     */
    public ShapedGraphBuilder(NeuralNetConfiguration.Builder base, String file, String model, FeatureShape input) {
        this.graph = base.graphBuilder().addInputs(INPUT)
                .setInputTypes(InputType.convolutional(input.height(), input.width(), input.channels()));
        this.file = file;
        this.model = model;
        shapes.put(INPUT, input);
    }

    /** The output shape of a vertex added so far. */
    public FeatureShape shape(String vertex) {
        FeatureShape s = shapes.get(vertex);
        if (s == null) throw new IllegalArgumentException("no vertex '" + vertex + "' yet");
        return s;
    }

    /** A square {@code kernel x kernel} convolution with {@code filters} outputs. */
    public String conv(String name, String in, int filters, int kernel, int stride, int padding,
                       Activation activation, IWeightInit init, double bias, String key) {
        FeatureShape s = spatial(name, in, "convolution", kernel, stride, padding, key);
        graph.addLayer(name, new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride)
                .padding(padding, padding).convolutionMode(ConvolutionMode.Truncate)
                .nOut(filters).activation(activation).weightInit(init).biasInit(bias).build(), in);
        return put(name, new FeatureShape(filters, s.height(), s.width()));
    }

    /** Max or average pooling over square windows. */
    public String pool(String name, String in, PoolingType type, int kernel, int stride, int padding, String key) {
        FeatureShape s = spatial(name, in, type.name().toLowerCase() + " pooling", kernel, stride, padding, key);
        graph.addLayer(name, new SubsamplingLayer.Builder(type).kernelSize(kernel, kernel).stride(stride, stride)
                .padding(padding, padding).convolutionMode(ConvolutionMode.Truncate).build(), in);
        return put(name, new FeatureShape(shape(in).channels(), s.height(), s.width()));
    }

    /**
     * Local response normalisation across channels, {@code b = a / (k + alpha * sum_{n neighbours} a^2)^beta}:
     * DL4J's CPU implementation uses {@code alpha} as given (it does not divide it by {@code n}), which is the
     * formula of Krizhevsky et al. 2012, section 3.3.
     */
    public String lrn(String name, String in, double k, int n, double alpha, double beta) {
        graph.addLayer(name, new LocalResponseNormalization.Builder(k, n, alpha, beta).build(), in);
        return put(name, shape(in));
    }

    /** Batch normalisation (per channel for maps): 2 trainable + 2 running statistics per channel. */
    public String batchNorm(String name, String in) {
        graph.addLayer(name, new BatchNormalization.Builder().build(), in);
        return put(name, shape(in));
    }

    /** An element-wise activation. */
    public String activation(String name, String in, Activation activation) {
        graph.addLayer(name, new ActivationLayer.Builder().activation(activation).build(), in);
        return put(name, shape(in));
    }

    /** Dropout that zeroes each value with probability {@code dropProbability} during training. */
    public String dropout(String name, String in, double dropProbability) {
        // DL4J's argument is the probability of RETAINING a value
        graph.addLayer(name, new DropoutLayer.Builder(1.0 - dropProbability).build(), in);
        return put(name, shape(in));
    }

    /** A fully connected layer; a map input is flattened (DL4J adds the preprocessor). */
    public String dense(String name, String in, int units, Activation activation, IWeightInit init, double bias) {
        shape(in);
        graph.addLayer(name, new DenseLayer.Builder().nOut(units).activation(activation).weightInit(init)
                .biasInit(bias).build(), in);
        return put(name, new FeatureShape(units, 1, 1));
    }

    /** The output layer (fully connected + loss). */
    public String output(String name, String in, int units, Activation activation, ILossFunction loss,
                         IWeightInit init, double bias) {
        shape(in);
        graph.addLayer(name, new OutputLayer.Builder(loss).nOut(units).activation(activation).weightInit(init)
                .biasInit(bias).build(), in);
        return put(name, new FeatureShape(units, 1, 1));
    }

    /** Channel-wise concatenation of maps with equal height and width (DL4J's {@link MergeVertex}). */
    public String concat(String name, String... in) {
        FeatureShape first = shape(in[0]);
        long channels = 0;
        for (String i : in) {
            FeatureShape s = shape(i);
            if (s.height() != first.height() || s.width() != first.width()) {
                throw new IllegalStateException(model + ": cannot concatenate " + first + " and " + s + " at " + name);
            }
            channels += s.channels();
        }
        graph.addVertex(name, new MergeVertex(), in);
        return put(name, new FeatureShape(channels, first.height(), first.width()));
    }

    /** Escape hatch for families that need a vertex this class does not offer. */
    public ComputationGraphConfiguration.GraphBuilder graph() {
        return graph;
    }

    /** Records a vertex added through {@link #graph()}. */
    public String put(String name, FeatureShape shape) {
        shapes.put(name, shape);
        return name;
    }

    /** Finishes the graph with {@code output} as its only output. */
    public ComputationGraphConfiguration build(String output) {
        return graph.setOutputs(output).build();
    }

    /**
     * The output shape of a square window (convolution or pooling) with DL4J's Truncate mode:
     * {@code floor((in + 2p - k) / s) + 1}, or a {@link ZooConfigException} naming the layer when it is empty.
     */
    private FeatureShape spatial(String name, String in, String what, int kernel, int stride, int padding, String key) {
        FeatureShape s = shape(in);
        long h = out(s.height(), kernel, stride, padding);
        long w = out(s.width(), kernel, stride, padding);
        if (h < 1 || w < 1) {
            throw new ZooConfigException(file, key, model + ": the feature map shrinks to zero at layer '" + name
                    + "': its input is " + s + " but its " + what + " window is " + kernel + "x" + kernel
                    + " (stride " + stride + ", padding " + padding + "); use a larger input or a shallower table");
        }
        return new FeatureShape(s.channels(), h, w);
    }

    /** Values per example of a shape (a vector is {@code n x 1 x 1}). */
    static long size(FeatureShape s) {
        return s.channels() * s.height() * s.width();
    }

    private static long out(long in, int kernel, int stride, int padding) {
        long span = in + 2L * padding - kernel;
        return span < 0 ? 0 : span / stride + 1;
    }
}
