package org.zoolab.export;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
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
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping2D;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.params.DeconvolutionParamInitializer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.params.SeparableConvolutionParamInitializer;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zoolab.BadInputException;
import org.zoolab.export.OnnxSchema.ModelProto;
import org.zoolab.export.OnnxSchema.OperatorSetIdProto;
import org.zoolab.export.OnnxSchema.TensorProto;
import org.zoolab.export.OnnxSchema.TensorShapeProto;
import org.zoolab.export.OnnxSchema.TypeProto;
import org.zoolab.export.OnnxSchema.ValueInfoProto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.zoolab.export.OnnxGraph.integer;
import static org.zoolab.export.OnnxGraph.ints;
import static org.zoolab.export.OnnxGraph.real;

/**
 * Translates a DL4J {@link ComputationGraph} into an ONNX model, vertex by vertex in topological order, with the
 * network's current weights. Tensors keep the DL4J vertex names (a layer that needs several ONNX nodes names the
 * intermediate ones {@code vertex/Op}; its last node writes {@code vertex}); weights are initializers named
 * {@code vertex/W}, {@code vertex/b}, ...
 * <p>
 * What maps to what, with DL4J's inference semantics:
 * <ul>
 *   <li>ConvolutionLayer: Conv (stride, dilation, padding; {@code ConvolutionMode.Same} becomes the explicit,
 *       possibly asymmetric, padding DL4J computes), then its activation;</li>
 *   <li>Deconvolution2D: ConvTranspose (Truncate and Strict modes);</li>
 *   <li>SeparableConvolution2D: a depthwise Conv ({@code group} = input channels) and a pointwise 1x1 Conv;</li>
 *   <li>SubsamplingLayer: MaxPool / AveragePool ({@code count_include_pad} as the layer's
 *       {@code avgPoolIncludePadInDivisor}); GlobalPoolingLayer: GlobalMaxPool / GlobalAveragePool, then Flatten
 *       when DL4J collapses the dimensions;</li>
 *   <li>BatchNormalization: BatchNormalization with the running mean and variance (a variance stored as
 *       log10 of the standard deviation is converted; locked gamma and beta become constants); no activation, since DL4J applies none after batch norm
 *       whatever the layer's configuration says;</li>
 *   <li>LocalResponseNormalization: LRN; DL4J's {@code k + alpha * sum} over {@code 2*floor(n/2)+1} channels is
 *       ONNX's {@code bias + alpha/size * sum}, so the ONNX alpha is DL4J's times the window size;</li>
 *   <li>DenseLayer and OutputLayer: Gemm (weights are {@code nIn x nOut}), then the activation; the loss is
 *       dropped. A feature map feeding them goes through Flatten (DL4J flattens NCHW in row-major order too);</li>
 *   <li>ActivationLayer: its activation; DropoutLayer and per-layer input dropout: nothing (inference);</li>
 *   <li>ZeroPaddingLayer: Pad; Cropping2D: Slice of height and width; CnnLossLayer (U-Net's per-pixel
 *       output): its activation (softmax over the channels);</li>
 *   <li>ElementWiseVertex: Add/Sum, Sub, Mul, Mean, Max; MergeVertex: Concat;
 *       ScaleVertex: Mul by a constant; SubsetVertex: Slice of the channel axis;</li>
 *   <li>activations: identity, relu, leakyrelu, sigmoid, tanh, softmax (over axis 1).</li>
 * </ul>
 * Every network output becomes an ONNX output, in the graph's order: GoogLeNet's and Inception v3's auxiliary
 * classifiers are exported after the main one, as DL4J's {@code output()} computes them too.
 */
