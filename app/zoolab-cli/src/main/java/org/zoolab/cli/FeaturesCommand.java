package org.zoolab.cli;

import org.zoolab.BadInputException;
import org.zoolab.data.Split;
import org.zoolab.train.FeatureExtractor;
import org.zoolab.train.ModelSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code zoolab features}: one layer's output for every image, as a CSV. */
@Command(name = "features", mixinStandardHelpOptions = true,
        description = {"Embeddings: a layer's output for every image of a folder or data set split, as CSV (file, label, numbers).",
                "  zoolab features runs/lenet5-mnist-20261122-210000 --layer f6 --data mnist --limit 2000 --out f6.csv",
                "  zoolab features model.zip --layer c5 --data ~/.zoolab/data/photos --out photos.csv"})
public final class FeaturesCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "A run directory, a model file, or a zoo name (untrained).")
    String model;

    @Option(names = "--layer", required = true, paramLabel = "NAME", description = "The layer whose output is the embedding.")
    String layer;

    @Option(names = "--data", required = true, paramLabel = "DIR|NAME", description = "A folder of images (class folders give labels) or mnist / fashion-mnist.")
    String data;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The CSV to write.")
    Path out;

    @Option(names = "--split", defaultValue = "test", paramLabel = "train|test", description = "For a data set: which split (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N", description = "For a data set: the first N images only (default: all).")
    int limit;

    @Option(names = "--pool", defaultValue = "none", paramLabel = "none|avg|max", description = "Convolution maps: flatten, or one number per channel (default: ${DEFAULT-VALUE}).")
    String pool;

    @Option(names = "--batch", defaultValue = "64", paramLabel = "B", description = "Images per batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where data sets live.")
    Path dataDir;

    @Override
    public Integer call() {
        PrintStream o = System.out;
        FeatureExtractor.Pool p = switch (pool.toLowerCase(Locale.ROOT)) {
            case "none" -> FeatureExtractor.Pool.NONE;
            case "avg", "mean" -> FeatureExtractor.Pool.AVG;
            case "max" -> FeatureExtractor.Pool.MAX;
            default -> throw new BadInputException("--pool " + pool + ": expected none, avg or max");
        };
        if (batch < 1) throw new BadInputException("--batch must be at least 1, got " + batch);
        ModelSource m = ModelSource.load(model);
        FeatureExtractor fx = new FeatureExtractor(m, layer, p);
        long t0 = System.nanoTime();
        long[] last = {0};
        FeatureExtractor.Progress progress = (done, total) -> {
            long now = System.nanoTime();
            if (done == total || now - last[0] > 2_000_000_000L) {
                last[0] = now;
                o.printf(Locale.ROOT, "  %,d / %,d images (%.0f%%)%n", done, total, 100.0 * done / Math.max(1, total));
            }
        };
        FeatureExtractor.Summary s;
        if (Files.isDirectory(Path.of(data))) {
            s = fx.extract(FeatureExtractor.scan(Path.of(data)), batch, out, progress);
        } else {
            Split sp = switch (split) {
                case "train" -> Split.TRAIN;
                case "test" -> Split.TEST;
                default -> throw new BadInputException("--split " + split + ": expected train or test");
            };
            s = fx.extract(data, sp, limit, dataDir, batch, out, progress);
        }
        double sec = (System.nanoTime() - t0) / 1e9;
        o.printf(Locale.ROOT, "%-8s %s, layer %s%n", "model", m.from(), layer);
        o.printf(Locale.ROOT, "%-8s %,d images x %,d features in %.1f s (%.0f images/s)%n", "features", s.images(), s.dims(), sec, s.images() / sec);
        if (!s.skipped().isEmpty()) {
            o.printf(Locale.ROOT, "%-8s %d files are not readable images: %s%n", "skipped", s.skipped().size(),
                    String.join(", ", s.skipped().subList(0, Math.min(5, s.skipped().size()))) + (s.skipped().size() > 5 ? ", ..." : ""));
        }
        o.printf(Locale.ROOT, "%-8s %s%n", "wrote", out);
        return Main.EXIT_OK;
    }
}
