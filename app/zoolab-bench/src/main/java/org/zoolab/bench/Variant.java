package org.zoolab.bench;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.zoolab.backend.OneDnnHelpers;
import org.zoolab.backend.OpenMpOpenBlas;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A set of performance levers to measure against zoolab's defaults, parsed from {@code --variant}, e.g.
 * {@code workspace=none,cache=host}. An unset lever keeps what zoolab does by default. Keys:
 * <ul>
 *   <li>{@code workspace=enabled|none}: the graph's training and inference workspace modes (DL4J's default and
 *       zoolab's: {@code ENABLED}; the VAE and GAN always run without workspaces, see ExternalLossGraph).</li>
 *   <li>{@code cache=none|host|device}: the layers' {@link CacheMode} (default {@code NONE}).</li>
 *   <li>{@code dtype=float|half|bfloat16}: parameters, activations and inputs (default {@code FLOAT}).</li>
 *   <li>{@code helpers=on|off}: DL4J's oneDNN layer helpers (zoolab switches them on).</li>
 *   <li>{@code threads=N}: libnd4j's own parallel loops ({@code Nd4j.getEnvironment().setMaxThreads}).</li>
 *   <li>{@code master-threads=N}: {@code Nd4j.getEnvironment().setMaxMasterThreads}.</li>
 *   <li>{@code blas-threads=N}: the BLAS library's threads ({@code Nd4j.factory().blas().setMaxThreads}).</li>
 *   <li>{@code omp=N}: OpenMP threads (oneDNN, libnd4j); fixed when the process starts, so it is only checked
 *       against {@code OMP_NUM_THREADS}, which {@code scripts/bench-levers} sets.</li>
 *   <li>{@code omp-wait=active|passive}: whether idle OpenMP threads spin or sleep; likewise only checked against
 *       {@code OMP_WAIT_POLICY}, which {@code scripts/bench-levers} sets.</li>
 *   <li>{@code blas-timeout=N}: how long idle OpenBLAS threads spin in {@code sched_yield} before they sleep,
 *       2^N cycles (4..30; OpenBLAS's default is 28, about 0.1 s); read by OpenBLAS when it loads, so likewise only
 *       checked against {@code OPENBLAS_THREAD_TIMEOUT}, which {@code scripts/bench-levers} sets.</li>
 *   <li>{@code input-grad=skipped|computed}: whether the training step computes the gradient of the convolutions
 *       that read the images with respect to those images ({@link org.zoolab.train.InputConvolutionBackprop}; zoolab's
 *       trainer skips it).</li>
 *   <li>{@code blas=bundled|openmp}: ND4J's OpenBLAS, the bundled pthread build or the machine's OpenMP build
 *       ({@link org.zoolab.backend.OpenMpOpenBlas}).</li>
 *   <li>{@code malloc=default|keep}: whether glibc's allocator hands freed native buffers back to the kernel
 *       ({@code default}) or keeps them for the next step ({@code keep}: {@code MALLOC_MMAP_THRESHOLD_=32 MiB},
 *       {@code MALLOC_TRIM_THRESHOLD_=4 GiB}, {@code MALLOC_TOP_PAD_=64 MiB}), which saves the page faults of touching
 *       fresh pages in every step; read by glibc when the process starts, so likewise only checked against the
 *       environment, which {@code scripts/bench-levers} sets.</li>
 *   <li>{@code layout=nchw|nhwc}: the memory layout the zoo model's feature maps run in
 *       ({@link org.zoolab.zoo.ModelOptions#layout()}; default channels first, {@code nchw}).</li>
 * </ul>
 */
public final class Variant {
    /** {@code MALLOC_MMAP_THRESHOLD_} under {@code malloc=keep}: glibc's largest (32 MiB on 64-bit Linux). */
    public static final String MALLOC_KEEP_MMAP_THRESHOLD = "33554432";

    private final Map<String, String> levers;

    private Variant(Map<String, String> levers) {
        this.levers = levers;
    }

    /** zoolab's defaults: nothing changed. */
    public static Variant defaults() {
        return new Variant(new LinkedHashMap<>());
    }

    /**
     * Parses {@code key=value[,key=value...]}; {@code ""} or {@code "default"} is {@link #defaults()}.
     *
     * @throws IllegalArgumentException naming the bad key or value and what was expected
     */
    public static Variant parse(String spec) {
        Map<String, String> m = new LinkedHashMap<>();
        if (spec == null || spec.isBlank() || spec.trim().equals("default")) {
            return new Variant(m);
        }
        for (String part : spec.split(",")) {
            String p = part.trim();
            int eq = p.indexOf('=');
            if (eq <= 0 || eq == p.length() - 1) {
                throw new IllegalArgumentException("variant '" + spec + "': expected key=value, got '" + p + "'");
            }
            String key = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = p.substring(eq + 1).trim().toLowerCase(Locale.ROOT);
            switch (key) {
                case "workspace" -> oneOf(key, value, "enabled", "none");
                case "cache" -> oneOf(key, value, "none", "host", "device");
                case "dtype" -> oneOf(key, value, "float", "half", "bfloat16");
                case "helpers" -> oneOf(key, value, "on", "off");
                case "omp-wait" -> oneOf(key, value, "active", "passive");
                case "threads", "master-threads", "blas-threads", "omp" -> positive(key, value);
                case "blas-timeout" -> blasTimeout(value);
                case "blas" -> oneOf(key, value, "bundled", "openmp");
                case "input-grad" -> oneOf(key, value, "skipped", "computed");
                case "malloc" -> oneOf(key, value, "default", "keep");
                case "layout" -> oneOf(key, value, "nchw", "nhwc");
                default -> throw new IllegalArgumentException("variant: unknown lever '" + key
                        + "'; expected workspace, cache, dtype, helpers, threads, master-threads, blas-threads, omp, "
                        + "omp-wait, blas-timeout, blas, input-grad, malloc or layout");
            }
            if (m.put(key, value) != null) {
                throw new IllegalArgumentException("variant '" + spec + "': lever '" + key + "' given twice");
            }
        }
        return new Variant(m);
    }

    private static void oneOf(String key, String value, String... allowed) {
        for (String a : allowed) {
            if (a.equals(value)) return;
        }
        throw new IllegalArgumentException("variant: " + key + "=" + value + ": expected one of " + String.join(", ", allowed));
    }

    private static void positive(String key, String value) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("variant: " + key + "=" + value + ": expected a whole number of threads");
        }
        if (n < 1) throw new IllegalArgumentException("variant: " + key + "=" + value + ": expected at least 1 thread");
    }

    private static void blasTimeout(String value) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("variant: blas-timeout=" + value + ": expected a whole number 4..30");
        }
        if (n < 4 || n > 30) {
            throw new IllegalArgumentException("variant: blas-timeout=" + value + ": expected 4..30 (OpenBLAS clamps to that)");
        }
    }

    /** The levers as given, in order; empty for the defaults. */
    public Map<String, String> levers() {
        return Map.copyOf(levers);
    }

    public boolean isDefault() {
        return levers.isEmpty();
    }

    /** The data type of parameters and inputs: {@code FLOAT} unless {@code dtype} is set. */
    public DataType dataType() {
        return switch (levers.getOrDefault("dtype", "float")) {
            case "half" -> DataType.HALF;
            case "bfloat16" -> DataType.BFLOAT16;
            default -> DataType.FLOAT;
        };
    }

    /** The layout of the zoo model's feature maps: channels first unless {@code layout=nhwc}. */
    public CNN2DFormat layout() {
        return "nhwc".equals(levers.get("layout")) ? CNN2DFormat.NHWC : CNN2DFormat.NCHW;
    }

    /** Whether a training step skips the input gradient of the input convolutions, as zoolab's trainer does. */
    public boolean inputConvolutionsWeightsOnly() {
        return !"computed".equals(levers.get("input-grad"));
    }

    /** The cache mode to set on a graph, or null to leave the graph's own. */
    public CacheMode cacheMode() {
        String c = levers.get("cache");
        return c == null ? null : CacheMode.valueOf(c.toUpperCase(Locale.ROOT));
    }

    /**
     * Process-wide levers, before any network is built: helpers, libnd4j and BLAS threads; checks {@code omp}
     * against the environment.
     */
    public void applyGlobal() {
        if ("off".equals(levers.get("helpers"))) {
            System.setProperty(OneDnnHelpers.DISABLE_PROPERTY, "true");
        }
        if (levers.containsKey("blas")) {
            System.setProperty(OpenMpOpenBlas.PROPERTY, levers.get("blas"));
        }
        OneDnnHelpers.enable();
        if (levers.containsKey("omp") && !levers.get("omp").equals(System.getenv("OMP_NUM_THREADS"))) {
            throw new IllegalArgumentException("variant omp=" + levers.get("omp") + " but OMP_NUM_THREADS is "
                    + System.getenv("OMP_NUM_THREADS") + ": OpenMP reads it when the process starts; set it in the "
                    + "environment (scripts/bench-levers does)");
        }
        String wait = System.getenv("OMP_WAIT_POLICY");
        if (levers.containsKey("omp-wait") && (wait == null || !levers.get("omp-wait").equalsIgnoreCase(wait))) {
            throw new IllegalArgumentException("variant omp-wait=" + levers.get("omp-wait") + " but OMP_WAIT_POLICY is "
                    + wait + ": OpenMP reads it when the process starts; set it in the environment (scripts/bench-levers does)");
        }
        String timeout = System.getenv("OPENBLAS_THREAD_TIMEOUT");
        if (levers.containsKey("blas-timeout") && !levers.get("blas-timeout").equals(timeout)) {
            throw new IllegalArgumentException("variant blas-timeout=" + levers.get("blas-timeout")
                    + " but OPENBLAS_THREAD_TIMEOUT is " + timeout + ": OpenBLAS reads it when it loads; set it in the "
                    + "environment (scripts/bench-levers does)");
        }
        String mmap = System.getenv("MALLOC_MMAP_THRESHOLD_");
        if ("keep".equals(levers.get("malloc")) && !MALLOC_KEEP_MMAP_THRESHOLD.equals(mmap)) {
            throw new IllegalArgumentException("variant malloc=keep but MALLOC_MMAP_THRESHOLD_ is " + mmap
                    + ": glibc reads it when the process starts; set it in the environment (scripts/bench-levers does)");
        }
        if (levers.containsKey("threads")) {
            Nd4j.getEnvironment().setMaxThreads(Integer.parseInt(levers.get("threads")));
        }
        if (levers.containsKey("master-threads")) {
            Nd4j.getEnvironment().setMaxMasterThreads(Integer.parseInt(levers.get("master-threads")));
        }
        if (levers.containsKey("blas-threads")) {
            Nd4j.factory().blas().setMaxThreads(Integer.parseInt(levers.get("blas-threads")));
        }
    }

    /** A copy of {@code conf} with the workspace and data-type levers applied (the cache mode is set on the graph). */
    public ComputationGraphConfiguration apply(ComputationGraphConfiguration conf) {
        ComputationGraphConfiguration c = conf.clone();
        String ws = levers.get("workspace");
        if (ws != null) {
            WorkspaceMode mode = ws.equals("none") ? WorkspaceMode.NONE : WorkspaceMode.ENABLED;
            c.setTrainingWorkspaceMode(mode);
            c.setInferenceWorkspaceMode(mode);
        }
        if (levers.containsKey("dtype")) {
            c.setDataType(dataType());
        }
        return c;
    }

    /** Sets the cache-mode lever on a built graph, if given. */
    public void apply(ComputationGraph graph) {
        if (cacheMode() != null) {
            graph.setCacheMode(cacheMode());
        }
    }

    /** What the process actually runs with, for the report: threads, helpers, BLAS. */
    public static Map<String, Object> settingsInEffect() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("OMP_NUM_THREADS", String.valueOf(System.getenv("OMP_NUM_THREADS")));
        m.put("OMP_WAIT_POLICY", String.valueOf(System.getenv("OMP_WAIT_POLICY")));
        m.put("OPENBLAS_THREAD_TIMEOUT", String.valueOf(System.getenv("OPENBLAS_THREAD_TIMEOUT")));
        m.put("openBlas", OpenMpOpenBlas.describe());
        m.put("nd4jMaxThreads", Nd4j.getEnvironment().maxThreads());
        m.put("nd4jMaxMasterThreads", Nd4j.getEnvironment().maxMasterThreads());
        m.put("blasMaxThreads", Nd4j.factory().blas().getMaxThreads());
        m.put("blasVendor", String.valueOf(Nd4j.factory().blas().getBlasVendor()));
        m.put("oneDnnHelpers", OneDnnHelpers.enabledByProperty());
        m.put("helpersAllowed", Nd4j.getEnvironment().helpersAllowed());
        return m;
    }

    /** {@code key=value,...} or {@code default}. */
    @Override
    public String toString() {
        if (levers.isEmpty()) return "default";
        StringBuilder b = new StringBuilder();
        levers.forEach((k, v) -> b.append(b.length() == 0 ? "" : ",").append(k).append('=').append(v));
        return b.toString();
    }
}
