package org.zoolab.backend;

import org.zoolab.BadInputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which ND4J backend runs, before any ND4J class loads.
 * <p>
 * ND4J loads the available backend with the highest priority, read once from the environment variables
 * {@code BACKEND_PRIORITY_CPU} (default 0) and {@code BACKEND_PRIORITY_GPU} (default 100). So a choice is
 * applied through the environment, and a JVM whose environment says otherwise is started again (the CLI does
 * that). The decision itself is a pure function of the facts, so it is tested without a GPU.
 */
public final class BackendSelector {
    public static final String CPU_PRIORITY = "BACKEND_PRIORITY_CPU";
    public static final String GPU_PRIORITY = "BACKEND_PRIORITY_GPU";
    static final String CUDA_BACKEND_CLASS = "org/nd4j/linalg/jcublas/JCublasBackend.class";
    private static final int WIN = 1000;
    private static final int LOSE = 0;

    /** Facts about this machine and build that the decision depends on. */
    public record Facts(boolean cudaInBuild, Optional<String> cudaDriverMissing, Map<String, String> environment) {
    }

    private BackendSelector() {
    }

    /** Facts read from this JVM's classpath, the machine and the environment. */
    public static Facts currentFacts() {
        boolean inBuild = BackendSelector.class.getClassLoader().getResource(CUDA_BACKEND_CLASS) != null;
        return new Facts(inBuild, cudaDriverProblem(), System.getenv());
    }

    /**
     * The plan for {@code choice}. A choice that cannot be honoured ({@code cuda} without the CUDA backend in the
     * build, or without an NVIDIA driver) is a {@link BadInputException} naming what is missing.
     */
    public static BackendPlan plan(BackendChoice choice, Facts facts) {
        return switch (choice) {
            case CPU -> cpu("cpu: requested", facts);
            case CUDA -> {
                if (!facts.cudaInBuild()) {
                    throw new BadInputException("--backend cuda: the CUDA backend (nd4j-cuda-11.6) is not in this build;"
                            + " build it with `mvn -Pcuda -DskipTests package`");
                }
                if (facts.cudaDriverMissing().isPresent()) {
                    throw new BadInputException("--backend cuda: no usable NVIDIA GPU: " + facts.cudaDriverMissing().get());
                }
                yield cuda("cuda: requested", facts);
            }
            case AUTO -> {
                if (!facts.cudaInBuild()) {
                    yield cpu("auto: using CPU (the CUDA backend is not in this build)", facts);
                }
                if (facts.cudaDriverMissing().isPresent()) {
                    yield cpu("auto: using CPU (" + facts.cudaDriverMissing().get() + ")", facts);
                }
                yield cuda("auto: using CUDA (NVIDIA driver and nd4j-cuda-11.6 found)", facts);
            }
        };
    }

    private static BackendPlan cpu(String reason, Facts facts) {
        Map<String, String> env = Map.of(CPU_PRIORITY, String.valueOf(WIN), GPU_PRIORITY, String.valueOf(LOSE));
        // Without the CUDA backend on the classpath ND4J can only load the CPU backend: nothing to restart for.
        boolean restart = facts.cudaInBuild() && !(priority(facts, CPU_PRIORITY, 0) > priority(facts, GPU_PRIORITY, 100));
        return new BackendPlan(BackendChoice.CPU, reason, env, restart);
    }

    private static BackendPlan cuda(String reason, Facts facts) {
        Map<String, String> env = Map.of(CPU_PRIORITY, String.valueOf(LOSE), GPU_PRIORITY, String.valueOf(WIN));
        boolean restart = !(priority(facts, GPU_PRIORITY, 100) > priority(facts, CPU_PRIORITY, 0));
        return new BackendPlan(BackendChoice.CUDA, reason, env, restart);
    }

    private static int priority(Facts facts, String name, int dflt) {
        String v = facts.environment().get(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return dflt; // ND4J itself fails on this; the restart sets a valid value
        }
    }

    /** Empty if an NVIDIA driver looks usable, else what is missing. Reads only files: loads no native code. */
    static Optional<String> cudaDriverProblem() {
        if (!Files.exists(Path.of("/proc/driver/nvidia/version")) && !Files.exists(Path.of("/dev/nvidia0"))
                && !Files.exists(Path.of("/dev/nvidiactl"))) {
            return Optional.of("no NVIDIA kernel driver (/proc/driver/nvidia/version and /dev/nvidia0 are missing)");
        }
        List<String> dirs = List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/local/nvidia/lib64",
                "/usr/local/nvidia/lib", "/usr/local/cuda/compat", "/lib/x86_64-linux-gnu");
        String ldPath = System.getenv("LD_LIBRARY_PATH");
        java.util.ArrayList<String> all = new java.util.ArrayList<>(dirs);
        if (ldPath != null) {
            all.addAll(List.of(ldPath.split(":")));
        }
        for (String d : all) {
            if (!d.isBlank() && Files.exists(Path.of(d, "libcuda.so.1"))) {
                return Optional.empty();
            }
        }
        return Optional.of("the NVIDIA driver library libcuda.so.1 was not found (looked in standard folders and LD_LIBRARY_PATH)");
    }
}
