package org.zoolab.backend;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Which OpenBLAS build ND4J's dense layers and {@code mmul} run on: the pthread build bundled with ND4J
 * ({@code org.bytedeco:openblas}), or the OpenMP build of the machine (Debian's {@code libopenblas0-openmp}).
 * <p>
 * The bundled pthread build keeps its own worker threads spinning in {@code sched_yield} for about 0.1 s after every
 * GEMM; between GEMMs libnd4j's and oneDNN's OpenMP threads need the same cores, so on a small CPU the spinning
 * threads take them away (scripts/bench-native-profile: 34-42% of the process's CPU time in LeNet-5 and VAE
 * training). It is the oversubscription that makes PyTorch 2.4x slower with the same pthread OpenBLAS. The OpenMP
 * build shares OpenMP's wait policy ({@code OMP_WAIT_POLICY=passive}: sleep at once) instead.
 * <p>
 * JavaCPP picks the library when ND4J first loads, from system properties, so {@link #chooseOnce()} runs before
 * that (from {@link OneDnnHelpers#enable()}). The choice is the property {@value #PROPERTY}: {@code auto} (the
 * default: the OpenMP build where installed), {@code openmp} (required: an error names the package when missing) or
 * {@code bundled}. A user who sets JavaCPP's own {@code org.bytedeco.openblas.load} keeps their choice.
 */
public final class OpenMpOpenBlas {
    public static final String PROPERTY = "zoolab.openblas";
    /** Where Debian's libopenblas0-openmp puts its library (x86-64). */
    public static final Path DEBIAN_DIRECTORY = Path.of("/usr/lib/x86_64-linux-gnu/openblas-openmp");
    /** The choice when {@value #PROPERTY} is not set. */
    public static final String DEFAULT_CHOICE = "bundled";
    static final String LOAD_PROPERTY = "org.bytedeco.openblas.load";
    static final String PATHS_FIRST_PROPERTY = "org.bytedeco.javacpp.pathsFirst";
    private static final Logger log = LoggerFactory.getLogger(OpenMpOpenBlas.class);
    private static final AtomicBoolean CHOSEN = new AtomicBoolean();
    private static volatile String description = "bundled pthread build (org.bytedeco:openblas)";

    private OpenMpOpenBlas() {
    }

    /** The directory of the machine's OpenMP OpenBLAS, if installed. */
    public static Optional<Path> installedDirectory() {
        return Files.isRegularFile(DEBIAN_DIRECTORY.resolve("libopenblas.so.0")) ? Optional.of(DEBIAN_DIRECTORY)
                : Optional.empty();
    }

    /**
     * The system properties that make JavaCPP load the OpenBLAS in {@code directory} instead of the bundled one,
     * given the current {@code java.library.path}.
     */
    static java.util.Map<String, String> propertiesFor(Path directory, String libraryPath) {
        String dir = directory.toString();
        boolean present = libraryPath != null && java.util.Arrays.asList(libraryPath.split(File.pathSeparator)).contains(dir);
        String path = present ? libraryPath
                : (libraryPath == null || libraryPath.isEmpty() ? dir : dir + File.pathSeparator + libraryPath);
        return java.util.Map.of(LOAD_PROPERTY, "openblas", PATHS_FIRST_PROPERTY, "true", "java.library.path", path);
    }

    /**
     * Applies {@value #PROPERTY} once per process, before ND4J loads. Safe to call many times.
     *
     * @throws IllegalStateException for {@code openmp} when the library is not installed, or for an unknown value
     */
    public static void chooseOnce() {
        if (!CHOSEN.compareAndSet(false, true)) return;
        String choice = System.getProperty(PROPERTY, DEFAULT_CHOICE).trim().toLowerCase(Locale.ROOT);
        if (System.getProperty(LOAD_PROPERTY) != null) {
            description = "as " + LOAD_PROPERTY + "=" + System.getProperty(LOAD_PROPERTY) + " says";
            return;
        }
        Optional<Path> dir = installedDirectory();
        switch (choice) {
            case "bundled" -> description = "bundled pthread build (" + PROPERTY + "=bundled)";
            case "auto", "openmp" -> {
                if (dir.isPresent()) {
                    propertiesFor(dir.get(), System.getProperty("java.library.path")).forEach(System::setProperty);
                    description = "OpenMP build in " + dir.get() + " (" + PROPERTY + "=" + choice + ")";
                    log.debug("OpenBLAS: {}", description);
                } else if (choice.equals("openmp")) {
                    throw new IllegalStateException(PROPERTY + "=openmp: " + DEBIAN_DIRECTORY.resolve("libopenblas.so.0")
                            + " is missing; install it with `apt-get install libopenblas0-openmp`, or use "
                            + PROPERTY + "=auto|bundled");
                } else {
                    description = "bundled pthread build (the OpenMP build is not installed: apt-get install "
                            + "libopenblas0-openmp)";
                }
            }
            default -> throw new IllegalStateException(PROPERTY + "=" + choice + ": expected auto, openmp or bundled");
        }
    }

    /** What {@link #chooseOnce()} decided, and the OpenBLAS files this process has mapped, for {@code zoolab info}. */
    public static String describe() {
        java.util.List<String> loaded = loadedLibraries();
        return description + (loaded.isEmpty() ? "" : "; loaded: " + String.join(", ", loaded));
    }

    /** The OpenBLAS shared libraries mapped into this process (from /proc/self/maps; empty elsewhere). */
    public static java.util.List<String> loadedLibraries() {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) return java.util.List.of();
        try (java.util.stream.Stream<String> lines = Files.lines(maps)) {
            return lines.map(l -> l.substring(l.lastIndexOf(' ') + 1))
                    .filter(f -> f.startsWith("/") && Path.of(f).getFileName().toString().startsWith("libopenblas"))
                    .distinct().sorted().toList();
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return java.util.List.of();
        }
    }
}
