package org.zoolab.cli;

import org.zoolab.BadInputException;
import org.zoolab.distributed.DataParallelFitter;
import org.zoolab.generative.GenerativeData;
import org.zoolab.generative.GenerativeOptions;
import org.zoolab.generative.GenerativeRun;
import org.zoolab.generative.GenerativeTraining;
import org.zoolab.train.EarlyStopping;
import org.zoolab.train.Experiment;
import org.zoolab.train.ExperimentRunner;
import org.zoolab.train.Schedule;
import org.zoolab.train.TrainingResult;
import org.zoolab.viz.LiveView;
import org.zoolab.viz.TrainingCurves;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code zoolab train}: a new run, a run from an experiment file, or the continuation of a run. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a zoo model on a data set with its paper's recipe, into a run directory.",
                "  zoolab train lenet5 --data mnist",
                "  zoolab train --experiment exp.yaml",
                "  zoolab train lenet5 --data mnist --workers 2",
                "  zoolab train --resume runs/lenet5-mnist-20261122-210000"})
public final class TrainCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", description = "Zoo model name (zoolab models) or a model file to start from.")
    String model;

    @Option(names = "--data", paramLabel = "NAME|DIR", description = "mnist, fashion-mnist, cifar10, synthetic, or an image directory.")
    String data;

    @Option(names = "--pipeline", paramLabel = "P", description = "Image pipeline for an image directory: a name (alexnet, vgg, resnet, ...) or a .yaml file (docs/pipelines.md).")
    String pipeline;

    @Option(names = "--strict", description = "With a pipeline: stop at the first bad image file (path and reason) instead of skipping and listing it.")
    boolean strict;

    @Option(names = "--experiment", paramLabel = "FILE", description = "Experiment YAML (model, data, pipeline, recipe); options given here override it.")
    Path experiment;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue a stopped or crashed run exactly where its last checkpoint left it.")
    Path resume;

    @Option(names = "--recipe", paramLabel = "NAME", description = "Recipe from zoo-configs/recipes.yaml (default: the model's).")
    String recipe;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs (default: the recipe's). With --resume: train longer.")
    Integer epochs;

    @Option(names = "--batch", paramLabel = "B", description = "Minibatch size (default: the recipe's).")
    Integer batch;

    @Option(names = "--lr", paramLabel = "RATE", description = "Initial learning rate (default: the recipe's).")
    Double lr;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of weights, data order and dropout (default: 42).")
    Long seed;

    @Option(names = "--classifier", paramLabel = "FILE", description = "GANs: the LeNet-5 checkpoint for LeNet-FID and class coverage (default: trained on the data set at the start, lenet5-fid.zip in the run).")
    Path classifier;

    @Option(names = "--holdout", paramLabel = "N", description = "Training examples held out for validation (default: 5000; 0 validates on the test split).")
    Integer holdout;

    @Option(names = "--out", paramLabel = "DIR", description = "Run directory (default: runs/MODEL-DATA-TIME).")
    Path out;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where data sets live (default: $ZOOLAB_DATA or ~/.zoolab/data).")
    Path dataDir;

    @Option(names = "--checkpoint-every", paramLabel = "N", description = "Also checkpoint every N iterations (default: epoch ends only).")
    Integer checkpointEvery;

    @Option(names = "--keep", paramLabel = "N", description = "Checkpoints to keep besides best.zip (default: 3).")
    Integer keep;

    @Option(names = "--early-stop", paramLabel = "METRIC:PATIENCE", description = "Stop when val_top1 or val_loss has not improved for PATIENCE epochs, e.g. val_top1:5.")
    String earlyStop;

    @Option(names = "--workers", paramLabel = "N", description = "Train N model replicas at once on this machine (DL4J ParallelWrapper; default: 1, the plain loop).")
    Integer workers;

    @Option(names = "--parallel-mode", paramLabel = "MODE", description = "With --workers: sharing (threshold-encoded updates after every step, the default) or averaging.")
    String parallelMode;

    @Option(names = "--averaging-frequency", paramLabel = "K", description = "With --parallel-mode averaging: average the replicas every K rounds (default: 1).")
    Integer averagingFrequency;

    @Option(names = "--threshold", paramLabel = "T", description = "With --parallel-mode sharing: initial encoding threshold, about one step's size (default: 1e-3).")
    Double threshold;

    @Option(names = "--ui", description = "Serve a live view of the run in the browser.")
    boolean ui;

    @Option(names = "--ui-host", paramLabel = "ADDR", defaultValue = "127.0.0.1", description = "Address of the live view (default: ${DEFAULT-VALUE}, this machine only).")
    String uiHost;

    @Option(names = "--ui-port", paramLabel = "PORT", defaultValue = "9000", description = "Port of the live view (default: ${DEFAULT-VALUE}).")
    int uiPort;

    @Override
    public Integer call() throws Exception {
        PrintStream o = System.out;
        // an unknown model or a broken table says so first (Zoo.info), then the refusal
        if (classifier != null && (model == null || !org.zoolab.zoo.Zoo.info(model).family().equals("gan"))) {
            throw new BadInputException("--classifier goes with training a GAN named here (train gan|dcgan): it names the LeNet-5 behind LeNet-FID"
                    + (model == null ? "" : "; " + model + " has no use for it"));
        }
        if (resume != null ? GenerativeRun.isRunDirectory(resume) : model != null && GenerativeTraining.handles(model)) {
            return generative(o);
        }
        ExperimentRunner.Prepared p;
        if (resume != null) {
            if (model != null || data != null || experiment != null || recipe != null || batch != null || lr != null || seed != null
                    || holdout != null || out != null || pipeline != null || workers != null || parallelMode != null
                    || averagingFrequency != null || threshold != null) {
                throw new BadInputException("--resume continues a run as it was (its workers too): only --epochs, --data-dir, --strict and --ui may go with it");
            }
            p = ExperimentRunner.resume(resume, dataDir, epochs, strict);
        } else {
            Experiment e = experiment();
            Path dir = out != null ? out : ExperimentRunner.defaultRunDirectory(e);
            p = ExperimentRunner.start(e, dir, dataDir, strict);
        }
        return run(p, o, dataDir, false);
    }

    /** vae, vae-2d, gan, dcgan: alternating or ELBO training in org.zoolab.generative, with its own run files. */
    private int generative(PrintStream o) {
        Path root;
        if (resume != null) {
            if (model != null || data != null || experiment != null || recipe != null || batch != null || lr != null || seed != null
                    || out != null || pipeline != null) {
                throw new BadInputException("--resume continues a run as it was: only --epochs and --data-dir may go with it");
            }
            root = GenerativeTraining.resume(resume, epochs, dataDir);
        } else {
            if (experiment != null || recipe != null || pipeline != null || holdout != null || earlyStop != null
                    || checkpointEvery != null || keep != null || ui || workers != null || parallelMode != null
                    || averagingFrequency != null || threshold != null) {
                throw new BadInputException(model + " is a generative model: --experiment, --recipe, --pipeline, --holdout, "
                        + "--early-stop, --checkpoint-every, --keep, --workers and --ui do not apply; its settings are in zoo-configs/"
                        + (org.zoolab.zoo.Zoo.info(model).family()) + ".yaml");
            }
            if (data == null) throw new BadInputException("no data: give --data mnist or --data fashion-mnist");
            Path dir = out != null ? out : Path.of("runs", org.zoolab.zoo.Zoo.info(model).name() + "-" + data + "-"
                    + java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            GenerativeOptions.Builder b = GenerativeOptions.builder(model, dir);
            if (epochs != null) b.epochs(epochs);
            if (batch != null) b.batch(batch);
            if (lr != null) b.learningRate(lr);
            if (seed != null) b.seed(seed);
            if (classifier != null) b.classifier(classifier);
            o.printf(Locale.ROOT, "%-8s %s%n", "run", dir);
            root = GenerativeTraining.train(b.build(), GenerativeData.load(data, dataDir));
        }
        o.printf(Locale.ROOT, "%-8s %s (metrics.csv, samples/, checkpoint.zip)%n", "done", root);
        o.printf(Locale.ROOT, "%-8s zoolab generate %s --n 64 --out grid.png%n", "next", root);
        return Main.EXIT_OK;
    }

    /** Runs a prepared training with console progress, Ctrl-C handling, the live view and plots; returns the exit code. */
    int run(ExperimentRunner.Prepared p, PrintStream o, Path dataDir, boolean quiet) throws Exception {
        var in = p.input();
        if (!quiet) {
            o.printf(Locale.ROOT, "%-8s %s  input %dx%dx%d%s, %d classes%n", "model", p.experiment().model(), in.channels(), in.height(), in.width(),
                    in.pad() > 0 ? " (" + p.experiment().data() + " padded by " + in.pad() + ")" : "", in.classNames().size());
            o.printf(Locale.ROOT, "%-8s %s: %,d training images; validation: %s%n", "data", p.experiment().data(),
                    p.data().train().examples(), p.data().validationSource());
            o.printf(Locale.ROOT, "%-8s %s: %s%n", "recipe", p.recipe().name(), p.recipe().summary());
            o.printf(Locale.ROOT, "%-8s %s%n", "run", p.trainer().runDirectory().root());
        }
        var st = p.trainer().state();
        if (st.iteration() > 0) {
            o.printf(Locale.ROOT, "%-8s from %s (epoch %d, batch %d, iteration %d)%n", "resumed",
                    p.trainer().runDirectory().root().relativize(p.trainer().runDirectory().latestCheckpoint().orElseThrow()),
                    st.epoch() + 1, st.batchInEpoch(), st.iteration());
        }
        LiveView view = null;
        if (ui) {
            try {
                view = LiveView.start(uiHost, uiPort);
            } catch (java.net.BindException e) {
                throw new BadInputException("--ui-port " + uiPort + " on " + uiHost + " is in use; choose another port (0: any free port)");
            }
            p.trainer().addListener(view);
            o.printf(Locale.ROOT, "%-8s %s%s%n", "ui", view.url(), uiHost.equals("127.0.0.1") || uiHost.equals("localhost")
                    ? " (this machine only; --ui-host 0.0.0.0 to share it)" : " (reachable from other machines)");
        }
        var par = p.experiment().parallel();
        DataParallelFitter fitter = null;
        if (par != null) {
            fitter = DataParallelFitter.of(par);
            p.trainer().withEpochFitter(fitter);
            if (!quiet) {
                o.printf(Locale.ROOT, "%-8s %d, %s%s; effective batch %d%n", "workers", par.workers(), par.mode(),
                        par.mode().equals(org.zoolab.train.Experiment.Parallel.AVERAGING)
                                ? " every " + par.averagingFrequency() + " round" + (par.averagingFrequency() == 1 ? "" : "s")
                                : String.format(Locale.ROOT, " (threshold %.3g)", par.threshold()),
                        par.workers() * p.recipe().batch());
            }
        }
        p.trainer().addListener(new ProgressDisplay(o, ProgressDisplay.isTerminal()));
        // Ctrl-C (SIGINT) and a plain kill (SIGTERM, what timeout, schedulers and container stops send): finish the
        // step, write a checkpoint, exit cleanly; the same signal again quits at once. A JVM started with SIGINT
        // ignored (a background job of a non-interactive shell) never sees Ctrl-C, but still gets SIGTERM.
        java.util.Map<String, sun.misc.SignalHandler> previous = new java.util.LinkedHashMap<>();
        boolean[] asked = {false};
        sun.misc.SignalHandler stop = sig -> {
            if (asked[0]) {
                System.err.println("\nzoolab: stopping now, without a checkpoint");
                Runtime.getRuntime().halt(128 + sig.getNumber());
            }
            asked[0] = true;
            System.err.println("\nzoolab: " + sig.getName() + ": writing a checkpoint after this step (Ctrl-C again to quit at once)");
            p.trainer().requestStop();
        };
        for (String name : new String[]{"INT", "TERM"}) {
            try {
                previous.put(name, sun.misc.Signal.handle(new sun.misc.Signal(name), stop));
            } catch (IllegalArgumentException e) {
                // not available on this platform or reserved by the VM (-Xrs)
            }
        }
        TrainingResult r;
        try {
            r = p.trainer().fit();
        } finally {
            previous.forEach((name, handler) -> sun.misc.Signal.handle(new sun.misc.Signal(name), handler));
            if (view != null) view.close();
            if (fitter != null) fitter.close();
        }
        Path root = r.runDir();
        TrainingCurves.write(root.resolve("metrics.csv"), root.resolve("plots"));
        var s = p.trainer().state();
        if (r.status() == TrainingResult.Status.INTERRUPTED) {
            o.printf(Locale.ROOT, "%-8s at epoch %d, iteration %d; checkpoint %s%n", "stopped", s.epoch() + 1, r.iterations(), r.model());
            o.printf(Locale.ROOT, "%-8s zoolab train --resume %s%n", "resume", root);
            return 130;
        }
        if (!quiet) {
            o.printf(Locale.ROOT, "%-8s %d epochs, %d iterations in %s%s%s%n", "done", r.epochsDone(), r.iterations(),
                    ProgressDisplay.clock(Math.round(r.seconds())),
                    r.status() == TrainingResult.Status.EARLY_STOPPED ? " (stopped early)" : "",
                    Double.isNaN(s.bestTop1()) ? "" : String.format(Locale.ROOT, "; best validation top-1 %.2f%% (epoch %d)", 100 * s.bestTop1(), s.bestEpoch()));
            o.printf(Locale.ROOT, "%-8s %s%n", "model", r.model());
            o.printf(Locale.ROOT, "%-8s %s%n", "plots", root.resolve("plots"));
        }
        return Main.EXIT_OK;
    }

    private Experiment experiment() {
        Experiment base = experiment != null ? Experiment.read(experiment) : null;
        String m = model != null ? model : base != null ? base.model() : null;
        String d = data != null ? data : base != null ? base.data() : null;
        if (m == null) throw new BadInputException("no model: give MODEL (see zoolab models) or --experiment FILE");
        if (d == null) throw new BadInputException("no data: give --data NAME|DIR (mnist, fashion-mnist, cifar10, synthetic)");
        EarlyStopping es = base != null ? base.earlyStopping() : null;
        if (earlyStop != null) es = parseEarlyStop(earlyStop);
        Experiment.Checkpoints ck = base != null ? base.checkpoints() : Experiment.Checkpoints.DEFAULT;
        if (checkpointEvery != null || keep != null) {
            ck = new Experiment.Checkpoints(keep != null ? keep : ck.keepLast(), checkpointEvery != null ? checkpointEvery : ck.every());
        }
        String recipeName = recipe != null ? recipe : base != null ? base.recipeName() : null;
        var fullRecipe = recipe == null && base != null ? base.recipe() : null;
        Experiment.Parallel par = parallel(base != null ? base.parallel() : null);
        return new Experiment(m, d, pipeline != null ? pipeline : base != null ? base.pipeline() : null, recipeName, fullRecipe,
                epochs != null ? epochs : base != null ? base.epochs() : null,
                batch != null ? batch : base != null ? base.batch() : null,
                lr != null ? lr : base != null ? base.lr() : null,
                seed != null ? seed : base != null ? base.seed() : Experiment.DEFAULT_SEED,
                holdout != null ? holdout : base != null ? base.holdout() : Experiment.DEFAULT_HOLDOUT, ck, es, par);
    }

    /** The data-parallel settings: the options given here over those of the experiment file; null for one worker. */
    private Experiment.Parallel parallel(Experiment.Parallel base) {
        if (workers != null && workers < 1) {
            throw new BadInputException("--workers must be at least 1 (1: the plain single-threaded loop), got " + workers);
        }
        if (averagingFrequency != null && averagingFrequency < 1) {
            throw new BadInputException("--averaging-frequency must be at least 1, got " + averagingFrequency);
        }
        if (threshold != null && !(threshold > 0 && Double.isFinite(threshold))) {
            throw new BadInputException("--threshold must be a positive number, got " + threshold);
        }
        String mode = parallelMode == null ? null : parallelMode.trim().toLowerCase(Locale.ROOT);
        if (mode != null && !mode.equals(Experiment.Parallel.SHARING) && !mode.equals(Experiment.Parallel.AVERAGING)) {
            throw new BadInputException("--parallel-mode: unknown mode '" + parallelMode + "'; expected sharing or averaging");
        }
        int n = workers != null ? workers : base != null ? base.workers() : 1;
        if (n == 1) {
            if (parallelMode != null || averagingFrequency != null || threshold != null) {
                throw new BadInputException("--parallel-mode, --averaging-frequency and --threshold go with --workers N (N >= 2)");
            }
            return null;
        }
        return new Experiment.Parallel(n, mode != null ? mode : base != null ? base.mode() : null,
                averagingFrequency != null ? averagingFrequency : base != null ? base.averagingFrequency() : null,
                threshold != null ? threshold : base != null ? base.threshold() : null);
    }

    static EarlyStopping parseEarlyStop(String s) {
        String[] parts = s.split(":");
        if (parts.length != 2) throw new BadInputException("--early-stop " + s + ": expected METRIC:PATIENCE, e.g. val_top1:5");
        Schedule.Metric metric = switch (parts[0]) {
            case "val_top1" -> Schedule.Metric.VAL_TOP1;
            case "val_loss" -> Schedule.Metric.VAL_LOSS;
            default -> throw new BadInputException("--early-stop " + s + ": metric must be val_top1 or val_loss");
        };
        try {
            return new EarlyStopping(metric, Integer.parseInt(parts[1]), 0.0);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--early-stop " + s + ": patience must be an integer >= 1");
        }
    }
}
