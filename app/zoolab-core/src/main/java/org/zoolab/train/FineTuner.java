package org.zoolab.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.weights.WeightInitXavier;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.zoolab.io.AtomicFiles;
import org.zoolab.BadInputException;
import org.zoolab.backend.OneDnnHelpers;
import org.zoolab.zoo.ModelInfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Transfer learning with DL4J's {@link TransferLearning.GraphBuilder}: a trained network (a run directory, a model
 * file or, for experiments, an untrained zoo model) gets a new classifier for another task, optionally with every
 * vertex up to a named one frozen, and its own learning rate for the new head.
 * <ul>
 *   <li><b>Freezing</b> ({@code freezeUntil}): the named vertex and every vertex on a path from the input to it
 *       become DL4J {@code FrozenLayer}s; their parameters never change (no gradient, no updater, no L2). The frozen
 *       wrappers are part of the saved configuration, so a checkpoint resumes frozen.</li>
 *   <li><b>Head</b>: the main output layer is replaced by a copy with {@code numClasses} outputs, fresh Xavier
 *       weights, and the recipe's optimizer at {@code headLr}. The other trainable layers get the recipe (its
 *       optimizer, learning rate, schedule and L2) as {@code zoolab train} would.</li>
 * </ul>
 * {@link #start} makes the result a normal run: {@code experiment.yaml} (model = the source, data, the full recipe),
 * checkpoints, {@code metrics.csv} and {@code model.zip}, plus {@value #PLAN_FILE} recording what was frozen. Resume,
 * eval and predict work on it like on any run.
 */
public final class FineTuner {
    /** The file in the run directory that records the transfer. */
    public static final String PLAN_FILE = "finetune.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * What to do.
     *
     * @param from        where the source network comes from (run directory, model file or zoo name), for the record
     * @param freezeUntil the last vertex to freeze (it and everything feeding it), or null to train everything
     * @param numClasses  outputs of the new head
     * @param headLr      learning rate of the new head, or null for the recipe's
     */
    public record Plan(String from, String freezeUntil, int numClasses, Double headLr) {
        public Plan {
            if (numClasses < 1) throw new BadInputException("--classes must be at least 1, got " + numClasses);
            if (headLr != null && !(headLr > 0 && Double.isFinite(headLr))) {
                throw new BadInputException("--head-lr must be a positive number, got " + headLr);
            }
        }
    }

    /**
     * What {@link #transfer} did.
     *
     * @param graph   the new network, ready to train
     * @param head    the name of the replaced output layer
     * @param frozen  the frozen vertices with parameters, in topological order
     * @param trained the layers that train (with parameters), in topological order
     */
    public record Result(ComputationGraph graph, String head, List<String> frozen, List<String> trained) {
    }

    private FineTuner() {
    }

    /** The source network: see {@link ModelSource#load(String, DataSources.Shape)}. */
    public static ModelSource load(String from, DataSources.Shape dataShape) {
        return ModelSource.load(from, dataShape);
    }

    /**
     * Builds the transferred network: {@code recipe} on every trainable layer, the head replaced and at
     * {@code plan.headLr()}, everything up to {@code plan.freezeUntil()} frozen. The source is not modified.
     */
    public static Result transfer(ComputationGraph source, Recipe recipe, Plan plan) {
        OneDnnHelpers.enable();
        ComputationGraphConfiguration sourceConf = source.getConfiguration();
        String head = sourceConf.getNetworkOutputs().get(Evaluator.mainOutput(source));
        GraphVertex headVertex = sourceConf.getVertices().get(head);
        if (!(headVertex instanceof LayerVertex lv) || !(lv.getLayerConf().getLayer() instanceof BaseOutputLayer)) {
            throw new BadInputException("the network's output '" + head + "' is not a classifier layer with weights"
                    + " (an OutputLayer); fine-tuning replaces such a layer");
        }
        if (plan.freezeUntil() != null) {
            if (!sourceConf.getVertices().containsKey(plan.freezeUntil())) {
                throw new BadInputException("--freeze-until " + plan.freezeUntil() + ": no such layer; layers are "
                        + String.join(", ", layerNames(source)));
            }
            if (plan.freezeUntil().equals(head)) {
                throw new BadInputException("--freeze-until " + head + ": that is the classifier being replaced; freeze a layer before it");
            }
            if (dependsOn(sourceConf, plan.freezeUntil(), head)) {
                throw new BadInputException("--freeze-until " + plan.freezeUntil() + " comes after the classifier " + head);
            }
        }
        // 1. the recipe on every layer, as zoolab train does; the weights copied over
        ComputationGraph withRecipe = new ComputationGraph(recipe.applyTo(sourceConf));
        withRecipe.init(source.params().dup(), false);

        // 2. the new head: the old output layer's settings, new width, fresh weights, its own rate
        BaseOutputLayer newHead = (BaseOutputLayer) ((LayerVertex) withRecipe.getConfiguration().getVertices().get(head))
                .getLayerConf().getLayer().clone();
        newHead.setNOut(plan.numClasses());
        newHead.setWeightInitFn(new WeightInitXavier());
        double headLr = plan.headLr() != null ? plan.headLr() : recipe.lr();
        newHead.setIUpdater(recipe.withOverrides(null, null, headLr).updater());
        newHead.setBiasUpdater(null);
        LayerVertex oldVertex = (LayerVertex) withRecipe.getConfiguration().getVertices().get(head);
        String[] inputs = withRecipe.getConfiguration().getVertexInputs().get(head).toArray(new String[0]);

        TransferLearning.GraphBuilder b = new TransferLearning.GraphBuilder(withRecipe)
                .removeVertexKeepConnections(head)
                .addLayer(head, newHead, oldVertex.getPreProcessor(), inputs)
                .setOutputs(sourceConf.getNetworkOutputs().toArray(new String[0]));
        if (plan.freezeUntil() != null) {
            b.setFeatureExtractor(plan.freezeUntil());
        }
        ComputationGraph g = b.build();
        List<String> frozen = new ArrayList<>();
        List<String> trained = new ArrayList<>();
        for (int idx : g.topologicalSortOrder()) {
            var v = g.getVertices()[idx];
            if (!v.hasLayer() || v.getLayer().numParams() == 0) continue;
            if (v.getLayer() instanceof org.deeplearning4j.nn.layers.FrozenLayer) frozen.add(v.getVertexName());
            else trained.add(v.getVertexName());
        }
        return new Result(g, head, frozen, trained);
    }

    /**
     * A new run directory that fine-tunes {@code source} on {@code train}: the transfer ({@link #transfer}), the
     * resolved experiment and {@value #PLAN_FILE} written, a {@link Trainer} ready to {@link Trainer#fit()}.
     *
     * @param experiment the run's experiment: model = the source, data, full recipe, seed, holdout
     * @param input      what the new model takes and answers (stored in every model file)
     */
    public static Prepared start(ModelSource source, Plan plan, Experiment experiment, EpochData train, DataSetIterator validation,
                                 ModelInput input, Path out) {
        Recipe recipe = experiment.recipe();
        if (recipe == null) throw new IllegalArgumentException("the experiment must carry its full recipe");
        Result r = transfer(source.graph(), recipe, plan);
        RunDirectory dir = RunDirectory.create(out);
        experiment.write(dir.experiment());
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("from", source.from());
        record.put("freezeUntil", plan.freezeUntil());
        record.put("head", r.head());
        record.put("classes", plan.numClasses());
        record.put("headLr", plan.headLr() != null ? plan.headLr() : recipe.lr());
        record.put("bodyLr", recipe.lr());
        record.put("frozen", r.frozen());
        record.put("trained", r.trained());
        try {
            AtomicFiles.writeString(dir.root().resolve(PLAN_FILE), JSON.writeValueAsString(record) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.root().resolve(PLAN_FILE), e);
        }
        Trainer t = Trainer.start(r.graph(), recipe, train, validation, dir, experiment.trainerOptions(input));
        return new Prepared(t, r);
    }

    /** A run ready to train and what the transfer did. */
    public record Prepared(Trainer trainer, Result transfer) {
    }

    /**
     * The whole command: loads the source, opens {@code data} (zero-padded like the source's training data), checks
     * that images and classes fit, and prepares the run in {@code out}.
     */
    public static CliRun prepare(String from, Plan plan, Experiment base, Path out, Path dataDir) {
        DataSources.Shape raw = DataSources.shape(base.data(), dataDir);
        ModelSource src = load(from, raw);
        int pad = src.input() != null ? src.input().pad() : 0;
        int[] chw = inputShape(src);
        if (chw != null && (chw[0] != raw.channels() || chw[1] != raw.height() + 2 * pad || chw[2] != raw.width() + 2 * pad)) {
            throw new BadInputException("--data " + base.data() + ": images are " + raw.channels() + "x" + raw.height() + "x" + raw.width()
                    + (pad > 0 ? " (padded by " + pad + ")" : "") + " but " + src.from() + " takes " + chw[0] + "x" + chw[1] + "x" + chw[2]);
        }
        if (plan.numClasses() != raw.numClasses()) {
            throw new BadInputException("--classes " + plan.numClasses() + ": " + base.data() + " has " + raw.numClasses() + " classes");
        }
        Recipe recipe = base.resolveRecipe(Recipes.load(), new ModelInfo("finetune", List.of(), "file", 0, "",
                raw.channels(), raw.height(), raw.width(), raw.numClasses()));
        Experiment resolved = base.resolved(recipe);
        DataSources.Opened data = DataSources.open(base.data(), dataDir, recipe.batch(), base.seed(), base.holdout(), pad);
        ModelInput input = new ModelInput(data.shape().channels(), data.shape().height(), data.shape().width(), pad, base.data(),
                data.shape().classNames());
        Prepared p = start(src, plan, resolved, data.train(), data.validation(), input, out);
        return new CliRun(new ExperimentRunner.Prepared(p.trainer(), resolved, recipe, data, input), p.transfer(), src);
    }

    /** {@link #prepare}'s answer: the prepared run (as {@code zoolab train} prints and runs it), the transfer, the source. */
    public record CliRun(ExperimentRunner.Prepared run, Result transfer, ModelSource source) {
    }

    /** The source's input as {channels, height, width}, from its model file; null when the file does not say. */
    static int[] inputShape(ModelSource s) {
        return s.input() == null ? null : new int[]{s.input().channels(), s.input().height(), s.input().width()};
    }

    /** Names of the vertices that are layers, in topological order. */
    public static List<String> layerNames(ComputationGraph g) {
        List<String> names = new ArrayList<>();
        for (int idx : g.topologicalSortOrder()) {
            var v = g.getVertices()[idx];
            if (v.hasLayer()) names.add(v.getVertexName());
        }
        return names;
    }

    /** Whether {@code vertex} is downstream of {@code ancestor}. */
    private static boolean dependsOn(ComputationGraphConfiguration conf, String vertex, String ancestor) {
        List<String> todo = new ArrayList<>(conf.getVertexInputs().getOrDefault(vertex, List.of()));
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (!todo.isEmpty()) {
            String v = todo.remove(todo.size() - 1);
            if (v.equals(ancestor)) return true;
            if (seen.add(v)) todo.addAll(conf.getVertexInputs().getOrDefault(v, List.of()));
        }
        return false;
    }

    /** Whether a layer configuration is frozen (DL4J's {@code FrozenLayer} wrapper). */
    public static boolean isFrozen(Layer layer) {
        return layer instanceof FrozenLayer;
    }
}
