package org.zoolab.backend;

import java.util.Map;

/**
 * What {@link BackendSelector} decided: which backend will run, why, the environment ND4J must see when it loads
 * (its {@code BACKEND_PRIORITY_*} variables, read once), and whether the current JVM already has that environment
 * or must be started again with it.
 *
 * @param backend     the backend that will run: {@link BackendChoice#CPU} or {@link BackendChoice#CUDA}
 * @param reason      one line for the user, e.g. "auto: CUDA backend not in this build, using CPU"
 * @param environment the variables ND4J must see
 * @param restartJvm  true if this JVM's environment does not already select {@code backend}
 */
public record BackendPlan(BackendChoice backend, String reason, Map<String, String> environment, boolean restartJvm) {
    public BackendPlan {
        environment = Map.copyOf(environment);
    }
}
