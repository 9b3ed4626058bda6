package org.zoolab.train;

import org.zoolab.BadInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The layout of a run directory:
 * <pre>
 * experiment.yaml          the resolved, complete experiment (re-running it reproduces the run)
 * metrics.csv              per-step and per-epoch metrics ({@link MetricsLog})
 * train.log                what happened, in words
 * checkpoints/epoch-0003-iter-00001407.zip   the last N checkpoints (weights, updater state, run state)
 * best.zip                 the checkpoint with the best validation top-1
 * model.zip                the final model
 * plots/loss.png, accuracy.png, lr.png
 * eval/                    evaluation results (confusion matrix CSV and PNG, per-class accuracy)
 * </pre>
 */
public final class RunDirectory {
    private static final Pattern CHECKPOINT = Pattern.compile("epoch-(\\d+)-iter-(\\d+)\\.zip");
    private final Path root;

    private RunDirectory(Path root) {
        this.root = root;
    }

    /** Creates a new run directory; refuses one that already holds a run. */
    public static RunDirectory create(Path root) {
        if (Files.exists(root.resolve("experiment.yaml")) || Files.exists(root.resolve("metrics.csv"))) {
            throw new BadInputException(root + " already holds a run; resume it with --resume " + root + " or choose another --out");
        }
        try {
            Files.createDirectories(root.resolve("checkpoints"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + root, e);
        }
        return new RunDirectory(root);
    }

    /** Opens an existing run directory. */
    public static RunDirectory open(Path root) {
        if (!Files.isDirectory(root)) {
            throw new BadInputException(root + ": no such run directory");
        }
        if (!Files.exists(root.resolve("experiment.yaml")) && !Files.isDirectory(root.resolve("checkpoints"))) {
            throw new BadInputException(root + " is not a zoolab run directory (no experiment.yaml or checkpoints/)");
        }
        return new RunDirectory(root);
    }

    public Path root() {
        return root;
    }

    public Path experiment() {
        return root.resolve("experiment.yaml");
    }

    public Path metrics() {
        return root.resolve("metrics.csv");
    }

    public Path log() {
        return root.resolve("train.log");
    }

    public Path checkpoints() {
        return root.resolve("checkpoints");
    }

    public Path best() {
        return root.resolve("best.zip");
    }

    public Path finalModel() {
        return root.resolve("model.zip");
    }

    public Path plots() {
        return root.resolve("plots");
    }

    public Path eval() {
        return root.resolve("eval");
    }

    /** The checkpoint file name for a point of training. */
    public Path checkpoint(int epoch, int iteration) {
        return checkpoints().resolve(String.format("epoch-%04d-iter-%08d.zip", epoch, iteration));
    }

    /** Checkpoints, oldest first (by iteration). */
    public List<Path> listCheckpoints() {
        if (!Files.isDirectory(checkpoints())) return List.of();
        try (var files = Files.list(checkpoints())) {
            return files.filter(p -> CHECKPOINT.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparingLong(RunDirectory::iterationOf)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + checkpoints(), e);
        }
    }

    /** The newest checkpoint, if any. */
    public Optional<Path> latestCheckpoint() {
        List<Path> all = listCheckpoints();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** The model a finished or stopped run offers for evaluation: model.zip, else best.zip, else the latest checkpoint. */
    public Path modelForEvaluation() {
        if (Files.exists(finalModel())) return finalModel();
        if (Files.exists(best())) return best();
        return latestCheckpoint().orElseThrow(() -> new BadInputException(root + " has no model yet (no model.zip, best.zip or checkpoint)"));
    }

    static long iterationOf(Path checkpoint) {
        Matcher m = CHECKPOINT.matcher(checkpoint.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(2)) : -1;
    }
}
