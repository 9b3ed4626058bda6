package org.zoolab.zoo;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.weights.WeightInit;
import org.zoolab.BadInputException;

import java.util.List;

/** Checks and conversions shared by the zoo tables' model rows and the builders that read them. */
final class TableRows {
    private TableRows() {
    }

    /** Validates a row's {@code input} and {@code classes}; throws IllegalArgumentException. */
    static void checkInputAndClasses(FeatureShape input, int classes) {
        if (input == null) {
            throw new IllegalArgumentException("input is required: {channels: C, height: H, width: W}");
        }
        if (classes < 1) {
            throw new IllegalArgumentException("classes must be at least 1, got " + classes);
        }
    }

    /** Validates a list of positive numbers; {@code what} names it in the message. */
    static void checkPositive(String what, List<Integer> values) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException(what + " must list at least one positive number");
        }
        for (int i = 0; i < values.size(); i++) {
            Integer v = values.get(i);
            if (v == null || v < 1) {
                throw new IllegalArgumentException(what + "[" + i + "] must be positive, got " + v);
            }
        }
    }

    /** Validates a drop probability in [0, 1). */
    static void checkProbability(String what, double p) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException(what + " must be a drop probability in [0, 1), got " + p);
        }
    }

    /** The model's registry entry from a row's fields. */
    static ModelInfo info(String name, List<String> aliases, String family, int year, String paper,
                          FeatureShape input, int classes) {
        return new ModelInfo(name, aliases == null ? List.of() : aliases, family, year, paper, input, classes);
    }

    /** Seed, weight initialisation (the caller's, else the paper's) and the paper's optimiser. */
    static NeuralNetConfiguration.Builder base(ModelOptions options, WeightInit papersInit, PaperSgd sgd) {
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder()
                .seed(options.seed())
                .weightInit(options.weightInit() != null ? options.weightInit() : papersInit);
        return sgd.applyTo(b);
    }

    /** Refuses {@code options.batchNorm() == true} for a model whose paper has no batch-norm variant. */
    static void refuseBatchNorm(ModelInfo model, ModelOptions options) {
        if (Boolean.TRUE.equals(options.batchNorm())) {
            throw new BadInputException(model.name() + " has no batch-norm variant");
        }
    }

    /** The input shape from resolved options. */
    static FeatureShape inputShape(ModelOptions options) {
        return options.input();
    }
}
