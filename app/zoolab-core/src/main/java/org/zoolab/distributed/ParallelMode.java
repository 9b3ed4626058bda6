package org.zoolab.distributed;

import org.deeplearning4j.parallelism.ParallelWrapper;
import org.zoolab.BadInputException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the replicas of a data-parallel run keep their weights together. */
public enum ParallelMode {
    /**
     * After every step each replica sends its update, threshold-encoded (Strom 2015), to the others: all replicas
     * apply the same quantised updates, and each keeps the part below the threshold as a residual for later.
     */
    SHARING("sharing", ParallelWrapper.TrainingMode.SHARED_GRADIENTS),
    /**
     * Each replica trains on its own batches; every {@code averagingFrequency} rounds the parameters (and the
     * updater state) of all replicas are replaced by their mean.
     */
    AVERAGING("averaging", ParallelWrapper.TrainingMode.AVERAGING);

    private final String key;
    private final ParallelWrapper.TrainingMode trainingMode;

    ParallelMode(String key, ParallelWrapper.TrainingMode trainingMode) {
        this.key = key;
        this.trainingMode = trainingMode;
    }

    /** The name used on the command line and in YAML: {@code sharing} or {@code averaging}. */
    public String key() {
        return key;
    }

    ParallelWrapper.TrainingMode trainingMode() {
        return trainingMode;
    }

    /** The mode named {@code key} (case-insensitive); {@code what} names the option in the error message. */
    public static ParallelMode parse(String key, String what) {
        for (ParallelMode m : values()) {
            if (m.key.equalsIgnoreCase(key == null ? "" : key.trim())) {
                return m;
            }
        }
        throw new BadInputException(what + ": unknown parallel mode '" + key + "'; expected one of "
                + Arrays.stream(values()).map(ParallelMode::key).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return key.toLowerCase(Locale.ROOT);
    }
}
