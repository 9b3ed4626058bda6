package org.zoolab.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.zoolab.backend.OneDnnHelpers;
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
 * <pre>java -jar zoolab-bench.jar [--only ID[,ID...]] [--repetitions N] [--seconds S] [--warmup S] [--out FILE]</pre>
 */
public final class BenchMain {

    /** The suite of issue 11, in the order it runs. */
    static Map<String, Supplier<Workload>> suite() {
        Map<String, Supplier<Workload>> s = new LinkedHashMap<>();
        add(s, () -> new GemmCeiling(2048));
        add(s, () -> new ZooModelWorkload("lenet5", TRAIN, 64, ModelOptions.defaults()));
        add(s, () -> new ZooModelWorkload("resnet-20", TRAIN, 64, ModelOptions.defaults()));
        add(s, () -> new ZooModelWorkload("alexnet", FORWARD, 16, ModelOptions.defaults()));
        add(s, () -> new ZooModelWorkload("alexnet", TRAIN, 16, ModelOptions.defaults()));
        add(s, () -> new ZooModelWorkload("resnet-50", FORWARD, 8, ModelOptions.defaults()));
        add(s, () -> new ZooModelWorkload("resnet-50", TRAIN, 8, ModelOptions.defaults()));
        add(s, () -> new ZooModelWorkload("vgg-d", FORWARD, 4, ModelOptions.defaults()));
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
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--only" -> only = List.of(args[++i].split(","));
                case "--repetitions" -> repetitions = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--warmup" -> warmup = Double.parseDouble(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--list" -> {
                    suite().keySet().forEach(System.out::println);
                    return;
                }
                default -> {
                    System.err.println("zoolab-bench: unknown argument '" + args[i]
                            + "'; expected --only, --repetitions, --seconds, --warmup, --out, --list");
                    System.exit(2);
                }
            }
        }
        OneDnnHelpers.enable();
        Harness harness = new Harness(repetitions, seconds, warmup);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("tool", "zoolab");
        report.put("time", Instant.now().toString());
        report.put("system", SystemReport.collect());
        report.put("protocol", Map.of("repetitions", repetitions, "secondsPerRepetition", seconds, "warmupSeconds", warmup,
                "inputs", "uniform random [0,1), fixed seed"));
        List<Object> results = new ArrayList<>();
        double ceiling = 0;
        for (Map.Entry<String, Supplier<Workload>> e : suite().entrySet()) {
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