public final class OnnxExporter {
    /** The ONNX operator set the exported models import. */
    public static final int OPSET = 13;
    /** The ONNX IR version written (IR 7 is the one of opset 13, ONNX 1.8). */
    public static final int IR_VERSION = 7;
    /** What can be exported, in words, for error messages. */
    public static final String SUPPORTED = "ConvolutionLayer, Deconvolution2D, SeparableConvolution2D, SubsamplingLayer (max, avg), "
            + "GlobalPoolingLayer (max, avg), BatchNormalization, LocalResponseNormalization, DenseLayer, OutputLayer, "
            + "ActivationLayer, DropoutLayer, ZeroPaddingLayer, Cropping2D, CnnLossLayer, ElementWiseVertex, MergeVertex, ScaleVertex, SubsetVertex "
            + "(NCHW; activations identity, relu, leakyrelu, sigmoid, tanh, softmax)";
    private static final Logger LOG = LoggerFactory.getLogger(OnnxExporter.class);
    private static final String BATCH = "batch";

    private final ComputationGraph net;
    private final InputType[] inputs;
    private final ComputationGraphConfiguration conf;
    private final Map<String, InputType> types;
    private final OnnxGraph g = new OnnxGraph();
    /** The ONNX tensor holding each DL4J vertex's output (a dropout layer's is its input's). */
    private final Map<String, String> tensorOf = new HashMap<>();

    private OnnxExporter(ComputationGraph net, InputType[] inputs) {
        this.net = net;
        this.inputs = inputs;
        this.conf = net.getConfiguration();
        if (inputs.length != conf.getNetworkInputs().size()) {
            throw new BadInputException("the network has " + conf.getNetworkInputs().size() + " inputs "
                    + conf.getNetworkInputs() + ", but " + inputs.length + " input shapes were given");
        }
        // on a copy: DL4J's shape inference may add the preprocessors it would add when building the graph
        try {
            this.types = conf.clone().getLayerActivationTypes(true, false, inputs);
        } catch (RuntimeException e) {
            throw new BadInputException("the input shape " + Arrays.toString(inputs) + " does not fit the network: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Exports {@code net} with its current weights.
     *
     * @param net    the network
     * @param name   the ONNX graph's name (the model's name)
     * @param inputs the shape of each network input, in the graph's order: {@code InputType.convolutional(h, w, c)}
     *               for images (NCHW), {@code InputType.feedForward(n)} for vectors
     * @throws UnsupportedLayerException naming the first vertex that has no ONNX translation
     */
    public static OnnxModel export(ComputationGraph net, String name, InputType... inputs) {
        return new OnnxExporter(net, inputs).run(name);
    }

    private OnnxModel run(String name) {
        List<String> inputNames = conf.getNetworkInputs();
        for (int i = 0; i < inputNames.size(); i++) {
            String in = inputNames.get(i);
            g.proto().addInput(valueInfo(in, in, types.get(in)));
            tensorOf.put(in, g.claim(in));
        }
        org.deeplearning4j.nn.graph.vertex.GraphVertex[] vertices = net.getVertices();
        for (int index : net.topologicalSortOrder()) {
            String v = vertices[index].getVertexName();
            if (!vertices[index].isInputVertex()) {
                vertex(v, conf.getVertices().get(v));
            }
        }
        List<String> outputs = conf.getNetworkOutputs();
        for (String out : outputs) {
            String t = tensorOf.get(out);
            if (!t.equals(out)) {
                g.node("Identity", out, List.of(t));
            }
            g.proto().addOutput(valueInfo(out, out, types.get(out)));
        }
        g.proto().setName(name);
        ModelProto model = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("zoolab")
                .setProducerVersion(producerVersion())
                .setDocString(name + ", exported from Deeplearning4j by zoolab")
                .setGraph(g.proto())
                .build();
        LOG.debug("exported {}: {} nodes, {} parameters", name, model.getGraph().getNodeCount(), g.parameters());
        return new OnnxModel(model, g.parameters(), inputNames, outputs);
    }

    private static String producerVersion() {
        String v = OnnxExporter.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    private ValueInfoProto valueInfo(String vertex, String name, InputType t) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH));
        for (long d : dims(vertex, t)) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
    }

