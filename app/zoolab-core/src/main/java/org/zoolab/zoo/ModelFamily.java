package org.zoolab.zoo;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;

import java.util.List;

/**
 * One architecture family (VGG, ResNet, ...): reads its table from {@code zoo-configs/<family>.yaml} and turns
 * one of its rows into a DL4J graph configuration. Implementations are small and declarative: the numbers live
 * in the YAML, the wiring lives in block classes.
 */
public interface ModelFamily {

    /** The family's name, also the base name of its YAML file, e.g. {@code "vgg"}. */
    String family();

    /** The models this family registers, in the order {@code zoolab models} lists them. */
    List<ModelInfo> models();

    /**
     * The graph configuration of one of this family's models.
     *
     * @param model   one of {@link #models()}
     * @param options the caller's options, already merged with the model's defaults (every field set)
     */
    ComputationGraphConfiguration configure(ModelInfo model, ModelOptions options);
}
