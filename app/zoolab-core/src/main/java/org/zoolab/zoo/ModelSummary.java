package org.zoolab.zoo;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Per-vertex output shapes, parameter counts and multiply-accumulates of a graph, computed from its
 * configuration alone: no weights are allocated, so summarising VGG-E costs kilobytes, not 575 MB.
 * <p>
 * Parameters come from each layer's DL4J {@code ParamInitializer.numParams}. Batch normalisation's running
 * mean and variance, which DL4J stores as parameters, are reported as <em>non-trainable</em>; everything else
 * in a layer (not wrapped as frozen) is trainable. So {@code trainableParams} is the number a paper or
 * torchvision reports, and {@code trainableParams + nonTrainableParams} equals DL4J's {@code numParams()}.
 * <p>
 * MACs (multiply-accumulates) count convolutions, transposed convolutions and fully connected layers only:
 * {@code kh*kw*cin*cout*oh*ow} for a convolution, {@code kh*kw*cin*cout*ih*iw} for a transposed one (one
 * kernel application per input pixel), {@code in*out} for a dense or output layer; pooling, normalisation,
 * activations and merges count 0. This is the convention behind the usual tables (AlexNet 0.72 G, VGG-16
 * 15.5 G). Serialisable with Jackson for {@code zoolab summary --json}.
 *
 * @param name               the model's name
 * @param input              per-example input shape [C, H, W]
 * @param layers             one row per vertex, in topological order (the input excluded)
 * @param trainableParams    sum of the rows' trainable parameters
 * @param nonTrainableParams sum of the rows' non-trainable parameters
 * @param macs               sum of the rows' multiply-accumulates, for one example
 */
