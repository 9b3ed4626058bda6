package org.zoolab.sweep;

import org.deeplearning4j.arbiter.ComputationGraphSpace;
import org.deeplearning4j.arbiter.layers.ActivationLayerSpace;
import org.deeplearning4j.arbiter.layers.BaseLayerSpace;
import org.deeplearning4j.arbiter.layers.BatchNormalizationSpace;
import org.deeplearning4j.arbiter.layers.ConvolutionLayerSpace;
import org.deeplearning4j.arbiter.layers.DenseLayerSpace;
import org.deeplearning4j.arbiter.layers.DropoutLayerSpace;
import org.deeplearning4j.arbiter.layers.GlobalPoolingLayerSpace;
import org.deeplearning4j.arbiter.layers.LayerSpace;
import org.deeplearning4j.arbiter.layers.LocalResponseNormalizationLayerSpace;
import org.deeplearning4j.arbiter.layers.OutputLayerSpace;
import org.deeplearning4j.arbiter.layers.SubsamplingLayerSpace;
import org.deeplearning4j.arbiter.layers.fixed.FixedLayerSpace;
import org.deeplearning4j.arbiter.optimize.api.AbstractParameterSpace;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.FixedValue;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.nd4j.linalg.learning.regularization.L1Regularization;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.schedule.FixedSchedule;
import org.zoolab.BadInputException;
import org.zoolab.train.Recipe;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An Arbiter {@link ComputationGraphSpace} derived from a zoo model's {@link ComputationGraphConfiguration}: each
 * layer becomes the matching Arbiter layer space with its values fixed ({@link ConvolutionLayerSpace},
 * {@link SubsamplingLayerSpace}, {@link DenseLayerSpace}, {@link OutputLayerSpace}, {@link BatchNormalizationSpace},
 * {@link DropoutLayerSpace}, {@link ActivationLayerSpace}, {@link GlobalPoolingLayerSpace},
 * {@link LocalResponseNormalizationLayerSpace}), the graph's other vertices are added as they are, and the model's
 * dropout positions take the swept drop probability. Arbiter's {@code getValue} then generates the candidate's
 * graph, which zoolab trains.
 * <p>
 * <b>Exactly the zoo graph.</b> A layer space is used only when, with the layer's own dropout, it generates a layer
 * equal to the zoo layer; a layer that Arbiter 1.0.0-beta7's spaces cannot express (a field they lack, such as a
 * weight-decay regulariser, weight noise, constraints, or a layer type with no space, e.g. deconvolution or a
 * custom loss) is carried as a {@link FixedLayerSpace} and listed by {@link #fixedLayers()}. The generated graph
 * takes the zoo graph's vertex order, topological order, data type and workspace modes, so it initialises to the
 * same weights from the same seed; {@link #generate} checks that it equals the zoo graph with the recipe's dropout
 * applied ({@link Recipe#withDropout}), the path {@code zoolab train --experiment} takes.
 * <p>
 * <b>Dropout convention.</b> The swept value is the drop probability p (the papers' "dropout 0.5"); DL4J's
 * {@link Dropout} takes the retain probability, so the layers get {@code new Dropout(1 - p)}; p = 0 removes dropout.
 */
public final class ZooGraphSpace {
    private final ComputationGraphConfiguration zoo;
    private final ComputationGraphSpace space;
    private final Map<String, String> fixedLayers = new LinkedHashMap<>();
    private final List<String> dropoutLayers = new ArrayList<>();

    /**
     * The space of {@code zoo}; {@code dropProbability} (nullable: keep the model's dropout) sets every dropout
     * position of the model.
     *
     * @throws BadInputException when a drop probability is given and the model has no dropout position
     */
    public ZooGraphSpace(ComputationGraphConfiguration zoo, String modelName, ParameterSpace<Double> dropProbability) {
        this.zoo = zoo;
        for (Map.Entry<String, GraphVertex> e : zoo.getVertices().entrySet()) {
            if (e.getValue() instanceof LayerVertex lv && Recipe.isDropoutPosition(lv.getLayerConf().getLayer())) dropoutLayers.add(e.getKey());
        }
        if (dropProbability != null && dropoutLayers.isEmpty()) {
            throw new BadInputException(Recipe.noDropoutMessage(modelName));
        }
        // Layers whose matching space, through the graph builder, does not give back the zoo layer are fixed layers.
        ComputationGraphConfiguration plain = ordered(build(null).getValue(new double[0]).getConfiguration());
        for (Map.Entry<String, GraphVertex> e : zoo.getVertices().entrySet()) {
            if (!(e.getValue() instanceof LayerVertex lv) || fixedLayers.containsKey(e.getKey())) continue;
            Layer generated = ((LayerVertex) plain.getVertices().get(e.getKey())).getLayerConf().getLayer();
            if (!generated.equals(lv.getLayerConf().getLayer())) {
                fixedLayers.put(e.getKey(), "its " + generated.getClass().getSimpleName() + " has settings Arbiter's layer space lacks");
            }
        }
        for (String name : dropoutLayers) {
            if (dropProbability != null && fixedLayers.containsKey(name)) {
                throw new IllegalStateException("layer '" + name + "' is a dropout position, but " + fixedLayers.get(name));
            }
        }
        this.space = build(dropProbability == null ? null : new DropProbabilitySpace(dropProbability));
    }

    /** The space: matching layer spaces (dropout positions taking {@code swept} when given), fixed layers where needed. */
    private ComputationGraphSpace build(ParameterSpace<IDropout> swept) {
        ComputationGraphSpace.Builder b = new ComputationGraphSpace.Builder()
                .seed(zoo.getDefaultConfiguration().getSeed())
                .validateOutputLayerConfig(zoo.isValidateOutputLayerConfig());
        globalSettings(b);
        b.addInputs(zoo.getNetworkInputs().toArray(String[]::new));
        for (Map.Entry<String, GraphVertex> e : zoo.getVertices().entrySet()) {
            String name = e.getKey();
            String[] inputs = zoo.getVertexInputs().getOrDefault(name, List.of()).toArray(String[]::new);
            if (e.getValue() instanceof LayerVertex lv) {
                Layer layer = lv.getLayerConf().getLayer();
                ParameterSpace<IDropout> drop = swept != null && dropoutLayers.contains(name) ? swept
                        : layer.getIDropout() == null ? null : new FixedValue<>(layer.getIDropout().clone());
                LayerSpace<?> ls = fixedLayers.containsKey(name) ? null : matching(layer, drop);
                if (ls == null) {
                    fixedLayers.putIfAbsent(name, "Arbiter has no layer space for " + layer.getClass().getSimpleName());
                    ls = new FixedLayerSpace<>(layer.clone());
                }
                b.addLayer(name, ls, lv.getPreProcessor() == null ? null : lv.getPreProcessor().clone(), inputs);
            } else {
                b.addVertex(name, e.getValue().clone(), inputs);
            }
        }
        b.setOutputs(zoo.getNetworkOutputs().toArray(String[]::new));
        return b.build();
    }

    /**
     * The graph's global settings, as the graph builder fills them into layers that leave them unset (a dropout
     * layer has no parameters, so it carries exactly the zoo builder's global updater, L2, activation and
     * initialisation): taken from the zoo graph's first dropout layer, when it has one.
     */
    private void globalSettings(ComputationGraphSpace.Builder b) {
        for (GraphVertex v : zoo.getVertices().values()) {
            if (v instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof DropoutLayer d) {
                if (d.getIUpdater() != null) b.updater(d.getIUpdater().clone());
                if (d.getBiasUpdater() != null) b.biasUpdater(d.getBiasUpdater().clone());
                for (Regularization r : d.getRegularization() == null ? List.<Regularization>of() : d.getRegularization()) {
                    if (r instanceof L2Regularization l2 && l2.getL2() instanceof FixedSchedule f) b.l2(f.valueAt(0, 0));
                    if (r instanceof L1Regularization l1 && l1.getL1() instanceof FixedSchedule f) b.l1(f.valueAt(0, 0));
                }
                for (org.nd4j.linalg.activations.Activation a : org.nd4j.linalg.activations.Activation.values()) {
                    try {
                        if (a.getActivationFunction().equals(d.getActivationFn())) {
                            b.activation(a);
                            break;
                        }
                    } catch (RuntimeException ignored) {
                        // an activation without a function object
                    }
                }
                IWeightInit init = d.getWeightInitFn();
                if (init instanceof WeightInitDistribution wd) {
                    org.deeplearning4j.nn.conf.distribution.Distribution dist = distributionOf(wd);
                    if (dist != null) b.dist(dist);
                } else if (init != null) {
                    WeightInit scheme = schemeOf(init);
                    if (scheme != null) b.weightInit(scheme);
                }
                if (!Double.isNaN(d.getBiasInit())) b.biasInit(d.getBiasInit());
                if (d.getGradientNormalization() != null) b.gradientNormalization(d.getGradientNormalization());
                if (!Double.isNaN(d.getGradientNormalizationThreshold())) b.gradientNormalizationThreshold(d.getGradientNormalizationThreshold());
                return;
            }
        }
    }

    /** The Arbiter space. */
    public ComputationGraphSpace space() {
        return space;
    }

    /** Layers carried as fixed layers, each with why its matching layer space could not express it. */
    public Map<String, String> fixedLayers() {
        return Collections.unmodifiableMap(fixedLayers);
    }

    /** The layers whose dropout the drop probability sets. */
    public List<String> dropoutLayers() {
        return List.copyOf(dropoutLayers);
    }

    /**
     * The candidate's graph: Arbiter's {@link ComputationGraphSpace#getValue} at the candidate's point, in the zoo
     * graph's vertex and topological order, checked against {@code expected} (the zoo graph with the candidate's
     * dropout applied by {@link Recipe#withDropout}).
     */
    public ComputationGraphConfiguration generate(double[] point, ComputationGraphConfiguration expected) {
        ComputationGraphConfiguration c = ordered(space.getValue(point).getConfiguration());
        if (expected != null) {
            String difference = difference(c, expected);
            if (difference != null) {
                throw new IllegalStateException("Arbiter's ComputationGraphSpace generated a graph that differs from the zoo graph: " + difference);
            }
        }
        return c;
    }

    /** {@code c} in the zoo graph's vertex and topological order, with its data type and workspace modes. */
    private ComputationGraphConfiguration ordered(ComputationGraphConfiguration c) {
        Map<String, GraphVertex> ordered = new LinkedHashMap<>();
        Map<String, List<String>> inputs = new LinkedHashMap<>();
        for (String name : zoo.getVertices().keySet()) {
            ordered.put(name, c.getVertices().get(name));
            if (c.getVertexInputs().containsKey(name)) inputs.put(name, c.getVertexInputs().get(name));
        }
        c.setVertices(ordered);
        c.setVertexInputs(inputs);
        c.setTopologicalOrder(zoo.getTopologicalOrder() == null ? null : zoo.getTopologicalOrder().clone());
        c.setTopologicalOrderStr(zoo.getTopologicalOrderStr() == null ? null : new ArrayList<>(zoo.getTopologicalOrderStr()));
        c.setDataType(zoo.getDataType());
        c.setTrainingWorkspaceMode(zoo.getTrainingWorkspaceMode());
        c.setInferenceWorkspaceMode(zoo.getInferenceWorkspaceMode());
        c.setCacheMode(zoo.getCacheMode());
        c.setBackpropType(zoo.getBackpropType());
        c.setTbpttFwdLength(zoo.getTbpttFwdLength());
        c.setTbpttBackLength(zoo.getTbpttBackLength());
        return c;
    }

    /** The first difference between two graphs (vertex by vertex, then the whole configuration), or null. */
    static String difference(ComputationGraphConfiguration a, ComputationGraphConfiguration b) {
        if (!a.getVertices().keySet().equals(b.getVertices().keySet())) {
            return "vertices " + a.getVertices().keySet() + " vs " + b.getVertices().keySet();
        }
        for (String name : a.getVertices().keySet()) {
            GraphVertex x = a.getVertices().get(name), y = b.getVertices().get(name);
            if (x instanceof LayerVertex lx && y instanceof LayerVertex ly) {
                if (!lx.getLayerConf().getLayer().equals(ly.getLayerConf().getLayer())) {
                    return "layer '" + name + "': " + lx.getLayerConf().getLayer() + " vs " + ly.getLayerConf().getLayer();
                }
            }
            if (!x.equals(y)) return "vertex '" + name + "'";
            if (!a.getVertexInputs().getOrDefault(name, List.of()).equals(b.getVertexInputs().getOrDefault(name, List.of()))) {
                return "inputs of '" + name + "'";
            }
        }
        if (!a.equals(b)) return "graph-level settings";
        return null;
    }

    // ---- layers to layer spaces ----

    /** The matching layer space with {@code layer}'s values fixed and {@code dropout} as its dropout, or null. */
    private static LayerSpace<?> matching(Layer layer, ParameterSpace<IDropout> dropout) {
        if (layer instanceof DropoutLayer) {
            return new DropoutLayerSpace(dropout == null ? new FixedValue<>(null) : dropout);
        }
        if (layer.getClass() == ConvolutionLayer.class) {
            ConvolutionLayer l = (ConvolutionLayer) layer;
            ConvolutionLayerSpace.Builder b = new ConvolutionLayerSpace.Builder().kernelSize(l.getKernelSize()).stride(l.getStride())
                    .padding(l.getPadding()).dilation(l.getDilation()).convolutionMode(l.getConvolutionMode()).hasBias(l.hasBias());
            return feedForward(b, l, dropout) ? b.build() : null;
        }
        if (layer.getClass() == SubsamplingLayer.class) {
            SubsamplingLayer l = (SubsamplingLayer) layer;
            SubsamplingLayerSpace.Builder b = new SubsamplingLayerSpace.Builder()
                    .poolingType(SubsamplingLayer.PoolingType.valueOf(l.getPoolingType().name()))
                    .kernelSize(l.getKernelSize()).stride(l.getStride()).padding(l.getPadding()).dilation(l.getDilation())
                    .convolutionMode(l.getConvolutionMode()).pnorm(l.getPnorm()).eps(l.getEps());
            if (dropout != null) b.iDropOut(dropout);
            return b.build();
        }
        if (layer.getClass() == DenseLayer.class) {
            DenseLayer l = (DenseLayer) layer;
            DenseLayerSpace.Builder b = new DenseLayerSpace.Builder().hasBias(l.hasBias());
            return feedForward(b, l, dropout) ? b.build() : null;
        }
        if (layer.getClass() == OutputLayer.class) {
            OutputLayer l = (OutputLayer) layer;
            OutputLayerSpace.Builder b = new OutputLayerSpace.Builder().iLossFunction(l.getLossFn()).hasBias(l.hasBias());
            return feedForward(b, l, dropout) ? b.build() : null;
        }
        if (layer.getClass() == BatchNormalization.class) {
            BatchNormalization l = (BatchNormalization) layer;
            BatchNormalizationSpace.Builder b = new BatchNormalizationSpace.Builder().decay(l.getDecay()).eps(l.getEps())
                    .minibatch(l.isMinibatch()).gamma(l.getGamma()).beta(l.getBeta()).lockGammaBeta(l.isLockGammaBeta());
            return feedForward(b, l, dropout) ? b.build() : null;
        }
        if (layer.getClass() == ActivationLayer.class) {
            ActivationLayer l = (ActivationLayer) layer;
            ActivationLayerSpace.Builder b = new ActivationLayerSpace.Builder().activation(l.getActivationFn());
            if (dropout != null) b.iDropOut(dropout);
            return b.build();
        }
        if (layer.getClass() == GlobalPoolingLayer.class) {
            GlobalPoolingLayer l = (GlobalPoolingLayer) layer;
            GlobalPoolingLayerSpace.Builder b = new GlobalPoolingLayerSpace.Builder().poolingType(l.getPoolingType())
                    .collapseDimensions(l.isCollapseDimensions()).pNorm(l.getPnorm());
            if (l.getPoolingDimensions() != null) b.poolingDimensions(l.getPoolingDimensions());
            if (dropout != null) b.iDropOut(dropout);
            return b.build();
        }
        if (layer.getClass() == LocalResponseNormalization.class) {
            LocalResponseNormalization l = (LocalResponseNormalization) layer;
            LocalResponseNormalizationLayerSpace.Builder b = new LocalResponseNormalizationLayerSpace.Builder().n(l.getN()).k(l.getK())
                    .alpha(l.getAlpha()).beta(l.getBeta());
            if (dropout != null) b.iDropOut(dropout);
            return b.build();
        }
        return null;
    }

    /** The fields of a layer with parameters; false when one cannot be expressed by Arbiter's spaces. */
    private static boolean feedForward(BaseLayerSpace.Builder<?> b, FeedForwardLayer l, ParameterSpace<IDropout> dropout) {
        if (l.getNIn() > Integer.MAX_VALUE || l.getNOut() > Integer.MAX_VALUE) return false;
        if (b instanceof org.deeplearning4j.arbiter.layers.FeedForwardLayerSpace.Builder<?> ff) {
            ff.nIn((int) l.getNIn());
            ff.nOut((int) l.getNOut());
        }
        if (l.getActivationFn() != null) b.activation(l.getActivationFn());
        b.biasInit(l.getBiasInit());
        IWeightInit init = l.getWeightInitFn();
        if (init instanceof WeightInitDistribution d) {
            org.deeplearning4j.nn.conf.distribution.Distribution dist = distributionOf(d);
            if (dist == null) return false;
            b.dist(dist);
        } else if (init != null) {
            WeightInit scheme = schemeOf(init);
            if (scheme == null) return false;
            b.weightInit(scheme);
        }
        if (!regularization(b, l.getRegularization(), false) || !regularization(b, l.getRegularizationBias(), true)) return false;
        if (l.getIUpdater() != null) b.updater(l.getIUpdater().clone());
        if (l.getBiasUpdater() != null) b.biasUpdater(l.getBiasUpdater().clone());
        if (l.getWeightNoise() != null) return false;
        if (l.getConstraints() != null && !l.getConstraints().isEmpty()) return false;
        if (l.getGradientNormalization() != null) b.gradientNormalization(l.getGradientNormalization());
        b.gradientNormalizationThreshold(l.getGradientNormalizationThreshold());
        if (dropout != null) b.iDropOut(dropout);
        return true;
    }

    /** The {@link WeightInit} whose function is {@code init}, or null. */
    private static WeightInit schemeOf(IWeightInit init) {
        for (WeightInit w : WeightInit.values()) {
            if (w == WeightInit.DISTRIBUTION) continue;
            try {
                if (w.getWeightInitFunction().equals(init)) return w;
            } catch (RuntimeException ignored) {
                // a scheme that needs arguments
            }
        }
        return null;
    }

    /** The distribution of a distribution initialisation (DL4J keeps it in a private field with no getter). */
    private static org.deeplearning4j.nn.conf.distribution.Distribution distributionOf(WeightInitDistribution init) {
        try {
            java.lang.reflect.Field f = WeightInitDistribution.class.getDeclaredField("distribution");
            f.setAccessible(true);
            return ((org.deeplearning4j.nn.conf.distribution.Distribution) f.get(init)).clone();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static boolean regularization(BaseLayerSpace.Builder<?> b, List<Regularization> list, boolean bias) {
        if (list == null) return true;
        for (Regularization r : list) {
            if (r instanceof L2Regularization l2 && l2.getL2() instanceof FixedSchedule s) {
                double v = s.valueAt(0, 0);
                if (bias) b.l2Bias(v);
                else b.l2(v);
            } else if (r instanceof L1Regularization l1 && l1.getL1() instanceof FixedSchedule s) {
                double v = s.valueAt(0, 0);
                if (bias) b.l1Bias(v);
                else b.l1(v);
            } else {
                return false;
            }
        }
        return true;
    }

    /**
     * The dropout of a drop probability p: DL4J's {@link Dropout} with retain probability 1 - p, or none for p = 0.
     * Not a leaf: its leaf is the sweep's {@code dropout} space, shared with {@link ExperimentSpace}, so both read
     * the same value of a candidate's point.
     */
    static final class DropProbabilitySpace extends AbstractParameterSpace<IDropout> {
        private final ParameterSpace<Double> dropProbability;

        DropProbabilitySpace(ParameterSpace<Double> dropProbability) {
            this.dropProbability = dropProbability;
        }

        @Override
        public IDropout getValue(double[] parameterValues) {
            return Recipe.dropoutFor(dropProbability.getValue(parameterValues));
        }

        @Override
        public int numParameters() {
            return dropProbability.numParameters();
        }

        @Override
        public List<ParameterSpace> collectLeaves() {
            return dropProbability.collectLeaves();
        }

        @Override
        public Map<String, ParameterSpace> getNestedSpaces() {
            return Map.of("dropProbability", dropProbability);
        }

        @Override
        public boolean isLeaf() {
            return false;
        }

        @Override
        public void setIndices(int... indices) {
            dropProbability.setIndices(indices);
        }
    }
}