    /** The shape of one example (without the batch dimension) in NCHW order. */
    private static long[] dims(String vertex, InputType t) {
        if (t instanceof InputType.InputTypeConvolutional c) {
            if (c.getFormat() != CNN2DFormat.NCHW) {
                throw new UnsupportedLayerException(vertex, "input " + t, "only NCHW feature maps are supported");
            }
            return new long[]{c.getChannels(), c.getHeight(), c.getWidth()};
        }
        if (t instanceof InputType.InputTypeFeedForward f) {
            return new long[]{f.getSize()};
        }
        throw new UnsupportedLayerException(vertex, "input " + t, "only feature maps and vectors are supported");
    }

    // ---- vertices ----------------------------------------------------------------------------------------------

    private void vertex(String v, GraphVertex vertex) {
        List<String> in = conf.getVertexInputs().get(v);
        List<String> x = in.stream().map(tensorOf::get).toList();
        List<InputType> t = in.stream().map(types::get).toList();
        if (vertex instanceof LayerVertex lv) {
            layer(v, lv, x.get(0), t.get(0));
        } else if (vertex instanceof ElementWiseVertex e) {
            elementWise(v, e, x);
        } else if (vertex instanceof MergeVertex m) {
            int axis = m.getMergeAxis();
            done(v, g.node("Concat", v, x, integer("axis", axis)));
        } else if (vertex instanceof ScaleVertex s) {
            String factor = g.floats(v + "/factor", new long[0], new float[]{(float) s.getScaleFactor()}, false);
            done(v, g.node("Mul", v, List.of(x.get(0), factor)));
        } else if (vertex instanceof SubsetVertex s) {
            if (!(t.get(0) instanceof InputType.InputTypeConvolutional) && !(t.get(0) instanceof InputType.InputTypeFeedForward)) {
                throw new UnsupportedLayerException(v, "SubsetVertex", "only subsets of a feature map's channels or a vector");
            }
            String starts = g.longs(v + "/starts", s.getFrom());
            String ends = g.longs(v + "/ends", s.getTo() + 1L);
            String axes = g.longs(v + "/axes", 1);
            done(v, g.node("Slice", v, List.of(x.get(0), starts, ends, axes)));
        } else {
            throw new UnsupportedLayerException(v, vertex.getClass().getSimpleName(), null);
        }
    }

    private void elementWise(String v, ElementWiseVertex e, List<String> x) {
        String op = switch (e.getOp()) {
            case Add -> x.size() == 2 ? "Add" : "Sum";
            case Subtract -> "Sub";
            case Product -> "Mul";
            case Average -> "Mean";
            case Max -> "Max";
        };
        if (op.equals("Mul") && x.size() > 2) {
            String acc = x.get(0);
            for (int i = 1; i < x.size(); i++) {
                acc = g.node("Mul", i == x.size() - 1 ? v : v + "/Mul" + i, List.of(acc, x.get(i)));
            }
            done(v, acc);
            return;
        }
        done(v, g.node(op, v, x));
    }

    private void done(String vertex, String tensor) {
        tensorOf.put(vertex, tensor);
    }

