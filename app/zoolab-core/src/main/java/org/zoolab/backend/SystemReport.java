package org.zoolab.backend;

import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * What runs zoolab on this machine: ND4J backend and BLAS, threads, CPU instruction level, oneDNN, GPUs, JVM
 * and memory limits. Loads ND4J (the backend must have been chosen before).
 */
public final class SystemReport {
    private static final String[] LEVELS = {"generic", "AVX", "AVX2", "AVX-512"};

    private SystemReport() {
    }

    /** Ordered label → value pairs, for printing or JSON. */
    public static Map<String, String> collect() {
        Map<String, String> r = new LinkedHashMap<>();
        OneDnnHelpers.enable();
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        String backend = String.valueOf(env.getProperty("backend", "?"));
        r.put("backend", backend + " (" + Nd4j.getBackend().getClass().getName() + ")");
        r.put("BLAS vendor", String.valueOf(Nd4j.factory().blas().getBlasVendor()));
        r.put("OpenBLAS", OpenMpOpenBlas.describe());
        r.put("BLAS threads", String.valueOf(Nd4j.factory().blas().getMaxThreads()));
        r.put("OpenMP threads", String.valueOf(NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads())
                + (System.getenv("OMP_NUM_THREADS") != null ? " (OMP_NUM_THREADS=" + System.getenv("OMP_NUM_THREADS") + ")" : ""));
        r.put("OpenMP wait policy", OpenMpWaitPolicy.describe());
        r.put("ND4J master threads", String.valueOf(Nd4j.getEnvironment().maxMasterThreads()));
        r.put("CPU", cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores");
        r.put("CPU instructions", cpuLevel());
        if ("CPU".equalsIgnoreCase(backend)) {
            int binary = NativeOpsHolder.getInstance().getDeviceNativeOps().binaryLevel();
            int optimal = NativeOpsHolder.getInstance().getDeviceNativeOps().optimalLevel();
            r.put("libnd4j build", level(binary) + " (best for this CPU: " + level(optimal) + ")");
            boolean onednn = org.nd4j.nativeblas.Nd4jCpu.Environment.getInstance().isUseMKLDNN();
            r.put("oneDNN", (onednn ? "in libnd4j" : "not in this libnd4j build") + "; DL4J layer helpers "
                    + (OneDnnHelpers.enabledByProperty() && Nd4j.getEnvironment().helpersAllowed() ? "on" : "off"));
        }
        r.put("GPUs", gpus(backend, env));
        r.put("JVM", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        r.put("heap limit", gib(Runtime.getRuntime().maxMemory()));
        r.put("off-heap limit", gib(Pointer.maxBytes()) + " (JavaCPP maxbytes), physical " + gib(Pointer.maxPhysicalBytes()));
        return r;
    }

    private static String gpus(String backend, Properties env) {
        if ("CUDA".equalsIgnoreCase(backend)) {
            int n = Nd4j.getAffinityManager().getNumberOfDevices();
            Object info = env.get("cuda.devicesInformation");
            return n + (info != null ? " " + info : "");
        }
        return BackendSelector.cudaDriverProblem().map(p -> "none in use (" + p + ")")
                .orElse("NVIDIA driver present; not in use (backend " + backend + ")");
    }

    private static String level(int i) {
        return i >= 0 && i < LEVELS.length ? LEVELS[i] : "level " + i;
    }

    private static String gib(long bytes) {
        if (bytes <= 0) return "unlimited";
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
    }

    private static List<String> cpuinfo() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo"));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private static String cpuModel() {
        return cpuinfo().stream().filter(l -> l.startsWith("model name")).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(System.getProperty("os.arch"));
    }

    /** The best SIMD level the CPU reports: AVX-512, AVX2, AVX or none. */
    public static String cpuLevel() {
        String flags = cpuinfo().stream().filter(l -> l.startsWith("flags")).findFirst().orElse("");
        List<String> f = List.of(flags.replaceFirst("^[^:]*:", "").trim().split("\\s+"));
        if (f.contains("avx512f")) return "AVX-512 (avx512f" + (f.contains("fma") ? ", fma" : "") + ")";
        if (f.contains("avx2")) return "AVX2" + (f.contains("fma") ? " (fma)" : "");
        if (f.contains("avx")) return "AVX";
        return flags.isEmpty() ? "unknown" : "no AVX";
    }
}
