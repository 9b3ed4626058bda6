package org.zoolab.viz;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.ReshapeVertex;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.ElementWiseMultiplicationLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.zoolab.BadInputException;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Image-specific class saliency (Simonyan, Vedaldi &amp; Zisserman 2014, "Deep inside convolutional networks",
 * section 3): the gradient of the class score S_c (the output layer's value <i>before</i> the softmax) with
 * respect to the input pixels, for the top class c of the image. The heat map is max over channels of |dS_c/dx|,
 * divided by its maximum, drawn in inferno colours over a grey copy of the image (opacity grows with saliency).
 * <p>
 * <b>How the gradient is obtained.</b> DL4J's {@code ComputationGraph} exposes parameter gradients only, so a copy
 * of the network is made in which (1) every output layer's activation is the identity and its loss is
 * {@code -sum(label * score)}, whose gradient is minus the one-hot label (labels: the top class for the main
 * output, zeros elsewhere); (2) a probe {@code out = x * 1 + b} ({@code ElementWiseMultiplicationLayer}, b = 0)
 * sits between the input and the network, so the gradient of the probe's bias b is exactly dS_c/dx; (3) dropout
 * is removed and frozen layers are unfrozen (DL4J stops backpropagation at a frozen layer). The original network
 * is not touched.
 * <p>
 * <b>Limitation.</b> DL4J computes gradients in training mode only, so a network with batch normalization is
 * differentiated with the image's own statistics instead of the running averages; the map is then approximate
 * ({@link #usesBatchNorm} tells).
 */
public final class SaliencyMap {
    static final String PROBE = "saliency.probe";
    static final String RESHAPED = "saliency.input";

    /**
     * A saliency result.
     *
     * @param classIndex the class whose score was differentiated
     * @param score      that class's score S_c (before the softmax)
     * @param gradient   dS_c/dx, the shape of the input
     */
    public record Result(int classIndex, double score, INDArray gradient) {

        /** max over channels of |dS_c/dx|, {@code [H, W]} (for feed-forward inputs: {@code [N]}). */
        public INDArray heat() {
            INDArray g = Nd4j.math().abs(gradient.castTo(DataType.FLOAT));
            return g.rank() == 4 ? g.slice(0).max(0) : g.getRow(0);
        }
    }

    private SaliencyMap() {
    }

    /** Whether the network has batch normalization (see the class comment). */
    public static boolean usesBatchNorm(ComputationGraph graph) {
        for (GraphVertex v : graph.getConfiguration().getVertices().values()) {
            if (v instanceof LayerVertex lv && unfrozen(lv.getLayerConf().getLayer()) instanceof BatchNormalization) return true;
        }
        return false;
    }

    /** The saliency for the image's top class; {@code input} is one image {@code [1, C, H, W]} (or {@code [1, N]}). */
    public static Result compute(ComputationGraph graph, INDArray input) {
        return compute(graph, input, -1);
    }

    /** The saliency of class {@code classIndex} (-1: the top class of the main output). */
    public static Result compute(ComputationGraph graph, INDArray input, int classIndex) {
        if (input.size(0) != 1) {
            throw new IllegalArgumentException("saliency is computed for one image, got a batch of " + input.size(0));
        }
        ComputationGraphConfiguration conf = graph.getConfiguration();
        if (conf.getNetworkInputs().size() != 1) {
            throw new BadInputException("saliency needs a network with one input, this one has " + conf.getNetworkInputs());
        }
        int main = org.zoolab.train.Evaluator.mainOutput(graph);
        INDArray[] outs = graph.output(false, input);
        INDArray probs = outs[main];
        int c = classIndex >= 0 ? classIndex : Nd4j.argMax(probs, 1).getInt(0);
        if (c >= probs.size(1)) {
            throw new BadInputException("class " + c + " does not exist; the model has " + probs.size(1) + " outputs");
        }
        ComputationGraph probe = probeGraph(graph, input);
        INDArray x = input.castTo(probe.params().dataType());
        INDArray[] labels = new INDArray[outs.length];
        for (int i = 0; i < labels.length; i++) labels[i] = Nd4j.zeros(x.dataType(), outs[i].shape());
        labels[main].putScalar(0, c, 1.0);
        probe.setInputs(x);
        probe.setLabels(labels);
        probe.computeGradientAndScore();
        INDArray db = probe.gradient().gradientForVariable().get(PROBE + "_b");
        INDArray grad = db.neg().reshape('c', input.shape());
        INDArray scores = probe.output(false, x)[main];
        return new Result(c, scores.getDouble(0, c), grad);
    }

    /** The network copy with the probe, identity outputs with the class-score loss, no dropout, nothing frozen. */
    static ComputationGraph probeGraph(ComputationGraph graph, INDArray input) {
        ComputationGraphConfiguration conf = graph.getConfiguration().clone();
        String in = conf.getNetworkInputs().get(0);
        Map<String, GraphVertex> vertices = conf.getVertices();
        Map<String, List<String>> inputs = conf.getVertexInputs();
        for (Map.Entry<String, GraphVertex> e : vertices.entrySet()) {
            if (!(e.getValue() instanceof LayerVertex lv)) continue;
            NeuralNetConfiguration nnc = lv.getLayerConf();
            Layer layer = unfrozen(nnc.getLayer()).clone();
            layer.setIDropout(null);
            if (conf.getNetworkOutputs().contains(e.getKey()) && layer instanceof BaseOutputLayer out) {
                out.setActivationFn(Activation.IDENTITY.getActivationFunction());
                out.setLossFn(new ClassScoreLoss());
            } else if (conf.getNetworkOutputs().contains(e.getKey())) {
                throw new BadInputException("output '" + e.getKey() + "' is a " + layer.getClass().getSimpleName()
                        + "; saliency needs classifier outputs (OutputLayer)");
            }
            nnc.setLayer(layer);
        }
        long size = input.length();
        ElementWiseMultiplicationLayer probeLayer = new ElementWiseMultiplicationLayer.Builder().nIn(size).nOut(size)
                .activation(Activation.IDENTITY).build();
        probeLayer.setLayerName(PROBE);
        NeuralNetConfiguration probeConf = new NeuralNetConfiguration.Builder().dataType(graph.params().dataType())
                .layer(probeLayer).build();
        for (Map.Entry<String, List<String>> e : inputs.entrySet()) {
            List<String> list = new ArrayList<>(e.getValue());
            list.replaceAll(s -> s.equals(in) ? RESHAPED : s);
            e.setValue(list);
        }
        vertices.put(PROBE, new LayerVertex(probeConf, input.rank() == 4
                ? new CnnToFeedForwardPreProcessor(input.size(2), input.size(3), input.size(1)) : null));
        inputs.put(PROBE, List.of(in));
        int[] shape = new int[input.rank()];
        for (int i = 0; i < shape.length; i++) shape[i] = (int) input.size(i);
        vertices.put(RESHAPED, new ReshapeVertex(shape));
        inputs.put(RESHAPED, List.of(PROBE));
        conf.setTopologicalOrder(null);
        conf.setTopologicalOrderStr(null);
        conf.setTrainingWorkspaceMode(org.deeplearning4j.nn.conf.WorkspaceMode.NONE);
        conf.setInferenceWorkspaceMode(org.deeplearning4j.nn.conf.WorkspaceMode.NONE);
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        for (var v : graph.getVertices()) {
            if (v.hasLayer() && v.getLayer().numParams() > 0) {
                g.getLayer(v.getVertexName()).setParams(v.getLayer().params().dup());
            }
        }
        g.getLayer(PROBE).setParam("W", Nd4j.ones(g.params().dataType(), 1, size));
        g.getLayer(PROBE).setParam("b", Nd4j.zeros(g.params().dataType(), 1, size));
        return g;
    }

    private static Layer unfrozen(Layer l) {
        return l instanceof FrozenLayer f ? f.getLayer() : l;
    }

    /**
     * Draws the saliency over the image: {@code image} is the network input {@code [1, C, H, W]} with values in
     * [0, 1]; grey underneath, inferno on top with opacity {@code 0.15 + 0.85 s} where s is the saliency scaled to
     * [0, 1]. Each input pixel becomes a {@code scale x scale} block.
     */
    public static BufferedImage render(INDArray image, Result r, int scale) {
        if (image.rank() != 4) throw new BadInputException("a saliency heat map needs an image input [1, C, H, W]");
        INDArray heat = r.heat();
        double max = heat.maxNumber().doubleValue();
        int c = (int) image.size(1), h = (int) image.size(2), w = (int) image.size(3);
        float[] px = image.castTo(DataType.FLOAT).dup('c').data().asFloat();
        float[] s = heat.dup('c').data().asFloat();
        BufferedImage img = new BufferedImage(w * scale, h * scale, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double grey = 0;
                for (int k = 0; k < c; k++) grey += px[k * h * w + y * w + x];
                int g = (int) Math.max(0, Math.min(255, Math.round(255 * grey / c)));
                double v = max > 0 ? s[y * w + x] / max : 0;
                int rgb = Colormap.blend((g << 16) | (g << 8) | g, Colormap.INFERNO.rgb(v), 0.15 + 0.85 * v);
                for (int dy = 0; dy < scale; dy++) for (int dx = 0; dx < scale; dx++) img.setRGB(x * scale + dx, y * scale + dy, rgb);
            }
        }
        return img;
    }

    /** Computes the top class's saliency for {@code image} and writes the heat map over it to {@code out}. */
    public static Result write(ComputationGraph graph, INDArray image, Path out) {
        Result r = compute(graph, image);
        int scale = Math.max(1, (int) Math.ceil(256.0 / Math.max(image.size(2), image.size(3))));
        Colormap.writePng(render(image, r, scale), out);
        return r;
    }

    /** Loss {@code -sum(labels * preOutput)} with identity activation: its gradient is {@code -labels}. */
    static final class ClassScoreLoss implements ILossFunction {
        private static final long serialVersionUID = 1L;

        @Override
        public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask, boolean average) {
            double s = computeScoreArray(labels, preOutput, activationFn, mask).sumNumber().doubleValue();
            return average ? s / labels.size(0) : s;
        }

        @Override
        public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
            return labels.mul(preOutput).sum(true, 1).negi();
        }

        @Override
        public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
            return labels.neg().castTo(preOutput.dataType());
        }

        @Override
        public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                              INDArray mask, boolean average) {
            return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
                    computeGradient(labels, preOutput, activationFn, mask));
        }

        @Override
        public String name() {
            return "class-score";
        }
    }
}
