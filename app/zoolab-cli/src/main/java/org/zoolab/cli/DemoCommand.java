package org.zoolab.cli;

import org.zoolab.train.DataSources;
import org.zoolab.train.EvaluationResult;
import org.zoolab.train.Evaluator;
import org.zoolab.train.Experiment;
import org.zoolab.train.ExperimentRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code zoolab demo}: LeNet-5 on MNIST for one epoch, end to end. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Fetch MNIST if missing, train LeNet-5 (1x32x32, MNIST padded by 2) with its recipe for one epoch, report test accuracy.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "1", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where data sets live (default: $ZOOLAB_DATA or ~/.zoolab/data).")
    Path dataDir;

    @Option(names = "--out", paramLabel = "DIR", description = "Run directory (default: runs/demo-lenet5-mnist-TIME).")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintStream o = System.out;
        String where = DataSources.ensureInstalled("mnist", dataDir, line -> o.printf(Locale.ROOT, "%-8s %s%n", "data", line));
        o.printf(Locale.ROOT, "%-8s %s%n", "data", where);
        Experiment e = new Experiment("lenet5", "mnist", null, null, null, epochs, null, null, Experiment.DEFAULT_SEED,
                Experiment.DEFAULT_HOLDOUT, Experiment.Checkpoints.DEFAULT, null);
        Path dir = out != null ? out : Path.of("runs", "demo-" + ExperimentRunner.defaultRunDirectory(e).getFileName());
        ExperimentRunner.Prepared p = ExperimentRunner.start(e, dir, dataDir);
        o.printf(Locale.ROOT, "%-8s LeNet-5, %s recipe: %s%n", "train", p.recipe().name(), p.recipe().summary());
        TrainCommand runner = new TrainCommand();
        int code = runner.run(p, o, dataDir, true);
        if (code != Main.EXIT_OK) return code;
        var in = p.input();
        long t0 = System.nanoTime();
        EvaluationResult r = new Evaluator(p.trainer().graph()).evaluate(DataSources.test("mnist", dataDir, 256, in.pad()), in.classNames());
        o.printf(Locale.ROOT, "%-8s top-1 %.2f%%  top-5 %.2f%%  (%,d MNIST test images, %.1f s)%n", "test", 100 * r.top1(), 100 * r.top5(),
                r.examples(), (System.nanoTime() - t0) / 1e9);
        o.printf(Locale.ROOT, "%-8s %s of training%n", "time", ProgressDisplay.clock(Math.round(p.trainer().state().elapsedSeconds())));
        o.printf(Locale.ROOT, "%-8s %s  (model.zip, metrics.csv, plots/, train.log)%n", "run", dir);
        return Main.EXIT_OK;
    }
}
