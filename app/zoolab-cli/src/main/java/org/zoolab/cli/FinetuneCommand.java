package org.zoolab.cli;

import org.zoolab.train.DataSources;
import org.zoolab.train.Experiment;
import org.zoolab.train.FineTuner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code zoolab finetune}: transfer a trained network to another data set with DL4J's TransferLearning API. */
@Command(name = "finetune", mixinStandardHelpOptions = true,
        description = {"Fine-tune a trained network on another data set: new classifier, optional frozen layers, own head rate.",
                "The result is a normal run directory: zoolab eval, predict and train --resume work on it.",
                "  zoolab finetune --from runs/lenet5-mnist-20261122-210000 --data fashion-mnist --freeze-until c5 --head-lr 0.01"})
public final class FinetuneCommand implements Callable<Integer> {

    @Option(names = "--from", required = true, paramLabel = "RUN_DIR|MODEL", description = "The trained network: a run directory, a model file, or a zoo name (untrained).")
    String from;

    @Option(names = "--data", required = true, paramLabel = "NAME", description = "The new task's data: mnist, fashion-mnist, cifar10, synthetic.")
    String data;

    @Option(names = "--classes", paramLabel = "N", description = "Classes of the new head (default: the data's).")
    Integer classes;

    @Option(names = "--freeze-until", paramLabel = "LAYER", description = "Freeze this layer and everything before it (default: nothing frozen).")
    String freezeUntil;

    @Option(names = "--head-lr", paramLabel = "RATE", description = "Learning rate of the new classifier (default: the recipe's).")
    Double headLr;

    @Option(names = "--recipe", paramLabel = "NAME", description = "Recipe for the trainable layers (default: 'default').")
    String recipe;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs (default: the recipe's).")
    Integer epochs;

    @Option(names = "--batch", paramLabel = "B", description = "Batch size (default: the recipe's).")
    Integer batch;

    @Option(names = "--lr", paramLabel = "RATE", description = "Learning rate of the trainable body layers (default: the recipe's).")
    Double lr;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--holdout", defaultValue = "5000", paramLabel = "N", description = "Training examples held out for validation (default: ${DEFAULT-VALUE}).")
    int holdout;

    @Option(names = "--out", paramLabel = "DIR", description = "Run directory (default: runs/finetune-DATA-TIME).")
    Path out;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where data sets live.")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        PrintStream o = System.out;
        int n = classes != null ? classes : DataSources.shape(data, dataDir).numClasses();
        FineTuner.Plan plan = new FineTuner.Plan(from, freezeUntil, n, headLr);
        Experiment base = new Experiment(from, data, null, recipe != null ? recipe : "default", null, epochs, batch, lr, seed, holdout,
                Experiment.Checkpoints.DEFAULT, null);
        Path dir = out != null ? out : Path.of("runs", "finetune-" + Path.of(data).getFileName() + "-"
                + java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        FineTuner.CliRun r = FineTuner.prepare(from, plan, base, dir, dataDir);
        o.printf(Locale.ROOT, "%-8s %s%n", "from", r.source().from());
        o.printf(Locale.ROOT, "%-8s %s%n", "frozen", r.transfer().frozen().isEmpty() ? "nothing" : String.join(", ", r.transfer().frozen()));
        o.printf(Locale.ROOT, "%-8s %s (new head '%s': %d classes, lr %s)%n", "trained", String.join(", ", r.transfer().trained()),
                r.transfer().head(), n, headLr != null ? headLr : r.run().recipe().lr());
        return new TrainCommand().run(r.run(), o, dataDir, false);
    }
}
