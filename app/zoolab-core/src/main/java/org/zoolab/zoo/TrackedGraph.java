package org.zoolab.zoo;

import org.zoolab.io.ConfigException;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.graph.SubsetVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping2D;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.ComposableInputPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A DL4J {@link ComputationGraphConfiguration.GraphBuilder} that also knows the output shape of every vertex it
 * added. Blocks ({@link BasicBlock}, {@link InceptionModule}, {@link UNetSteps}, ...) use it to size what they add
 * (zero-padding shortcuts, U-Net crops), and a feature map that shrinks to nothing is reported by layer name, as a
 * {@link ConfigException} naming the table file and model key, instead of a DL4J stack trace.
 * <p>
 * All convolutions and poolings use {@link ConvolutionMode#Truncate} with explicit padding, as in the papers'
 * Caffe definitions (and PyTorch): {@code out = floor((in + 2 * padding - kernel) / stride) + 1}.
 * <p>
 * Layers take their weight initialisation from the network-wide settings unless a method is given an
 * {@link IWeightInit} and a bias value (families whose paper sets them per layer: AlexNet's biases of 1, LeNet-5's
 * fan-in scaled uniform). Methods given a {@code key} report a shrinking map under that table key (e.g.
 * {@code columns.A.layers[12]}) instead of the model's key.
 * <p>
 * Inputs are images ({@code C x H x W}) or vectors (a GAN's noise, a VAE's latent code); the graph also knows
 * which vertices DL4J sees as flat vectors ({@link #isVector}: inputs given as vectors, fully connected layers,
 * global pooling), since a vector of {@code n} and an {@code n x 1 x 1} map feed the next layer differently.
 * <p>
 * A <em>view</em> ({@link #reshape}, {@link #inputDropout}) changes how the next layer reads its input without
 * adding a vertex: DL4J's input preprocessor and per-layer input dropout. A view can feed layers only.
 * <p>
 * <b>Layout.</b> Feature maps are channels first ({@link CNN2DFormat#NCHW}, DL4J's default) unless {@link #layout}
 * asks for channels last ({@link CNN2DFormat#NHWC}, the layout oneDNN computes in without reordering every
 * activation). The layout is how the net runs, not what it computes: inputs, labels, outputs and parameters stay
 * channels first, and a {@link LayoutChange} stands at each border (after the image input, before a flatten into a
 * fully connected layer, before a per-pixel loss and before a feature-map output), so a channels-last net given a
 * channels-first net's parameters computes the same function.
 */
public final class TrackedGraph {
    private final ComputationGraphConfiguration.GraphBuilder graph;
    private final Map<String, FeatureShape> shapes = new HashMap<>();
    private final Set<String> vectors = new HashSet<>();
    private final Map<String, View> views = new HashMap<>();
    private final List<String> outputs = new ArrayList<>();
    private final List<InputType> inputTypes = new ArrayList<>();
    /** Vertices whose output is a channels-last feature map. */
    private final Set<String> channelsLast = new HashSet<>();
    private final String file;
    private final String key;
    private CNN2DFormat layout = CNN2DFormat.NCHW;

    /** What a layer needs its input map to be. */
    private enum Reads {
        /** Maps in the graph's layout (convolution, pooling, normalisation, activation, ...). */
        MAPS,
        /** A flat vector (fully connected layers flatten a map in channels-first order). */
        VECTORS,
        /** Channels-first maps (a per-pixel loss compares them with channels-first labels). */
        CHANNELS_FIRST
    }

    /** How a layer reads a vertex: through a preprocessor (or none) with input dropout (keep > 0) or none. */
    private record View(String source, InputPreProcessor preProcessor, double keep) {
    }

    /**
     * Starts a graph with one convolutional input.
     *
     * @param base   global settings (seed, weight init, updater) every layer inherits
     * @param input  the input vertex name
     * @param shape  the input shape
     * @param file   the table file named in errors, e.g. {@code zoo-configs/unet.yaml}
     * @param key    the model's key in that file, e.g. {@code models.unet}
     */
    public TrackedGraph(NeuralNetConfiguration.Builder base, String input, FeatureShape shape, String file, String key) {
        this(base, file, key);
        input(input, shape);
    }

    /** Starts a graph without inputs: add them with {@link #input} and {@link #vectorInput}, in order. */
    public TrackedGraph(NeuralNetConfiguration.Builder base, String file, String key) {
        this.graph = base.graphBuilder();
        this.file = file;
        this.key = key;
    }

    /**
     * The layout of the feature maps of the layers added from now on: {@link CNN2DFormat#NCHW} (the default) or
     * {@link CNN2DFormat#NHWC}. Set it before adding layers.
     */
    public TrackedGraph layout(CNN2DFormat layout) {
        this.layout = Objects.requireNonNull(layout, "layout");
        return this;
    }

    /** The layout of the graph's feature maps. */
    public CNN2DFormat layout() {
        return layout;
    }

    /** Adds an image input of {@code shape} (channels first, whatever the graph's {@link #layout}). */
    public String input(String name, FeatureShape shape) {
        graph.addInputs(name);
        inputTypes.add(InputType.convolutional(shape.height(), shape.width(), shape.channels()));
        return put(name, shape);
    }

    /** Adds a vector input of {@code size} values. */
    public String vectorInput(String name, long size) {
        graph.addInputs(name);
        inputTypes.add(InputType.feedForward(size));
        vectors.add(name);
        return put(name, new FeatureShape(size, 1, 1));
    }

    /** The output shape of an added vertex. */
    public FeatureShape shape(String vertex) {
        FeatureShape s = shapes.get(vertex);
        if (s == null) {
            throw new IllegalArgumentException("no vertex named '" + vertex + "' in this graph");
        }
        return s;
    }

    /** True when DL4J sees the vertex's output as a flat vector rather than a feature map. */
    public boolean isVector(String vertex) {
        shape(vertex);
        View v = views.get(vertex);
        if (v != null) {
            return v.preProcessor() == null && isVector(v.source());
        }
        return vectors.contains(vertex);
    }

    /** The table file named in errors. */
    public String file() {
        return file;
    }

    /** The model's key in the table, named in errors. */
    public String key() {
        return key;
    }

    /** A 2-d convolution (square kernel), {@code padding} zeros on every side. */
    public String conv(String name, String input, int filters, int kernel, int stride, int padding, boolean bias,
                       Activation activation) {
        return conv(name, input, filters, kernel, stride, padding, bias, activation.getActivationFunction(), key);
    }

    /**
     * A 2-d convolution (square kernel), {@code padding} zeros on every side, any activation function; a map that
     * shrinks to nothing is reported under the table key {@code key}.
     */
    public String conv(String name, String input, int filters, int kernel, int stride, int padding, boolean bias,
                       IActivation activation, String key) {
        return addConv(name, input, filters, kernel, stride, padding, convLayer(kernel, stride, padding, filters,
                activation).hasBias(bias), key);
    }

    /**
     * A 2-d convolution (square kernel) with its own weight initialisation and initial bias; a map that shrinks
     * to nothing is reported under the table key {@code key}.
     */
    public String conv(String name, String input, int filters, int kernel, int stride, int padding,
                       Activation activation, IWeightInit init, double bias, String key) {
        return addConv(name, input, filters, kernel, stride, padding, convLayer(kernel, stride, padding, filters,
                activation.getActivationFunction()).weightInit(init).biasInit(bias), key);
    }

    private static ConvolutionLayer.Builder convLayer(int kernel, int stride, int padding, int filters,
                                                      IActivation activation) {
        return new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride).padding(padding, padding)
                .convolutionMode(ConvolutionMode.Truncate).nOut(filters).activation(activation);
    }

    private String addConv(String name, String input, int filters, int kernel, int stride, int padding,
                           ConvolutionLayer.Builder layer, String key) {
        FeatureShape in = shape(input);
        FeatureShape out = new FeatureShape(filters,
                slide(name, "convolution", in.height(), kernel, stride, padding, in, key),
                slide(name, "convolution", in.width(), kernel, stride, padding, in, key));
        addLayer(name, layer.build(), input);
        return put(name, out);
    }

    /**
     * A 2-d convolution with a {@code kernelH x kernelW} kernel (Inception v3's 1x7, 7x1, 1x3 and 3x1),
     * {@code padH} zeros above and below and {@code padW} left and right.
     */
    public String conv(String name, String input, int filters, int kernelH, int kernelW, int stride, int padH,
                       int padW, boolean bias, Activation activation) {
        FeatureShape in = shape(input);
        FeatureShape out = new FeatureShape(filters,
                slide(name, "convolution", in.height(), kernelH, stride, padH, in, key),
                slide(name, "convolution", in.width(), kernelW, stride, padW, in, key));
        addLayer(name, new ConvolutionLayer.Builder(kernelH, kernelW).stride(stride, stride).padding(padH, padW)
                .convolutionMode(ConvolutionMode.Truncate).nOut(filters).activation(activation).hasBias(bias).build(), input);
        return put(name, out);
    }

    /**
     * A depthwise-separable convolution (square kernel): {@code depthMultiplier} {@code kernel x kernel} filters per
     * input channel, then a 1x1 convolution to {@code filters} channels (BN-Inception's first layer).
     */
    public String separableConv(String name, String input, int filters, int kernel, int stride, int padding,
                                int depthMultiplier, boolean bias, Activation activation) {
        FeatureShape in = shape(input);
        FeatureShape out = new FeatureShape(filters,
                slide(name, "separable convolution", in.height(), kernel, stride, padding, in, key),
                slide(name, "separable convolution", in.width(), kernel, stride, padding, in, key));
        addLayer(name, new SeparableConvolution2D.Builder(kernel, kernel).depthMultiplier(depthMultiplier)
                .stride(stride, stride).padding(padding, padding).convolutionMode(ConvolutionMode.Truncate)
                .nOut(filters).hasBias(bias).activation(activation).build(), input);
        return put(name, out);
    }

    /** A transposed ("up-") convolution without padding: {@code out = stride * (in - 1) + kernel}. */
    public String deconv(String name, String input, int filters, int kernel, int stride, Activation activation) {
        FeatureShape in = shape(input);
        FeatureShape out = new FeatureShape(filters, stride * (in.height() - 1) + kernel, stride * (in.width() - 1) + kernel);
        addLayer(name, new Deconvolution2D.Builder(kernel, kernel).stride(stride, stride)
                .convolutionMode(ConvolutionMode.Truncate).nOut(filters).hasBias(true).activation(activation).build(),
                input);
        return put(name, out);
    }

    /**
     * A transposed convolution with {@code padding} rows and columns removed on every side:
     * {@code out = stride * (in - 1) + kernel - 2 * padding}.
     */
    public String deconv(String name, String input, int filters, int kernel, int stride, int padding, boolean bias,
                         IActivation activation) {
        FeatureShape in = shape(input);
        long h = stride * (in.height() - 1) + kernel - 2L * padding, w = stride * (in.width() - 1) + kernel - 2L * padding;
        if (h < 1 || w < 1) {
            throw shrinks(name, kernel + "x" + kernel + " transposed convolution of stride " + stride + " and padding "
                    + padding + " on a " + in + " map");
        }
        addLayer(name, new Deconvolution2D.Builder(kernel, kernel).stride(stride, stride).padding(padding, padding)
                .convolutionMode(ConvolutionMode.Truncate).nOut(filters).activation(activation).hasBias(bias).build(),
                input);
        return put(name, new FeatureShape(filters, h, w));
    }

    /** Batch normalisation over channels (gamma 1, beta 0 at start). */
    public String batchNorm(String name, String input) {
        addLayer(name, new BatchNormalization.Builder().build(), input);
        return same(name, input);
    }


    /** Batch normalisation over channels with the given epsilon (Inception v3's 0.001). */
    public String batchNorm(String name, String input, double eps) {
        addLayer(name, new BatchNormalization.Builder().eps(eps).build(), input);
        return same(name, input);
    }

    /** An element-wise activation. */
    public String activation(String name, String input, Activation activation) {
        return activation(name, input, activation.getActivationFunction());
    }

    /**
     * An element-wise activation given as a function (e.g. a leaky ReLU with its slope). This, not a batch-norm
     * layer's own {@code activation}, is how a nonlinearity follows batch norm: DL4J 1.0.0-M2.1's
     * {@code BatchNormalization} layer ignores its configured activation (its {@code activate} returns the
     * normalised values as they are).
     */
    public String activation(String name, String input, IActivation activation) {
        addLayer(name, new ActivationLayer.Builder().activation(activation).build(), input);
        return same(name, input);
    }

    /** Local response normalisation across {@code size} neighbouring channels (DL4J's formula, no division by n). */
    public String localResponseNorm(String name, String input, double k, int size, double alpha, double beta) {
        addLayer(name, new LocalResponseNormalization.Builder(k, size, alpha, beta).build(), input);
        return same(name, input);
    }

    /** Max pooling, square window. */
    public String maxPool(String name, String input, int kernel, int stride, int padding) {
        return pool(name, input, PoolingType.MAX, kernel, stride, padding, key);
    }

    /**
     * Max pooling that rounds the output size up, like Caffe's pooling layers: DL4J's {@link ConvolutionMode#Same},
     * {@code out = ceil(in / stride)}, with the padding at the bottom/right when it is odd. At GoogLeNet's sizes
     * (even maps, 3x3/2 windows) this equals Caffe's {@code ceil((in - kernel) / stride) + 1} window for window.
     */
    public String maxPoolSame(String name, String input, int kernel, int stride) {
        FeatureShape in = shape(input);
        FeatureShape out = new FeatureShape(in.channels(), -Math.floorDiv(-in.height(), stride), -Math.floorDiv(-in.width(), stride));
        addLayer(name, new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(kernel, kernel)
                .stride(stride, stride).convolutionMode(ConvolutionMode.Same).build(), input);
        return put(name, out);
    }

    /** Average pooling, square window, no padding. */
    public String avgPool(String name, String input, int kernel, int stride) {
        return pool(name, input, PoolingType.AVG, kernel, stride, 0, key);
    }

    /**
     * Max or average pooling over square windows, {@code padding} on every side; a map that shrinks to nothing is
     * reported under the table key {@code key}.
     */
    public String pool(String name, String input, PoolingType type, int kernel, int stride, int padding, String key) {
        FeatureShape in = shape(input);
        String what = (type == PoolingType.AVG ? "average" : type.name().toLowerCase()) + " pooling";
        FeatureShape out = new FeatureShape(in.channels(),
                slide(name, what, in.height(), kernel, stride, padding, in, key),
                slide(name, what, in.width(), kernel, stride, padding, in, key));
        addLayer(name, new SubsamplingLayer.Builder(type).kernelSize(kernel, kernel).stride(stride, stride)
                .padding(padding, padding).convolutionMode(ConvolutionMode.Truncate).build(), input);
        return put(name, out);
    }

    /**
     * Maxout units (Goodfellow et al. 2013): a fully connected layer {@code name} of {@code units * pieces}
     * linear pieces (with bias, no activation), seen as a {@code units x pieces} map and max-pooled over each
     * row ({@code name-max}). Returns the pooling vertex, a {@code 1 x units x 1} map.
     */
    public String maxout(String name, String input, int units, int pieces) {
        String linear = dense(name, input, Math.multiplyExact(units, pieces), true, Activation.IDENTITY.getActivationFunction());
        String rows = reshape(name + "-pieces", linear, new FeatureShape(1, units, pieces));
        String max = name + "-max";
        addLayer(max, new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(1, pieces).stride(1, pieces)
                .convolutionMode(ConvolutionMode.Truncate).build(), rows);
        return put(max, new FeatureShape(1, units, 1));
    }

    /** Global average pooling: {@code c x h x w -> c}. */
    public String globalAvgPool(String name, String input) {
        addLayer(name, new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), input);
        vectors.add(name);
        return put(name, new FeatureShape(shape(input).channels(), 1, 1));
    }

    /** Removes rows and columns at the borders. */
    public String crop(String name, String input, int top, int bottom, int left, int right) {
        FeatureShape in = shape(input);
        long h = in.height() - top - bottom, w = in.width() - left - right;
        if (top < 0 || bottom < 0 || left < 0 || right < 0 || h < 1 || w < 1) {
            throw shrinks(name, "crop " + top + "/" + bottom + "/" + left + "/" + right + " of a " + in + " map");
        }
        addLayer(name, new Cropping2D.Builder(top, bottom, left, right).build(), input);
        return put(name, new FeatureShape(in.channels(), h, w));
    }

    /** Element-wise sum of same-shaped inputs. */
    public String add(String name, String a, String b) {
        noViews(name, a, b);
        if (!shape(a).equals(shape(b))) {
            throw new IllegalStateException("cannot add " + a + " (" + shape(a) + ") and " + b + " (" + shape(b) + ") at " + name);
        }
        graph.addVertex(name, new ElementWiseVertex(ElementWiseVertex.Op.Add), a, b);
        followLayout(name, a, b);
        return same(name, a);
    }

    /** Channel concatenation of inputs with the same spatial size. */
    public String concat(String name, String... inputs) {
        noViews(name, inputs);
        FeatureShape first = shape(inputs[0]);
        long channels = 0;
        for (String in : inputs) {
            FeatureShape s = shape(in);
            if (s.height() != first.height() || s.width() != first.width()) {
                throw new IllegalStateException("cannot concatenate " + Arrays.toString(inputs) + " at " + name
                        + ": spatial sizes differ (" + first + " vs " + s + ")");
            }
            channels += s.channels();
        }
        graph.addVertex(name, isChannelsLast(inputs[0]) ? new ChannelsLastMerge() : new MergeVertex(), inputs);
        followLayout(name, inputs);
        if (isVector(inputs[0])) vectors.add(name);
        return put(name, first.withChannels(channels));
    }

    /** The input times a constant. */
    public String scale(String name, String input, double factor) {
        noViews(name, input);
        graph.addVertex(name, new ScaleVertex(factor), input);
        followLayout(name, input);
        return same(name, input);
    }

    /** Channels {@code from..to} (inclusive) of the input. */
    public String channels(String name, String input, int from, int to) {
        noViews(name, input);
        if (isChannelsLast(input)) {
            throw atLayer(name, "a channel subset is not supported in the channels-last layout (DL4J's SubsetVertex "
                    + "slices dimension 1, which is the height there); build this model channels first");
        }
        graph.addVertex(name, new SubsetVertex(from, to), input);
        if (isVector(input)) vectors.add(name);
        return put(name, shape(input).withChannels(to - from + 1));
    }

    /** Dropout that drops each activation with probability {@code dropProbability} (DL4J takes the keep one). */
    public String dropout(String name, String input, double dropProbability) {
        addLayer(name, new DropoutLayer.Builder(1.0 - dropProbability).build(), input);
        return same(name, input);
    }

    /**
     * A view of a vector as {@code to} feature maps for the next layer (DL4J's feed-forward to CNN preprocessor on
     * that layer; no vertex).
     *
     * @throws IllegalArgumentException if the input is not a vector of {@code C*H*W} values
     */
    public String reshape(String name, String input, FeatureShape to) {
        if (!isVector(input) || size(shape(input)) != size(to)) {
            throw new IllegalArgumentException("cannot reshape " + input + " (" + shape(input) + ") to " + to);
        }
        return view(name, input, new FeedForwardToCnnPreProcessor(to.height(), to.width(), to.channels()), to);
    }

    /**
     * A view of the input with dropout for the next layer: DL4J's per-layer input dropout, each value kept with
     * probability {@code keep} (no vertex; unlike {@link #dropout}, which adds a dropout layer).
     */
    public String inputDropout(String name, String input, double keep) {
        View under = views.get(input);
        String source = under == null ? input : under.source();
        InputPreProcessor pre = under == null ? null : under.preProcessor();
        views.put(name, new View(source, pre, keep));
        return put(name, shape(input));
    }

    private String view(String name, String input, InputPreProcessor preProcessor, FeatureShape shape) {
        View under = views.get(input);
        if (under != null && under.preProcessor() != null) {
            throw new IllegalStateException("cannot reshape the reshaped " + input + " again at " + name);
        }
        views.put(name, new View(under == null ? input : under.source(), preProcessor, under == null ? 0 : under.keep()));
        return put(name, shape);
    }

    /** A fully connected layer (flattens a feature map). */
    public String dense(String name, String input, int units, Activation activation) {
        return addDense(name, input, units, new DenseLayer.Builder().activation(activation));
    }

    /** A fully connected layer with or without bias, any activation function. */
    public String dense(String name, String input, int units, boolean bias, IActivation activation) {
        return addDense(name, input, units, new DenseLayer.Builder().activation(activation).hasBias(bias));
    }

    /** A fully connected layer with its own weight initialisation and initial bias. */
    public String dense(String name, String input, int units, Activation activation, IWeightInit init, double bias) {
        return addDense(name, input, units, new DenseLayer.Builder().activation(activation).weightInit(init)
                .biasInit(bias));
    }

    private String addDense(String name, String input, int units, DenseLayer.Builder layer) {
        shape(input);
        addLayer(name, layer.nOut(units).build(), input, Reads.VECTORS);
        vectors.add(name);
        return put(name, new FeatureShape(units, 1, 1));
    }

    /** A fully connected output layer with its loss; becomes a network output. */
    public String output(String name, String input, int units, Activation activation, ILossFunction loss) {
        return addOutput(name, input, units, new OutputLayer.Builder(loss).activation(activation));
    }

    /** A fully connected output layer with its loss, weight initialisation and initial bias; becomes an output. */
    public String output(String name, String input, int units, Activation activation, ILossFunction loss,
                         IWeightInit init, double bias) {
        return addOutput(name, input, units, new OutputLayer.Builder(loss).activation(activation).weightInit(init)
                .biasInit(bias));
    }

    private String addOutput(String name, String input, int units, OutputLayer.Builder layer) {
        shape(input);
        addLayer(name, layer.nOut(units).build(), input, Reads.VECTORS);
        outputs.add(name);
        vectors.add(name);
        return put(name, new FeatureShape(units, 1, 1));
    }

    /**
     * The output layer of an auxiliary classifier: a fully connected layer with its loss that becomes a network
     * output after the main one ({@link AuxiliaryOutputs}: the first output is the main classifier, every later one
     * an auxiliary head). Refused before the main output has been added.
     */
    public String auxiliaryOutput(String name, String input, int units, Activation activation, ILossFunction loss) {
        if (outputs.isEmpty()) {
            throw new IllegalStateException("auxiliary output '" + name + "' added before the main output: the main "
                    + "classifier must be the graph's first output");
        }
        return addOutput(name, input, units, new OutputLayer.Builder(loss).activation(activation));
    }

    /** A per-pixel loss on a feature map (no parameters); becomes a network output. */
    public String pixelOutput(String name, String input, Activation activation, ILossFunction loss) {
        addLayer(name, new CnnLossLayer.Builder(loss).activation(activation).build(), input, Reads.CHANNELS_FIRST);
        outputs.add(name);
        return same(name, input);
    }

    /**
     * Makes an added vertex a network output (for nets whose loss is computed outside the graph). A channels-last
     * map is given out channels first, through a vertex {@code vertex-nchw}, which is returned.
     */
    public String markOutput(String vertex) {
        shape(vertex);
        noViews("the outputs", vertex);
        String out = vertex;
        if (isChannelsLast(vertex)) {
            out = vertex + "-nchw";
            graph.addVertex(out, new PreprocessorVertex(new LayoutChange(CNN2DFormat.NCHW)), vertex);
            put(out, shape(vertex));
        }
        outputs.add(out);
        return out;
    }

    /** The finished configuration, outputs in the order they were added. */
    public ComputationGraphConfiguration build() {
        return graph.setOutputs(outputs.toArray(String[]::new)).setInputTypes(inputTypes.toArray(InputType[]::new))
                .build();
    }

    /** Adds a layer that works on maps in the graph's layout (or on vectors) reading {@code input}. */
    private void addLayer(String name, Layer layer, String input) {
        addLayer(name, layer, input, Reads.MAPS);
    }

    /**
     * Adds a layer reading {@code input}: through the view's preprocessor and input dropout if it is a view, and
     * through a {@link LayoutChange} where the input map's layout is not the one the layer {@code reads}.
     */
    private void addLayer(String name, Layer layer, String input, Reads reads) {
        View v = views.get(input);
        String source = v == null ? input : v.source();
        InputPreProcessor pre = v == null ? null : v.preProcessor();
        if (layout == CNN2DFormat.NHWC && !isVector(input)) {
            boolean last = isChannelsLast(input);
            FeatureShape s = shape(input);
            switch (reads) {
                case MAPS -> {
                    if (!last) pre = chain(pre, new LayoutChange(CNN2DFormat.NHWC));
                    channelsLast.add(name);
                }
                case VECTORS -> {
                    if (last) pre = chain(pre, new LayoutChange(CNN2DFormat.NCHW),
                            new CnnToFeedForwardPreProcessor(s.height(), s.width(), s.channels()));
                }
                case CHANNELS_FIRST -> {
                    if (last) pre = chain(pre, new LayoutChange(CNN2DFormat.NCHW));
                }
            }
        }
        if (v != null && v.keep() > 0) {
            layer.setIDropout(new Dropout(v.keep()));
        }
        if (pre != null) {
            graph.addLayer(name, layer, pre, source);
        } else {
            graph.addLayer(name, layer, source);
        }
    }

    /** {@code first} (may be null) then {@code more}, as one preprocessor. */
    private static InputPreProcessor chain(InputPreProcessor first, InputPreProcessor... more) {
        List<InputPreProcessor> all = new ArrayList<>();
        if (first != null) all.add(first);
        all.addAll(Arrays.asList(more));
        return all.size() == 1 ? all.get(0) : new ComposableInputPreProcessor(all.toArray(InputPreProcessor[]::new));
    }

    /** True when the vertex (or view) gives out a channels-last feature map. */
    private boolean isChannelsLast(String vertex) {
        View v = views.get(vertex);
        if (v != null) {
            return v.preProcessor() == null && isChannelsLast(v.source());
        }
        return !isVector(vertex) && channelsLast.contains(vertex);
    }

    /** A vertex gives out maps in its inputs' layout; inputs in both layouts are refused, naming the vertex. */
    private void followLayout(String name, String... inputs) {
        boolean anyLast = false, allLast = true;
        for (String in : inputs) {
            if (isVector(in)) continue;
            boolean last = isChannelsLast(in);
            anyLast |= last;
            allLast &= last;
        }
        if (anyLast && !allLast) {
            throw atLayer(name, "its inputs " + Arrays.toString(inputs) + " mix channels-first and channels-last maps");
        }
        if (anyLast) channelsLast.add(name);
    }

    private void noViews(String at, String... inputs) {
        for (String in : inputs) {
            if (views.containsKey(in)) {
                throw new IllegalStateException(in + " is a view (reshape or input dropout) and can feed layers only, not " + at);
            }
        }
    }

    /** An error that the feature map became empty at {@code layer}. */
    public ConfigException shrinks(String layer, String what) {
        return new ConfigException(file, key, "the feature map shrinks to nothing at layer '" + layer + "' ("
                + what + "); use a larger input");
    }

    /** An error about {@code layer}, naming the table file and model key. */
    public ConfigException atLayer(String layer, String problem) {
        return new ConfigException(file, key, "at layer '" + layer + "': " + problem);
    }

    /** {@code floor((in + 2p - k) / s) + 1} along one axis, or an error naming the layer when it is below 1. */
    private long slide(String name, String what, long in, int kernel, int stride, int padding, FeatureShape inShape,
                       String key) {
        long out = Math.floorDiv(in + 2L * padding - kernel, stride) + 1;
        if (out < 1) {
            throw new ConfigException(file, key, "the feature map shrinks to nothing at layer '" + name
                    + "': its input is " + inShape + " but its " + what + " window is " + kernel + "x" + kernel
                    + " (stride " + stride + ", padding " + padding + "); use a larger input or a shallower table");
        }
        return out;
    }

    /** Values per example of a shape (a vector is {@code n x 1 x 1}): the fan-in of a fully connected layer. */
    static long size(FeatureShape s) {
        return s.channels() * s.height() * s.width();
    }

    /** Records {@code name} with the shape of {@code input}, and as a vector if the input is one. */
    private String same(String name, String input) {
        if (isVector(input)) vectors.add(name);
        return put(name, shape(input));
    }

    private String put(String name, FeatureShape shape) {
        shapes.put(name, shape);
        return name;
    }
}
