package org.zoolab.export;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Runs an exported model in ONNX Runtime and DL4J on the same random batch of two examples and measures how far
 * apart their outputs are; then does the same with the output layers' activations replaced by the identity (same
 * weights), since an untrained network's softmax can be nearly constant and would then hide a wrong mapping.
 *
 * @param maxAbsDiff   the largest absolute difference over the network outputs' values
 * @param maxAbsOutput the largest absolute DL4J output value
 * @param logitsDiff   the largest absolute difference over the linear outputs (logits), relative to the largest
 *                     logit
 * @param logitSpread  how much the two examples' logits differ, relative to the largest logit: that the output
 *                     depends on the input, so that the match is not two constant outputs agreeing
 * @param model        the exported model (with the network's own output activations)
 */
record OnnxExportCheck(double maxAbsDiff, double maxAbsOutput, double logitsDiff, double logitSpread, OnnxModel model) {

    /** Exports {@code net} to {@code file}, runs a batch of two inputs of {@code shape} (C,H,W or N) in both. */
    static OnnxExportCheck run(ComputationGraph net, String name, Path file, long seed, long... shape) throws Exception {
        InputType type = shape.length == 3 ? InputType.convolutional(shape[1], shape[2], shape[0])
                : InputType.feedForward(shape[0]);
        long[] batch = new long[shape.length + 1];
        batch[0] = 2;
        System.arraycopy(shape, 0, batch, 1, shape.length);
        Random r = new Random(seed);
        float[] xs = new float[Math.toIntExact(java.util.Arrays.stream(batch).reduce(1, Math::multiplyExact))];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = (float) (2 * r.nextDouble() - 1);
        }
        INDArray x = Nd4j.create(xs, batch, 'c');

        OnnxModel model = OnnxExporter.export(net, name, type);
        model.write(file);
        double[] outputs = compare(net.output(false, x), runtime(file.toString(), xs, batch, model));

        ComputationGraph linear = withLinearOutputs(net);
        OnnxModel linearModel = OnnxExporter.export(linear, name, type);
        Path linearFile = file.resolveSibling("linear-" + file.getFileName());
        linearModel.write(linearFile);
        double[] logits = compare(linear.output(false, x), runtime(linearFile.toString(), xs, batch, linearModel));

        System.out.printf("onnx-check %s: outputs max abs diff %.3e (max |output| %.3e); logits max abs diff %.3e "
                        + "(max |logit| %.3e, spread between the examples %.3e); %d nodes, %d params, %d bytes%n",
                name, outputs[0], outputs[1], logits[0], logits[1], logits[2], model.nodes(), model.parameters(),
                model.sizeBytes());
        return new OnnxExportCheck(outputs[0], outputs[1], logits[0] / Math.max(logits[1], Float.MIN_NORMAL),
                logits[2] / Math.max(logits[1], Float.MIN_NORMAL), model);
    }

    /** Max abs difference, max abs expected value, max abs difference between the two examples' expected values. */
    private static double[] compare(INDArray[] expected, List<float[]> got) {
        double diff = 0, max = 0, spread = 0;
        for (int i = 0; i < expected.length; i++) {
            float[] want = expected[i].castTo(DataType.FLOAT).dup('c').data().asFloat();
            float[] g = got.get(i);
            if (g.length != want.length) {
                throw new AssertionError("output " + i + ": ONNX Runtime gave " + g.length + " values, DL4J " + want.length);
            }
            int row = want.length / 2;
            for (int j = 0; j < want.length; j++) {
                diff = Math.max(diff, Math.abs(g[j] - want[j]));
                max = Math.max(max, Math.abs(want[j]));
                if (j < row) {
                    spread = Math.max(spread, Math.abs(want[j] - want[row + j]));
                }
            }
        }
        return new double[]{diff, max, spread};
    }

    /** The same network and weights with every output layer's activation replaced by the identity. */
    static ComputationGraph withLinearOutputs(ComputationGraph net) {
        ComputationGraphConfiguration c = net.getConfiguration().clone();
        for (String out : c.getNetworkOutputs()) {
            ((BaseLayer) ((LayerVertex) c.getVertices().get(out)).getLayerConf().getLayer())
                    .setActivationFn(new ActivationIdentity());
        }
        ComputationGraph linear = new ComputationGraph(c);
        linear.init(net.params().dup(), false);
        return linear;
    }

    /** Runs the model file in ONNX Runtime; its outputs' values, row-major, in the model's output order. */
    private static List<float[]> runtime(String file, float[] xs, long[] shape, OnnxModel model) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        List<float[]> out = new java.util.ArrayList<>();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions();
             OrtSession session = env.createSession(file, o);
             OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(xs), shape);
             OrtSession.Result result = session.run(Map.of(model.inputs().get(0), in))) {
            for (String n : model.outputs()) {
                OnnxValue v = result.get(n).orElseThrow(() -> new AssertionError("ONNX Runtime gave no output " + n));
                out.add(floats((OnnxTensor) v));
            }
        }
        return out;
    }

    private static float[] floats(OnnxTensor t) throws OrtException {
        FloatBuffer b = t.getFloatBuffer();
        float[] a = new float[b.remaining()];
        b.get(a);
        return a;
    }

    /**
     * Gives every batch-norm layer random running statistics and scales (a fresh network's are mean 0, variance
     * 1, gamma 1, beta 0, under which a wrong mapping of any of them would go unnoticed).
     */
    static void randomizeBatchNorm(ComputationGraph net, long seed) {
        Random r = new Random(seed);
        for (var e : net.getConfiguration().getVertices().entrySet()) {
            if (!(e.getValue() instanceof LayerVertex lv) || !(lv.getLayerConf().getLayer() instanceof BatchNormalization b)) {
                continue;
            }
            var layer = net.getLayer(e.getKey());
            Map<String, INDArray> p = new HashMap<>(layer.paramTable());
            for (String key : List.copyOf(p.keySet())) {
                INDArray a = p.get(key);
                double lo, hi;
                switch (key) {
                    case BatchNormalizationParamInitializer.GAMMA -> { lo = 0.8; hi = 1.2; }
                    case BatchNormalizationParamInitializer.BETA, BatchNormalizationParamInitializer.GLOBAL_MEAN -> { lo = -0.1; hi = 0.1; }
                    case BatchNormalizationParamInitializer.GLOBAL_LOG_STD -> { lo = -0.1; hi = 0.1; }
                    case BatchNormalizationParamInitializer.GLOBAL_VAR -> { lo = 0.6; hi = 1.6; }
                    default -> throw new IllegalStateException("batch norm parameter " + key + " of " + e.getKey());
                }
                float[] v = new float[(int) a.length()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (lo + (hi - lo) * r.nextDouble());
                }
                layer.setParam(key, Nd4j.create(v).reshape(a.shape()).castTo(a.dataType()));
            }
        }
    }
}