public record ModelSummary(String name, List<Long> input, List<Row> layers, long trainableParams,
                           long nonTrainableParams, long macs) {

    public ModelSummary {
        input = List.copyOf(input);
        layers = List.copyOf(layers);
    }

    /**
     * One vertex.
     *
     * @param name               vertex name
     * @param type               what it is, e.g. {@code "Conv 3x3/1"}, {@code "MaxPool 2x2/2"}, {@code "Dense"}
     * @param outputShape        per-example output shape: [C, H, W] for a map, [N] for a vector
     * @param trainableParams    trainable parameters
     * @param nonTrainableParams stored but not trained (batch-norm running statistics, frozen layers)
     * @param macs               multiply-accumulates for one example
     */
    public record Row(String name, String type, List<Long> outputShape, long trainableParams,
                      long nonTrainableParams, long macs) {
        public Row {
            outputShape = List.copyOf(outputShape);
        }
    }

    /** The summary of a zoo model at its resolved input size. */
    public static ModelSummary of(ZooModel model) {
        ModelOptions o = model.options();
        InputType image = InputType.convolutional(o.inputHeight(), o.inputWidth(), o.inputChannels());
        ComputationGraphConfiguration conf = model.configuration();
        List<String> inputs = conf.getNetworkInputs();
        InputType[] types = new InputType[inputs.size()];
        for (int i = 0; i < types.length; i++) {
            types[i] = vectorInput(conf, inputs.get(i));
            if (types[i] == null) types[i] = image;
        }
        return of(model.info().name(), conf, types);
    }

    /**
     * A network input read by a fully connected layer with no preprocessor is a vector of that layer's nIn (the
     * VAE's latent z, the GAN's noise); null for an image input.
     */
    private static InputType vectorInput(ComputationGraphConfiguration conf, String input) {
        for (Map.Entry<String, List<String>> e : conf.getVertexInputs().entrySet()) {
            if (!e.getValue().contains(input)) continue;
            if (conf.getVertices().get(e.getKey()) instanceof LayerVertex lv && lv.getPreProcessor() == null
                    && lv.getLayerConf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.FeedForwardLayer ff
                    && !(ff instanceof ConvolutionLayer) && ff.getNIn() > 0) {
                return InputType.feedForward(ff.getNIn());
            }
            return null;
        }
        return null;
    }

    /**
     * The summary of a graph configuration for the given input types (one per network input, in order); the
     * summary's input shape is the first input's.
     */
    public static ModelSummary of(String name, ComputationGraphConfiguration configuration, InputType... inputTypes) {
        InputType inputType = inputTypes[0];
        ComputationGraphConfiguration conf = configuration.clone(); // getLayerActivationTypes sets preprocessors
        Map<String, InputType> types = conf.getLayerActivationTypes(inputTypes);
        List<Row> rows = new ArrayList<>();
        long trainable = 0;
        long frozenOrStats = 0;
        long macs = 0;
        for (Map.Entry<String, InputType> e : types.entrySet()) {
            String vertexName = e.getKey();
            if (conf.getNetworkInputs().contains(vertexName)) {
                continue;
            }
            GraphVertex vertex = conf.getVertices().get(vertexName);
            List<String> inputs = conf.getVertexInputs().get(vertexName);
            InputType in = inputs == null || inputs.isEmpty() ? null : types.get(inputs.get(0));
            if (in != null && vertex instanceof LayerVertex lv && lv.getPreProcessor() != null) {
                in = lv.getPreProcessor().getOutputType(in); // e.g. a reshape of fc units to feature maps
            }
            Row row = row(vertexName, vertex, in, e.getValue());
            rows.add(row);
            trainable += row.trainableParams();
            frozenOrStats += row.nonTrainableParams();
            macs += row.macs();
        }
        return new ModelSummary(name, shape(inputType), rows, trainable, frozenOrStats, macs);
    }

    /** All parameters DL4J allocates: what {@code ComputationGraph.numParams()} returns. */
    public long totalParams() {
        return trainableParams + nonTrainableParams;
    }

    private static Row row(String name, GraphVertex vertex, InputType in, InputType out) {
        if (!(vertex instanceof LayerVertex lv)) {
            String type = vertex.getClass().getSimpleName().replaceFirst("Vertex$", "");
            return new Row(name, type, shape(out), vertex.numParams(true), 0, 0);
        }
        Layer layer = lv.getLayerConf().getLayer();
        boolean frozen = layer instanceof FrozenLayer || layer instanceof FrozenLayerWithBackprop;
        Layer inner = layer instanceof FrozenLayer f ? f.getLayer()
                : layer instanceof FrozenLayerWithBackprop fb ? fb.getUnderlying() : layer;
        long all = layer.initializer().numParams(layer);
        long stats = inner instanceof BatchNormalization bn ? 2 * bn.getNOut() : 0;
        long trainable = frozen ? 0 : all - stats;
        return new Row(name, type(inner), shape(out), trainable, all - trainable, macs(inner, in, out));
    }

    /** Multiply-accumulates of one layer for one example (see the class comment for the convention). */
    static long macs(Layer layer, InputType in, InputType out) {
        if (layer instanceof ConvolutionLayer conv) {
            int[] k = conv.getKernelSize();
            long kernel = (long) k[0] * k[1];
            if (layer instanceof DepthwiseConvolution2D dw) {
                return kernel * dw.getNIn() * dw.getDepthMultiplier() * spatial(out);
            }
            if (layer instanceof SeparableConvolution2D sep) {
                long cin = sep.getNIn();
                return kernel * cin * sep.getDepthMultiplier() * spatial(out)
                        + cin * sep.getDepthMultiplier() * sep.getNOut() * spatial(out);
            }
            if (layer instanceof Deconvolution2D) {
                return kernel * conv.getNIn() * conv.getNOut() * spatial(in);
            }
            return kernel * conv.getNIn() * conv.getNOut() * spatial(out);
        }
        if (layer instanceof DenseLayer || layer instanceof BaseOutputLayer) {
            FeedForwardLayer ff = (FeedForwardLayer) layer;
            return ff.getNIn() * ff.getNOut();
        }
        return 0;
    }

    private static long spatial(InputType t) {
        if (t instanceof InputType.InputTypeConvolutional c) {
            return c.getHeight() * c.getWidth();
        }
        throw new IllegalStateException("expected a feature map, got " + t);
    }

    private static String type(Layer layer) {
        if (layer instanceof ConvolutionLayer c) {
            int[] k = c.getKernelSize();
            int[] s = c.getStride();
            String kind = layer instanceof Deconvolution2D ? "Deconv" : layer instanceof DepthwiseConvolution2D
                    ? "DepthwiseConv" : layer instanceof SeparableConvolution2D ? "SeparableConv" : "Conv";
            return kind + " " + k[0] + "x" + k[1] + "/" + s[0] + act(c);
        }
        if (layer instanceof SubsamplingLayer p) {
            String kind = switch (p.getPoolingType()) {
                case MAX -> "MaxPool";
                case AVG -> "AvgPool";
                case SUM -> "SumPool";
                case PNORM -> "PNormPool";
            };
            return kind + " " + p.getKernelSize()[0] + "x" + p.getKernelSize()[1] + "/" + p.getStride()[0];
        }
        if (layer instanceof BaseOutputLayer o) {
            String loss = o.getLossFn().getClass().getSimpleName();
            return "Output" + act(o) + ", " + (loss.startsWith("Loss") ? loss.substring(4) : loss);
        }
        if (layer instanceof DenseLayer d) {
            return "Dense" + act(d);
        }
        if (layer instanceof BatchNormalization) {
            return "BatchNorm";
        }
        if (layer instanceof ActivationLayer a) {
            return "Activation " + a.getActivationFn();
        }
        if (layer instanceof org.deeplearning4j.nn.conf.layers.LocalResponseNormalization) {
            return "LRN";
        }
        if (layer instanceof org.deeplearning4j.nn.conf.layers.DropoutLayer d) {
            return "Dropout";
        }
        return layer.getClass().getSimpleName();
    }

    private static String act(org.deeplearning4j.nn.conf.layers.BaseLayer layer) {
        return layer.getActivationFn() == null ? "" : " " + layer.getActivationFn();
    }

    private static List<Long> shape(InputType t) {
        if (t instanceof InputType.InputTypeConvolutional c) {
            return List.of(c.getChannels(), c.getHeight(), c.getWidth());
        }
        if (t instanceof InputType.InputTypeFeedForward f) {
            return List.of(f.getSize());
        }
        if (t instanceof InputType.InputTypeConvolutionalFlat cf) {
            return List.of(cf.getDepth(), cf.getHeight(), cf.getWidth());
        }
        return List.of(-1L);
    }
}
