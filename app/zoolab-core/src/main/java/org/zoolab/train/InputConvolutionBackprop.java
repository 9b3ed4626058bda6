package org.zoolab.train;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionHelper;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.convolution.Convolution;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A training-time lever (issue 16): the convolutions that read the network's input compute no gradient for that
 * input, which nothing uses while training.
 * <p>
 * DL4J's oneDNN helper always runs {@code conv2d_bp} in full, input gradient included, and for a first layer with
 * one or three input channels oneDNN pads those to 16: in LeNet-5 training the first convolution's backward-data
 * pass alone was 31% of all oneDNN time and its backward-weights pass 13% (scripts/bench-native-profile). PyTorch
 * skips it because the images do not require a gradient. {@link #install} puts a helper on each such layer that
 * keeps oneDNN for the forward pass and computes the weight and bias gradients as DL4J's own built-in path does
 * (im2col, one GEMM, a sum), and no input gradient.
 * <p>
 * Only for training a classifier: a graph on which it is installed returns no gradient for its inputs, so saliency
 * maps, GAN discriminators and anything else that needs {@code dL/dinput} must not use it. Layers with input dropout,
 * a preprocessor, a non-NCHW format or a non-float type are left as they are.
 */
public final class InputConvolutionBackprop {
    private static final Logger log = LoggerFactory.getLogger(InputConvolutionBackprop.class);
    private static final Field HELPER = helperField();

    /**
     * The system property that turns the lever off for {@link Trainer}: {@code -Dzoolab.inputGrad=computed} trains
     * with DL4J's full backward pass (the default, {@code skipped}, installs this class's).
     */
    public static final String PROPERTY = "zoolab.inputGrad";

    private InputConvolutionBackprop() {
    }

    /** True unless {@code -Dzoolab.inputGrad=computed}: whether {@link Trainer} installs the lever. */
    public static boolean enabledByDefault() {
        String v = System.getProperty(PROPERTY, "skipped");
        if (!v.equals("skipped") && !v.equals("computed")) {
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + v + ": expected skipped or computed");
        }
        return v.equals("skipped");
    }

    /**
     * Installs the weights-only backward pass on every plain 2-D convolution of {@code graph} that reads a network
     * input directly. Call after {@code init()}; idempotent.
     *
     * @return the names of the layers it was installed on
     */
    public static List<String> install(ComputationGraph graph) {
        List<String> done = new ArrayList<>();
        List<String> inputs = graph.getConfiguration().getNetworkInputs();
        for (Map.Entry<String, GraphVertex> e : graph.getConfiguration().getVertices().entrySet()) {
            if (!(e.getValue() instanceof LayerVertex lv) || lv.getPreProcessor() != null) continue;
            List<String> from = graph.getConfiguration().getVertexInputs().get(e.getKey());
            if (from == null || from.isEmpty() || !inputs.containsAll(from)) continue;
            Layer layer = graph.getLayer(e.getKey());
            if (layer == null || layer.getClass() != ConvolutionLayer.class) continue;
            org.deeplearning4j.nn.conf.layers.ConvolutionLayer conf =
                    (org.deeplearning4j.nn.conf.layers.ConvolutionLayer) layer.conf().getLayer();
            if (conf.getIDropout() != null || conf.getCnn2dDataFormat() != CNN2DFormat.NCHW
                    || layer.getParam(ConvolutionParamInitializer.WEIGHT_KEY).dataType() != DataType.FLOAT) continue;
            ConvolutionHelper current = helperOf((ConvolutionLayer) layer);
            if (current instanceof WeightsOnlyBackward) {
                done.add(e.getKey());
                continue;
            }
            if (current != null && !(current instanceof MKLDNNConvHelper)) continue;   // cuDNN: leave it
            setHelper((ConvolutionLayer) layer, new WeightsOnlyBackward(current));
            done.add(e.getKey());
        }
        log.debug("input convolutions without an input gradient: {}", done);
        return done;
    }

    /** True if {@code layer} runs the weights-only backward pass. */
    public static boolean isInstalled(Layer layer) {
        return layer instanceof ConvolutionLayer c && helperOf(c) instanceof WeightsOnlyBackward;
    }

    private static ConvolutionHelper helperOf(ConvolutionLayer layer) {
        try {
            return (ConvolutionHelper) HELPER.get(layer);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read DL4J's ConvolutionLayer.helper", e);
        }
    }

    private static void setHelper(ConvolutionLayer layer, ConvolutionHelper helper) {
        try {
            HELPER.set(layer, helper);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot set DL4J's ConvolutionLayer.helper", e);
        }
    }

    private static Field helperField() {
        try {
            Field f = ConvolutionLayer.class.getDeclaredField("helper");
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("DL4J's ConvolutionLayer has no field 'helper' (expected in 1.0.0-M2.1)", e);
        }
    }

    /** oneDNN (or DL4J's built-in code, when there is no helper) forward; weight and bias gradients only backward. */
    static final class WeightsOnlyBackward implements ConvolutionHelper {
        private final ConvolutionHelper forward;

        WeightsOnlyBackward(ConvolutionHelper forward) {
            this.forward = forward;
        }

        @Override
        public boolean checkSupported() {
            return true;
        }

        @Override
        public Map<String, Long> helperMemoryUse() {
            return forward == null ? null : forward.helperMemoryUse();
        }

        @Override
        public INDArray preOutput(INDArray input, INDArray weights, INDArray bias, int[] kernel, int[] strides, int[] pad,
                                  org.deeplearning4j.nn.conf.layers.ConvolutionLayer.AlgoMode mode, org.deeplearning4j.nn.conf.layers.ConvolutionLayer.FwdAlgo fwdAlgo,
                                  ConvolutionMode convolutionMode, int[] dilation, CNN2DFormat format,
                                  LayerWorkspaceMgr workspaceMgr) {
            return forward == null ? null : forward.preOutput(input, weights, bias, kernel, strides, pad, mode, fwdAlgo,
                    convolutionMode, dilation, format, workspaceMgr);
        }

        @Override
        public INDArray activate(INDArray z, IActivation afn, boolean training) {
            return forward == null ? null : forward.activate(z, afn, training);
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray weights, INDArray bias, INDArray delta,
                                                         int[] kernel, int[] strides, int[] pad, INDArray biasGradView,
                                                         INDArray weightGradView, IActivation afn,
                                                         org.deeplearning4j.nn.conf.layers.ConvolutionLayer.AlgoMode mode,
                                                         org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdFilterAlgo bwdFilterAlgo,
                                                         org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdDataAlgo bwdDataAlgo,
                                                         ConvolutionMode convolutionMode, int[] dilation,
                                                         CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
            long miniBatch = input.size(0);
            long outDepth = weights.size(0);
            long inDepth = weights.size(1);
            int kH = (int) weights.size(2);
            int kW = (int) weights.size(3);
            int outH = (int) delta.size(2);
            int outW = (int) delta.size(3);
            boolean same = convolutionMode == ConvolutionMode.Same;
            if (same) {
                pad = ConvolutionUtils.getSameModeTopLeftPadding(new int[] {outH, outW},
                        new int[] {(int) input.size(2), (int) input.size(3)}, kernel, strides, dilation);
            }
            // im2col into a contiguous [miniBatch, inDepth, kH, kW, outH, outW] array (writing it through a permuted
            // view, as DL4J's built-in path does, falls back to libnd4j's slow strided copy: 30% of a LeNet-5 step)
            long k = inDepth * kH * kW;
            long p = (long) outH * outW;
            INDArray col = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, DataType.FLOAT,
                    new long[] {miniBatch, inDepth, kH, kW, outH, outW}, 'c');
            Convolution.im2col(input, kH, kW, strides[0], strides[1], pad[0], pad[1], dilation[0], dilation[1], same, col);
            // both operands as [rows, miniBatch * outH * outW] with the same column order, then one GEMM:
            // dL/dW [outDepth, k] = delta [outDepth, N] x col [k, N]^T, straight into the gradient view
            INDArray colKn = col.reshape('c', miniBatch, k, p).permute(1, 0, 2).dup('c').reshape('c', k, miniBatch * p);
            INDArray delta2d = delta.reshape('c', miniBatch, outDepth, p).permute(1, 0, 2).dup('c')
                    .reshape('c', outDepth, miniBatch * p);
            INDArray weightGrad2d = Shape.newShapeNoCopy(weightGradView, new long[] {outDepth, k}, false);
            if (weightGrad2d != null) {
                Nd4j.gemm(delta2d, colKn, weightGrad2d, false, true, 1.0, 0.0);
            } else {
                weightGradView.assign(delta2d.mmul(colKn.transpose()).reshape(weightGradView.shape()));
            }
            Gradient g = new DefaultGradient();
            // without a bias DL4J hands a helper that is not its own oneDNN one a dummy bias-gradient view: skip it
            if (bias != null && biasGradView != null) {
                biasGradView.assign(delta2d.sum(1).reshape(biasGradView.shape()));
                g.gradientForVariable().put(ConvolutionParamInitializer.BIAS_KEY, biasGradView);
            }
            g.gradientForVariable().put(ConvolutionParamInitializer.WEIGHT_KEY, weightGradView);
            return new Pair<>(g, null);
        }
    }
}
