package org.zoolab.zoo;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.zoolab.BadInputException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A classifier whose fully connected head is turned into convolutions, as VGG is evaluated densely (Simonyan &amp;
 * Zisserman 2014, sec. 3.2): the first dense layer after the convolutional stack becomes a convolution whose
 * kernel covers the whole map it was trained on (VGG's fc6: 7x7 over 512 channels), the later dense layers and the
 * softmax output become 1x1 convolutions, all with the trained weights. On an image of the training size the net
 * gives a 1x1 map of class scores equal to the original's; on a larger image an HxW map, one score vector per
 * window position, at the stack's stride.
 * <p>
 * Weights: DL4J's dense layer holds {@code W[nIn, nOut]}; the convolutional map {@code [c, h, w]} reached it
 * flattened by its {@link CnnToFeedForwardPreProcessor} in c order ({@code index = (c*H + y)*W + x}, or
 * {@code (y*W + x)*C + c} for NHWC maps), so {@code W^T} reshaped to {@code [nOut, C, H, W]} is the convolution
 * kernel. Dropout layers are left out (inference only); activation layers are kept. The output layer's softmax is
 * taken out of the net: {@link #scoreMap} gives the raw class scores, {@link #posteriors} the softmax of their
 * spatial average (the paper's sum-pooling of the score map).
 * <p>
 * A graph whose main output is not reached from a convolutional map through dense layers only (a global pooling
 * before the dense layer, a non-softmax output, a branch in the head) is refused with a
 * {@link BadInputException} naming the layer.
 */
public final class FullyConvolutionalNet {
    private final ComputationGraph graph;
    private final List<String> convertedLayers;
    private final int[] kernel;

    private FullyConvolutionalNet(ComputationGraph graph, List<String> convertedLayers, int[] kernel) {
        this.graph = graph;
        this.convertedLayers = List.copyOf(convertedLayers);
        this.kernel = kernel;
    }

    /** The fully convolutional form of a trained classifier; its weights are copied, {@code trained} is left as it is. */
    public static FullyConvolutionalNet of(ComputationGraph trained) {
        ComputationGraphConfiguration conf = trained.getConfiguration();
        String output = conf.getNetworkOutputs().get(AuxiliaryOutputs.mainOutput(conf));
        // walk back from the output through the head: dense, dropout and activation layers, one input each
        List<String> head = new ArrayList<>();
        String v = output;
        while (true) {
            GraphVertex gv = conf.getVertices().get(v);
            Layer layer = gv instanceof LayerVertex lv ? lv.getLayerConf().getLayer() : null;
            boolean headLayer = layer instanceof DenseLayer || layer instanceof BaseOutputLayer
                    || layer instanceof DropoutLayer || layer instanceof ActivationLayer;
            if (!headLayer) {
                break;
            }
            List<String> in = conf.getVertexInputs().get(v);
            if (in == null || in.size() != 1) {
                throw new BadInputException("layer '" + v + "' has " + (in == null ? 0 : in.size())
                        + " inputs; only a chain of dense layers can be made convolutional");
            }
            head.add(0, v);
            if (isDense(layer) && ((LayerVertex) gv).getPreProcessor() instanceof CnnToFeedForwardPreProcessor) {
                break;   // the first dense layer: its input is the convolutional map
            }
            v = in.get(0);
        }
        if (head.isEmpty() || !(layerOf(conf, output) instanceof BaseOutputLayer)) {
            throw new BadInputException("the main output '" + output + "' (" + describe(conf, output)
                    + ") is not a dense output layer; only a dense head after a convolutional stack can be made convolutional");
        }
        String first = head.stream().filter(n -> isDense(layerOf(conf, n))).findFirst().orElseThrow();
        LayerVertex firstVertex = (LayerVertex) conf.getVertices().get(first);
        String trunk = conf.getVertexInputs().get(head.get(0)).get(0);
        InputPreProcessor pre = firstVertex.getPreProcessor();
        CnnToFeedForwardPreProcessor flatten;
        if (pre instanceof CnnToFeedForwardPreProcessor f) {
            flatten = f;
        } else {
            GraphVertex source = conf.getVertices().get(trunk);
            if (source instanceof PreprocessorVertex pv && pv.getPreProcessor() instanceof CnnToFeedForwardPreProcessor f) {
                flatten = f;
                trunk = conf.getVertexInputs().get(trunk).get(0);
            } else {
                throw new BadInputException("dense layer '" + first + "' takes a flat input from '" + trunk + "' ("
                        + describe(conf, trunk) + "), not a convolutional map: there is no fully connected layer over a"
                        + " map to make convolutional (a net that pools globally already takes any image size)");
            }
        }
        IActivation outAct = ((BaseOutputLayer) layerOf(conf, output)).getActivationFn();
        if (!(outAct instanceof ActivationSoftmax)) {
            throw new BadInputException("output layer '" + output + "' has activation " + outAct
                    + "; dense evaluation averages softmax class posteriors, so it needs a softmax output");
        }
        int h = (int) flatten.getInputHeight();
        int w = (int) flatten.getInputWidth();
        int c = (int) flatten.getNumChannels();
        CNN2DFormat format = flatten.getFormat();

        // the convolutional stack: every vertex the trunk depends on, in the trained graph's order
        Set<String> needed = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(trunk));
        while (!todo.isEmpty()) {
            String n = todo.pop();
            if (needed.add(n)) {
                todo.addAll(conf.getVertexInputs().getOrDefault(n, List.of()));
            }
        }
        ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder()
                .dataType(conf.getDataType()).graphBuilder()
                .addInputs(conf.getNetworkInputs());
        Set<String> inputs = new HashSet<>(conf.getNetworkInputs());
        List<String> kept = new ArrayList<>();
        for (int idx : trained.topologicalSortOrder()) {
            String n = trained.getVertices()[idx].getVertexName();
            if (!needed.contains(n) || inputs.contains(n)) {
                continue;
            }
            GraphVertex gv = conf.getVertices().get(n);
            String[] in = conf.getVertexInputs().get(n).toArray(String[]::new);
            if (gv instanceof LayerVertex lv) {
                b.addLayer(n, lv.getLayerConf().getLayer().clone(), lv.getPreProcessor() == null ? null : lv.getPreProcessor().clone(), in);
                kept.add(n);
            } else {
                b.addVertex(n, gv.clone(), in);
            }
        }
        List<String> converted = new ArrayList<>();
        String x = trunk;
        long nIn = c;
        boolean firstDense = true;
        for (String n : head) {
            Layer layer = layerOf(conf, n);
            if (layer instanceof DropoutLayer) {
                continue;
            }
            if (layer instanceof ActivationLayer a) {
                b.addLayer(n, new ActivationLayer.Builder().activation(a.getActivationFn()).build(), x);
                x = n;
                continue;
            }
            FeedForwardLayer ff = (FeedForwardLayer) layer;
            boolean out = n.equals(output);
            int kh = firstDense ? h : 1;
            int kw = firstDense ? w : 1;
            boolean bias = !(ff instanceof DenseLayer d) || d.hasBias();
            if (ff instanceof BaseOutputLayer o) {
                bias = o.hasBias();
            }
            b.addLayer(n, new ConvolutionLayer.Builder(kh, kw).stride(1, 1).nIn(nIn).nOut(ff.getNOut())
                    .convolutionMode(ConvolutionMode.Truncate).dataFormat(format).hasBias(bias)
                    .activation(out ? new ActivationIdentity() : ff.getActivationFn()).build(), x);
            converted.add(n);
            nIn = ff.getNOut();
            firstDense = false;
            x = n;
        }
        ComputationGraph fcn = new ComputationGraph(b.setOutputs(x).build());
        fcn.init();
        for (String n : kept) {
            org.deeplearning4j.nn.api.Layer l = trained.getLayer(n);
            if (l.numParams() > 0) {
                fcn.getLayer(n).setParams(l.params().dup());
            }
        }
        for (int i = 0; i < converted.size(); i++) {
            String n = converted.get(i);
            org.deeplearning4j.nn.api.Layer dense = trained.getLayer(n);
            INDArray weights = dense.getParam("W");
            INDArray kernelW = i == 0 ? firstKernel(weights, c, h, w, format)
                    : weights.transpose().dup('c').reshape('c', weights.size(1), weights.size(0), 1, 1);
            org.deeplearning4j.nn.api.Layer conv = fcn.getLayer(n);
            conv.setParam("W", kernelW.castTo(conv.getParam("W").dataType()));
            INDArray bias = dense.paramTable().get("b");
            if (bias != null && conv.paramTable().containsKey("b")) {
                conv.setParam("b", bias.reshape(conv.getParam("b").shape()).castTo(conv.getParam("b").dataType()));
            }
        }
        return new FullyConvolutionalNet(fcn, converted, new int[]{h, w});
    }

    /** {@code W[C*H*W, nOut]} of a dense layer over a flattened map as the kernel {@code [nOut, C, H, W]}. */
    static INDArray firstKernel(INDArray weights, int c, int h, int w, CNN2DFormat format) {
        long nOut = weights.size(1);
        if (weights.size(0) != (long) c * h * w) {
            throw new BadInputException("the first dense layer has " + weights.size(0) + " inputs, not the " + c + "x" + h + "x" + w
                    + " map its preprocessor flattens");
        }
        INDArray t = weights.transpose().dup('c');
        if (format == CNN2DFormat.NHWC) {
            return t.reshape('c', nOut, h, w, c).permute(0, 3, 1, 2).dup('c');
        }
        return t.reshape('c', nOut, c, h, w);
    }

    /** A fully connected layer (DL4J's dropout layer is a FeedForwardLayer too, but has no weights). */
    private static boolean isDense(Layer layer) {
        return layer instanceof DenseLayer || layer instanceof BaseOutputLayer;
    }

    private static Layer layerOf(ComputationGraphConfiguration conf, String name) {
        GraphVertex gv = conf.getVertices().get(name);
        return gv instanceof LayerVertex lv ? lv.getLayerConf().getLayer() : null;
    }

    private static String describe(ComputationGraphConfiguration conf, String name) {
        GraphVertex gv = conf.getVertices().get(name);
        if (gv == null) {
            return "an input";
        }
        Layer l = layerOf(conf, name);
        return l != null ? l.getClass().getSimpleName() : gv.getClass().getSimpleName();
    }

    /** The converted graph (its output: the class score map, before softmax). */
    public ComputationGraph graph() {
        return graph;
    }

    /** The head layers that became convolutions, in order (VGG: fc6, fc7, fc8). */
    public List<String> convertedLayers() {
        return convertedLayers;
    }

    /** {h, w} of the first converted layer's kernel: the map size the dense head was trained on. */
    public int[] kernel() {
        return kernel.clone();
    }

    /** The class score map {@code [n, classes, H', W']} of images {@code [n, c, H, W]} (softmax not applied). */
    public INDArray scoreMap(INDArray images) {
        INDArray map = graph.outputSingle(false, images);
        if (map.size(2) < 1 || map.size(3) < 1) {
            throw new BadInputException("images of " + images.size(2) + "x" + images.size(3) + " are smaller than the net's window");
        }
        return map;
    }

    /**
     * Class posteriors {@code [n, classes]}: the score map averaged over its positions, then the softmax (on an
     * image of the training size, the original net's output).
     */
    public INDArray posteriors(INDArray images) {
        INDArray mean = scoreMap(images).mean(2, 3);
        return Transforms.softmax(mean, false);
    }

    /** Layer names, for messages. */
    @Override
    public String toString() {
        return "fully convolutional net (converted " + String.join(", ", convertedLayers) + "; first kernel "
                + kernel[0] + "x" + kernel[1] + ")";
    }
}
