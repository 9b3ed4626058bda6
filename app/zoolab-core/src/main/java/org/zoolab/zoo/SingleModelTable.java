package org.zoolab.zoo;

import org.zoolab.io.ConfigException;

/**
 * The header of a table that describes one model ({@code perceptron.yaml}, {@code mlp.yaml},
 * {@code lenet5.yaml}): name, aliases, paper, default input and classes, from which the model's registry entry
 * is made.
 */
interface SingleModelTable extends ModelRow {
    String name();

    /** The model's registry entry in {@code family}. */
    default ModelInfo info(String family) {
        return info(name(), family);
    }

    /** Checks that {@code classes} is positive; {@code file} is named in the error. */
    default void checkClasses(String file) {
        if (classes() < 1) {
            throw new ConfigException(file, "classes", "must be a positive integer, got " + classes());
        }
    }
}