    private void layer(String v, LayerVertex lv, String x, InputType t) {
        Layer layer = lv.getLayerConf().getLayer();
        if (layer instanceof FrozenLayer f) {
            layer = f.getLayer();
        } else if (layer instanceof FrozenLayerWithBackprop f) {
            layer = f.getUnderlying();
        }
        InputPreProcessor pre = lv.getPreProcessor();
        if (pre != null) {
            x = preProcess(v, pre, x, t);
            t = pre.getOutputType(t);
        }
        checkFits(v, layer, t);
        Map<String, INDArray> params = net.getLayer(v).paramTable();
        Class<?> type = layer.getClass();
        String typeName = type.getSimpleName();
        IActivation activation;
        String y;
        if (type == ConvolutionLayer.class) {
            ConvolutionLayer c = (ConvolutionLayer) layer;
            checkMap(v, typeName, t, c.getCnn2dDataFormat());
            y = conv(v, c, x, t, params.get(ConvolutionParamInitializer.WEIGHT_KEY),
                    c.hasBias() ? params.get(ConvolutionParamInitializer.BIAS_KEY) : null);
            activation = c.getActivationFn();
        } else if (type == Deconvolution2D.class) {
            Deconvolution2D d = (Deconvolution2D) layer;
            checkMap(v, typeName, t, d.getCnn2dDataFormat());
            y = deconv(v, d, x, params.get(DeconvolutionParamInitializer.WEIGHT_KEY),
                    d.hasBias() ? params.get(DeconvolutionParamInitializer.BIAS_KEY) : null);
            activation = d.getActivationFn();
        } else if (type == SeparableConvolution2D.class) {
            SeparableConvolution2D c = (SeparableConvolution2D) layer;
            checkMap(v, typeName, t, c.getCnn2dDataFormat());
            y = separable(v, c, x, t, params);
            activation = c.getActivationFn();
        } else if (type == SubsamplingLayer.class) {
            SubsamplingLayer s = (SubsamplingLayer) layer;
            checkMap(v, typeName, t, s.getCnn2dDataFormat());
            y = pool(v, s, x, t);
            activation = null;
        } else if (type == GlobalPoolingLayer.class) {
            y = globalPool(v, (GlobalPoolingLayer) layer, x, t);
            activation = null;
        } else if (type == BatchNormalization.class) {
            BatchNormalization b = (BatchNormalization) layer;
            if (t instanceof InputType.InputTypeConvolutional) {
                checkMap(v, typeName, t, b.getCnn2DFormat());
            } else if (!(t instanceof InputType.InputTypeFeedForward)) {
                throw new UnsupportedLayerException(v, typeName, "only on feature maps and vectors, not on " + t);
            }
            y = batchNorm(v, b, x, params);
            // DL4J 1.0.0-M2.1's batch-norm layer returns its normalised input and never applies the activation
            // function its configuration carries (the network-wide default, sigmoid, when none is set): nor do we
            activation = null;
        } else if (type == LocalResponseNormalization.class) {
            LocalResponseNormalization l = (LocalResponseNormalization) layer;
            checkMap(v, typeName, t, l.getDataFormat());
            long size = 2 * ((long) l.getN() / 2) + 1;
            y = g.node("LRN", v + "/LRN", List.of(x), real("alpha", l.getAlpha() * size), real("beta", l.getBeta()),
                    real("bias", l.getK()), integer("size", size));
            activation = null;
        } else if (type == DenseLayer.class || type == OutputLayer.class) {
            FeedForwardLayer f = (FeedForwardLayer) layer;
            if (!(t instanceof InputType.InputTypeFeedForward)) {
                throw new UnsupportedLayerException(v, typeName, "expected a vector input, got " + t);
            }
            if (layer instanceof DenseLayer d && d.hasLayerNorm()) {
                throw new UnsupportedLayerException(v, typeName, "layer normalisation inside a dense layer is not supported");
            }
            boolean bias = layer instanceof DenseLayer d ? d.hasBias() : ((OutputLayer) layer).hasBias();
            INDArray w = params.get(DefaultParamInitializer.WEIGHT_KEY);
            List<String> inputs = new ArrayList<>(List.of(x, g.floats(v + "/W", w.shape(), values(w), true)));
            if (bias) {
                INDArray b = params.get(DefaultParamInitializer.BIAS_KEY);
                inputs.add(g.floats(v + "/b", new long[]{b.length()}, values(b), true));
            }
            y = g.node("Gemm", v + "/Gemm", inputs);
            activation = f.getActivationFn();
        } else if (type == ActivationLayer.class) {
            y = x;
            activation = ((ActivationLayer) layer).getActivationFn();
        } else if (type == DropoutLayer.class) {
            y = x;
            activation = null;
        } else if (type == Cropping2D.class) {
            Cropping2D c = (Cropping2D) layer;
            checkMap(v, typeName, t, c.getDataFormat());
            InputType.InputTypeConvolutional in = (InputType.InputTypeConvolutional) t;
            int[] p = c.getCropping(); // top, bottom, left, right
            String starts = g.longs(v + "/starts", p[0], p[2]);
            String ends = g.longs(v + "/ends", in.getHeight() - p[1], in.getWidth() - p[3]);
            String axes = g.longs(v + "/axes", 2, 3);
            y = g.node("Slice", v + "/Slice", List.of(x, starts, ends, axes));
            activation = null;
        } else if (type == CnnLossLayer.class) {
            CnnLossLayer l = (CnnLossLayer) layer;
            checkMap(v, typeName, t, l.getFormat());
            y = x;
            activation = l.getActivationFn();
        } else if (type == ZeroPaddingLayer.class) {
            ZeroPaddingLayer z = (ZeroPaddingLayer) layer;
            checkMap(v, typeName, t, z.getDataFormat());
            int[] p = z.getPadding(); // top, bottom, left, right
            String pads = g.longs(v + "/pads", 0, 0, p[0], p[2], 0, 0, p[1], p[3]);
            y = g.node("Pad", v + "/Pad", List.of(x, pads));
            activation = null;
        } else {
            throw new UnsupportedLayerException(v, typeName, null);
        }
        y = activation(v, typeName, activation, y);
        finish(v, y);
    }

