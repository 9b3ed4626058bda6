package org.zoolab.zoo;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.zoolab.backend.OneDnnHelpers;

/** A zoo model ready to build: its registry entry, the resolved options and the graph configuration. */
public final class ZooModel {
    private final ModelInfo info;
    private final ModelOptions options;
    private final ComputationGraphConfiguration configuration;

    ZooModel(ModelInfo info, ModelOptions options, ComputationGraphConfiguration configuration) {
        this.info = info;
        this.options = options;
        this.configuration = configuration;
    }

    public ModelInfo info() {
        return info;
    }

    public ModelOptions options() {
        return options;
    }

    /** The configuration (no weights allocated): cheap even for VGG-E. */
    public ComputationGraphConfiguration configuration() {
        return configuration;
    }

    /** Shapes, parameter counts and MACs per layer, from the configuration (no weights allocated). */
    public ModelSummary summary() {
        return ModelSummary.of(this);
    }

    /** A new network with freshly initialised weights (allocates all parameters). */
    public ComputationGraph init() {
        OneDnnHelpers.enable();
        ComputationGraph graph = new ComputationGraph(configuration.clone());
        graph.init();
        return graph;
    }
}
