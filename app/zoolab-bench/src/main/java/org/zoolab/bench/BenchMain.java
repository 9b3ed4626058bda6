package org.zoolab.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.zoolab.backend.SystemReport;
import org.zoolab.zoo.ModelOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.zoolab.bench.ZooModelWorkload.Mode.FORWARD;
import static org.zoolab.bench.ZooModelWorkload.Mode.TRAIN;

/**
 * Runs the benchmark suite once and writes JSON. {@code scripts/bench} calls it in several rounds interleaved
 * with the PyTorch side and merges the medians.
 *
 * <pre>java -jar zoolab-bench.jar [--only ID[,ID...]] [--repetitions N] [--seconds S] [--warmup S]
 *         [--variant K=V[,K=V...]] [--photos DIR] [--decode-threads N] [--out FILE] | --list</pre>
 * {@code --variant} sets performance levers against zoolab's defaults ({@link Variant}); {@code --photos} is the
 * class folder of JPEG photos the pipeline workload reads (default {@value #DEFAULT_PHOTOS}, which
 * {@code scripts/bench} prepares); {@code --decode-threads} its decode threads (default: the cores).
 */
public final class BenchMain {

    /** Where {@code scripts/bench} and {@code scripts/bench-pipeline} put the replicated photos. */
    static final String DEFAULT_PHOTOS = "/tmp/zoolab-bench-photos";

    /** The suite of issue 11 with zoolab's defaults, in the order it runs. */
    static Map<String, Supplier<Workload>> suite() {
        return suite(Variant.defaults(), Path.of(DEFAULT_PHOTOS), Runtime.getRuntime().availableProcessors());
    }

    /** The suite of issue 11 with the variant's levers, in the order it runs. */
    static Map<String, Supplier<Workload>> suite(Variant v, Path photos, int decodeThreads) {
        Map<String, Supplier<Workload>> s = new LinkedHashMap<>();
        ModelOptions o = ModelOptions.defaults();
        add(s, () -> new GemmCeiling(2048));
        add(s, () -> new ZooModelWorkload("lenet5", TRAIN, 64, o, v));
        add(s, () -> new ZooModelWorkload("resnet-20", TRAIN, 64, o, v));
        add(s, () -> new ZooModelWorkload("alexnet", FORWARD, 16, o, v));
        add(s, () -> new ZooModelWorkload("alexnet", TRAIN, 16, o, v));
        add(s, () -> new ZooModelWorkload("resnet-50", FORWARD, 8, o, v));
        add(s, () -> new ZooModelWorkload("resnet-50", TRAIN, 8, o, v));
        add(s, () -> new ZooModelWorkload("vgg-d", FORWARD, 4, o, v));
        add(s, () -> new VaeWorkload(128, v));
        add(s, () -> new DcganWorkload(64, v));
        add(s, () -> new PipelineWorkload(photos, 128, decodeThreads));
        return s;
    }

    private static void add(Map<String, Supplier<Workload>> s, Supplier<Workload> w) {
        s.put(w.get().id(), w);
    }

    public static void main(String[] args) throws IOException {
        List<String> only = null;
        int repetitions = 5;
        double seconds = 3;
        double warmup = 2;
        Path out = null;
        Variant variant = Variant.defaults();
        Path photos = Path.of(DEFAULT_PHOTOS);
        int decodeThreads = Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--only" -> only = List.of(args[++i].split(","));
                case "--repetitions" -> repetitions = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--warmup" -> warmup = Double.parseDouble(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--photos" -> photos = Path.of(args[++i]);
                case "--decode-threads" -> decodeThreads = Integer.parseInt(args[++i]);
                case "--variant" -> {
                    try {
                        variant = Variant.parse(args[++i]);
                    } catch (IllegalArgumentException e) {
                        System.err.println("zoolab-bench: " + e.getMessage());
                        System.exit(2);
                    }
                }
                case "--list" -> {
                    suite().keySet().forEach(System.out::println);
                    return;
                }
                default -> {
                    System.err.println("zoolab-bench: unknown argument '" + args[i]
                            + "'; expected --only, --repetitions, --seconds, --warmup, --variant, --photos, --decode-threads, --out, --list");
                    System.exit(2);
                }
            }
        }
        try {
            variant.applyGlobal();
        } catch (IllegalArgumentException e) {
            System.err.println("zoolab-bench: " + e.getMessage());
            System.exit(2);
        }
        Harness harness = new Harness(repetitions, seconds, warmup);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("tool", "zoolab");
        report.put("time", Instant.now().toString());
        report.put("system", SystemReport.collect());
        report.put("variant", variant.toString());
        report.put("settings", Variant.settingsInEffect());
        report.put("protocol", Map.of("repetitions", repetitions, "secondsPerRepetition", seconds, "warmupSeconds", warmup,
                "inputs", "uniform random [0,1), fixed seed"));
        List<Object> results = new ArrayList<>();
        double ceiling = 0;
        for (Map.Entry<String, Supplier<Workload>> e : suite(variant, photos, decodeThreads).entrySet()) {
            boolean isCeiling = e.getKey().startsWith("gemm/");
            if (only != null && !isCeiling && !only.contains(e.getKey())) continue;
            try {
                Measurement m = harness.measure(e.getValue().get(), ceiling);
                if (isCeiling) ceiling = m.gflops();
                results.add(m);
            } catch (RuntimeException ex) {
                results.add(Map.of("id", e.getKey(), "skipped", String.valueOf(ex.getMessage())));
                System.err.println(e.getKey() + ": skipped: " + ex.getMessage());
            }
        }
        report.put("ceilingGflops", ceiling);
        report.put("results", results);
        String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report);
        if (out == null) {
            System.out.println(json);
        } else {
            Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), ".bench", ".json");
            Files.writeString(tmp, json);
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