    /** Renames the vertex's last node's output to the vertex name (or, for a layer that added none, aliases it). */
    private void finish(String v, String y) {
        var nodes = g.proto().getNodeBuilderList();
        if (!nodes.isEmpty() && y.startsWith(v + "/")) {
            var last = g.proto().getNodeBuilder(nodes.size() - 1);
            if (last.getOutput(0).equals(y)) {
                last.setOutput(0, g.claim(v)).setName(v);
                done(v, v);
                return;
            }
        }
        done(v, y);
    }

    private String preProcess(String v, InputPreProcessor pre, String x, InputType t) {
        if (pre instanceof CnnToFeedForwardPreProcessor c) {
            if (c.getFormat() != CNN2DFormat.NCHW) {
                throw new UnsupportedLayerException(v, "CnnToFeedForwardPreProcessor", "only NCHW feature maps are supported");
            }
            return g.node("Flatten", v + "/Flatten", List.of(x), integer("axis", 1));
        }
        if (pre instanceof FeedForwardToCnnPreProcessor f) {
            String shape = g.longs(v + "/shape", -1, f.getNumChannels(), f.getInputHeight(), f.getInputWidth());
            return g.node("Reshape", v + "/Reshape", List.of(x, shape));
        }
        throw new UnsupportedLayerException(v, pre.getClass().getSimpleName(), "its input preprocessor has no ONNX translation; "
                + "supported are CnnToFeedForwardPreProcessor and FeedForwardToCnnPreProcessor");
    }

    /** The input shapes must give the layer the inputs its weights take, and leave it a non-empty output. */
    private void checkFits(String v, Layer layer, InputType t) {
        String type = layer.getClass().getSimpleName();
        if (layer instanceof FeedForwardLayer f && f.getNIn() > 0) {
            long have = t instanceof InputType.InputTypeConvolutional c ? c.getChannels()
                    : t instanceof InputType.InputTypeFeedForward ff ? ff.getSize() : -1;
            if (have >= 0 && have != f.getNIn()) {
                throw new BadInputException("the input shape " + Arrays.toString(inputs) + " does not fit the "
                        + "network: layer '" + v + "' (" + type + ") takes " + f.getNIn() + " inputs, it would get " + t);
            }
        }
        InputType out = types.get(v);
        if (out instanceof InputType.InputTypeConvolutional c && (c.getHeight() < 1 || c.getWidth() < 1)) {
            throw new BadInputException("the input shape " + Arrays.toString(inputs) + " does not fit the "
                    + "network: layer '" + v + "' (" + type + ") would output " + c);
        }
    }

