package org.zoolab.zoo;

import java.util.List;

/**
 * What every model row of a zoo table says about itself: other names, where its numbers come from, the paper's
 * year, its default input and number of classes; from these the registry entry is made ({@link #info}).
 */
public interface ModelRow {
    List<String> aliases();

    String paper();

    int year();

    FeatureShape input();

    int classes();

    /** The registry entry of this row, registered as {@code name} in {@code family}. */
    default ModelInfo info(String name, String family) {
        return TableRows.info(name, aliases(), family, year(), paper(), input(), classes());
    }
}
