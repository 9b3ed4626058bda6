package org.zoolab.zoo;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.TransferLearning;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The role of a graph's outputs: which one is the main classifier and which are auxiliary classifiers (GoogLeNet's
 * two heads of section 5, Inception v3's head on Mixed_6e). The contract, kept by construction: a zoo graph's FIRST
 * network output is its main output, and every further output is an auxiliary head ({@link TrackedGraph#output}
 * adds the main output, {@link TrackedGraph#auxiliaryOutput} refuses to add a head before it). DL4J stores the
 * outputs in order in the configuration, so a saved and reloaded {@link ComputationGraph} still knows the roles;
 * no vertex name is inspected.
 */
public final class AuxiliaryOutputs {
    /** Index of the main output among a graph's outputs. */
    public static final int MAIN = 0;

    private AuxiliaryOutputs() {
    }

    /** Index of the main output of {@code graph} among its outputs (always {@link #MAIN}). */
    public static int mainOutput(ComputationGraph graph) {
        return mainOutput(graph.getConfiguration());
    }

    /** Index of the main output of {@code configuration} among its outputs (always {@link #MAIN}). */
    public static int mainOutput(ComputationGraphConfiguration configuration) {
        if (configuration.getNetworkOutputs().isEmpty()) {
            throw new IllegalArgumentException("the graph has no outputs");
        }
        return MAIN;
    }

    /** True if {@code output} is an output of {@code graph} and an auxiliary one (not the main output). */
    public static boolean isAuxiliaryOutput(ComputationGraph graph, String output) {
        return isAuxiliaryOutput(graph.getConfiguration(), output);
    }

    /** True if {@code output} is an output of {@code configuration} and an auxiliary one (not the main output). */
    public static boolean isAuxiliaryOutput(ComputationGraphConfiguration configuration, String output) {
        List<String> outputs = configuration.getNetworkOutputs();
        int index = outputs.indexOf(output);
        return index >= 0 && index != MAIN;
    }

    /** The auxiliary outputs of {@code configuration}, in order (empty for a single-output graph). */
    public static List<String> auxiliaryOutputs(ComputationGraphConfiguration configuration) {
        List<String> outputs = configuration.getNetworkOutputs();
        return outputs.size() <= 1 ? List.of() : List.copyOf(outputs.subList(MAIN + 1, outputs.size()));
    }

    /**
     * The inference network of a (trained) graph with auxiliary heads (GoogLeNet's, Inception v3's): every vertex
     * the main output does not depend on removed with DL4J's transfer-learning builder, all other weights kept.
     *
     * @throws IllegalArgumentException if the graph has no auxiliary heads
     */
    public static ComputationGraph dropAuxiliaryHeads(ComputationGraph training) {
        ComputationGraphConfiguration conf = training.getConfiguration();
        if (auxiliaryOutputs(conf).isEmpty()) {
            throw new IllegalArgumentException("the graph has no auxiliary heads (it has a single output)");
        }
        Set<String> needed = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(conf.getNetworkOutputs().get(MAIN)));
        while (!todo.isEmpty()) {
            String v = todo.pop();
            if (needed.add(v)) {
                todo.addAll(conf.getVertexInputs().getOrDefault(v, List.of()));
            }
        }
        TransferLearning.GraphBuilder edit = new TransferLearning.GraphBuilder(training);
        for (String vertex : conf.getVertices().keySet()) {
            if (!needed.contains(vertex)) {
                edit.removeVertexAndConnections(vertex);
            }
        }
        ComputationGraph inference = edit.build();
        // When vertices are only removed, DL4J copies the old flat parameter vector from its start, which
        // misaligns every layer after the first removed one in topological order; copy layer by layer instead.
        for (Layer layer : inference.getLayers()) {
            if (layer.numParams() > 0) {
                String name = layer.conf().getLayer().getLayerName();
                layer.setParams(training.getLayer(name).params().dup());
            }
        }
        return inference;
    }
}