    private static void checkMap(String v, String type, InputType t, CNN2DFormat format) {
        if (!(t instanceof InputType.InputTypeConvolutional)) {
            throw new UnsupportedLayerException(v, type, "expected a feature map input, got " + t);
        }
        if (format != null && format != CNN2DFormat.NCHW) {
            throw new UnsupportedLayerException(v, type, "only NCHW is supported, the layer is " + format);
        }
    }

    // ---- layers ------------------------------------------------------------------------------------------------

    private String conv(String v, ConvolutionLayer c, String x, InputType t, INDArray w, INDArray b) {
        List<String> inputs = new ArrayList<>(List.of(x, g.floats(v + "/W", w.shape(), values(w), true)));
        if (b != null) {
            inputs.add(g.floats(v + "/b", new long[]{b.length()}, values(b), true));
        }
        return g.node("Conv", v + "/Conv", inputs, ints("kernel_shape", c.getKernelSize()), ints("strides", c.getStride()),
                ints("dilations", c.getDilation()), ints("pads", pads(v, "ConvolutionLayer", c.getConvolutionMode(),
                        c.getKernelSize(), c.getStride(), c.getDilation(), c.getPadding(), t, types.get(v))),
                integer("group", 1));
    }

    private String deconv(String v, Deconvolution2D d, String x, INDArray w, INDArray b) {
        // DL4J's weights are [nIn, nOut, kH, kW], ONNX ConvTranspose's [C_in, C_out, kH, kW]
        ConvolutionMode mode = d.getConvolutionMode();
        if (mode != ConvolutionMode.Truncate && mode != ConvolutionMode.Strict) {
            throw new UnsupportedLayerException(v, "Deconvolution2D", "convolution mode " + mode
                    + " is not supported (Truncate and Strict are)");
        }
        int[] p = d.getPadding();
        List<String> inputs = new ArrayList<>(List.of(x, g.floats(v + "/W", w.shape(), values(w), true)));
        if (b != null) {
            inputs.add(g.floats(v + "/b", new long[]{b.length()}, values(b), true));
        }
        return g.node("ConvTranspose", v + "/ConvTranspose", inputs, ints("kernel_shape", d.getKernelSize()),
                ints("strides", d.getStride()), ints("dilations", d.getDilation()), ints("pads", p[0], p[1], p[0], p[1]));
    }

    private String separable(String v, SeparableConvolution2D c, String x, InputType t, Map<String, INDArray> params) {
        // DL4J's depthwise weights are [multiplier, in, kH, kW]; ONNX's grouped Conv wants [in * multiplier, 1, kH, kW]
        // with output channel c * multiplier + m for input channel c (libnd4j's order)
        INDArray dw = params.get(SeparableConvolutionParamInitializer.DEPTH_WISE_WEIGHT_KEY);
        long mult = dw.size(0), in = dw.size(1), kh = dw.size(2), kw = dw.size(3);
        INDArray depthwise = dw.permute(1, 0, 2, 3).dup('c').reshape('c', in * mult, 1, kh, kw);
        String mid = g.node("Conv", v + "/depthwise", List.of(x, g.floats(v + "/depthwise.W", depthwise.shape(), values(depthwise), true)),
                ints("kernel_shape", c.getKernelSize()), ints("strides", c.getStride()), ints("dilations", c.getDilation()),
                ints("pads", pads(v, "SeparableConvolution2D", c.getConvolutionMode(), c.getKernelSize(), c.getStride(),
                        c.getDilation(), c.getPadding(), t, types.get(v))),
                integer("group", in));
        INDArray pw = params.get(SeparableConvolutionParamInitializer.POINT_WISE_WEIGHT_KEY);
        List<String> inputs = new ArrayList<>(List.of(mid, g.floats(v + "/pointwise.W", pw.shape(), values(pw), true)));
        if (c.hasBias()) {
            INDArray b = params.get(SeparableConvolutionParamInitializer.BIAS_KEY);
            inputs.add(g.floats(v + "/b", new long[]{b.length()}, values(b), true));
        }
        return g.node("Conv", v + "/pointwise", inputs, ints("kernel_shape", 1, 1));
    }

    private String pool(String v, SubsamplingLayer s, String x, InputType t) {
        var common = new ArrayList<>(List.of(ints("kernel_shape", s.getKernelSize()), ints("strides", s.getStride()),
                ints("pads", pads(v, "SubsamplingLayer", s.getConvolutionMode(), s.getKernelSize(), s.getStride(),
                        s.getDilation(), s.getPadding(), t, types.get(v)))));
        boolean dilated = s.getDilation()[0] != 1 || s.getDilation()[1] != 1;
        if (s.getPoolingType() == PoolingType.MAX) {
            if (dilated) {
                common.add(ints("dilations", s.getDilation()));
            }
            return g.node("MaxPool", v + "/MaxPool", List.of(x), common.toArray(OnnxSchema.AttributeProto[]::new));
        }
        if (s.getPoolingType() == PoolingType.AVG && !dilated) {
            common.add(integer("count_include_pad", s.isAvgPoolIncludePadInDivisor() ? 1 : 0));
            return g.node("AveragePool", v + "/AveragePool", List.of(x), common.toArray(OnnxSchema.AttributeProto[]::new));
        }
        throw new UnsupportedLayerException(v, "SubsamplingLayer", s.getPoolingType() + " pooling"
                + (dilated ? " with dilation" : "") + " is not supported; max and (undilated) average pooling are");
    }

    /**
     * ONNX's explicit {@code [top, left, bottom, right]} padding for a window op: DL4J's symmetric padding in
     * Truncate and Strict modes, the padding DL4J computes from the output size in Same mode.
     */
    private static long[] pads(String v, String type, ConvolutionMode mode, int[] kernel, int[] stride, int[] dilation,
                               int[] padding, InputType in, InputType out) {
        if (mode == ConvolutionMode.Same) {
            InputType.InputTypeConvolutional i = (InputType.InputTypeConvolutional) in;
            InputType.InputTypeConvolutional o = (InputType.InputTypeConvolutional) out;
            int[] inSize = {(int) i.getHeight(), (int) i.getWidth()};
            int[] outSize = {(int) o.getHeight(), (int) o.getWidth()};
            int[] tl = ConvolutionUtils.getSameModeTopLeftPadding(outSize, inSize, kernel, stride, dilation);
            int[] br = ConvolutionUtils.getSameModeBottomRightPadding(outSize, inSize, kernel, stride, dilation);
            return new long[]{tl[0], tl[1], br[0], br[1]};
        }
        if (mode == ConvolutionMode.Truncate || mode == ConvolutionMode.Strict) {
            return new long[]{padding[0], padding[1], padding[0], padding[1]};
        }
        throw new UnsupportedLayerException(v, type, "convolution mode " + mode + " is not supported (Truncate, Strict and Same are)");
    }

    private String globalPool(String v, GlobalPoolingLayer p, String x, InputType t) {
        if (!(t instanceof InputType.InputTypeConvolutional c) || c.getFormat() != CNN2DFormat.NCHW) {
            throw new UnsupportedLayerException(v, "GlobalPoolingLayer", "only global pooling of NCHW feature maps is supported, got " + t);
        }
        int[] dims = p.getPoolingDimensions();
        if (dims != null && !(dims.length == 2 && dims[0] == 2 && dims[1] == 3)) {
            throw new UnsupportedLayerException(v, "GlobalPoolingLayer", "only pooling over height and width is supported");
        }
        String op = switch (p.getPoolingType()) {
            case MAX -> "GlobalMaxPool";
            case AVG -> "GlobalAveragePool";
            default -> throw new UnsupportedLayerException(v, "GlobalPoolingLayer", p.getPoolingType()
                    + " pooling is not supported; max and average are");
        };
        String y = g.node(op, v + "/" + op, List.of(x));
        return p.isCollapseDimensions() ? g.node("Flatten", v + "/Flatten", List.of(y), integer("axis", 1)) : y;
    }

    private String batchNorm(String v, BatchNormalization b, String x, Map<String, INDArray> params) {
        INDArray mean = params.get(BatchNormalizationParamInitializer.GLOBAL_MEAN);
        long n = mean.length();
        float[] var;
        if (b.isUseLogStd()) {
            // stored as log10(std): var = (10^log10std)^2
            float[] logStd = values(params.get(BatchNormalizationParamInitializer.GLOBAL_LOG_STD));
            var = new float[logStd.length];
            for (int i = 0; i < var.length; i++) {
                double std = Math.pow(10, logStd[i]);
                var[i] = (float) (std * std);
            }
        } else {
            var = values(params.get(BatchNormalizationParamInitializer.GLOBAL_VAR));
        }
        float[] gamma, beta;
        if (b.isLockGammaBeta()) {
            gamma = new float[(int) n];
            beta = new float[(int) n];
            Arrays.fill(gamma, (float) b.getGamma());
            Arrays.fill(beta, (float) b.getBeta());
        } else {
            gamma = values(params.get(BatchNormalizationParamInitializer.GAMMA));
            beta = values(params.get(BatchNormalizationParamInitializer.BETA));
        }
        long[] dims = {n};
        boolean locked = b.isLockGammaBeta();
        return g.node("BatchNormalization", v + "/BatchNormalization", List.of(x,
                        g.floats(v + "/gamma", dims, gamma, !locked), g.floats(v + "/beta", dims, beta, !locked),
                        g.floats(v + "/mean", dims, values(mean), true), g.floats(v + "/var", dims, var, true)),
                real("epsilon", b.getEps()));
    }

    /** Adds the activation after {@code x}; identity adds nothing. */
    private String activation(String v, String type, IActivation a, String x) {
        if (a == null || a instanceof ActivationIdentity) {
            return x;
        }
        if (a instanceof ActivationReLU r) {
            boolean plain = (r.getMax() == null || r.getMax() == 0) && (r.getThreshold() == null || r.getThreshold() == 0)
                    && (r.getNegativeSlope() == null || r.getNegativeSlope() == 0);
            if (!plain) {
                throw new UnsupportedLayerException(v, type, "activation " + a + " (a ReLU with max, threshold or slope) is not supported");
            }
            return g.node("Relu", v + "/Relu", List.of(x));
        }
        if (a instanceof ActivationLReLU l) {
            return g.node("LeakyRelu", v + "/LeakyRelu", List.of(x), real("alpha", l.getAlpha()));
        }
        if (a instanceof ActivationSigmoid) {
            return g.node("Sigmoid", v + "/Sigmoid", List.of(x));
        }
        if (a instanceof ActivationTanH) {
            return g.node("Tanh", v + "/Tanh", List.of(x));
        }
        if (a instanceof ActivationSoftmax) {
            return g.node("Softmax", v + "/Softmax", List.of(x), integer("axis", 1));
        }
        throw new UnsupportedLayerException(v, type, "activation " + a + " is not supported; "
                + "identity, relu, leakyrelu, sigmoid, tanh and softmax are");
    }

    /** An array's values in row-major order, as float32. */
    private static float[] values(INDArray a) {
        return Nd4j.toFlattened('c', a).castTo(DataType.FLOAT).toFloatVector();
    }
}
