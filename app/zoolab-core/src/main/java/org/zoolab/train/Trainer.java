package org.zoolab.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.schedule.ISchedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zoolab.io.AtomicFiles;
import org.zoolab.BadInputException;
import org.zoolab.backend.OneDnnHelpers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Trains a {@link ComputationGraph} with a {@link Recipe} into a {@link RunDirectory}: metrics.csv, train.log ({@link RunLog}),
 * atomic checkpoints at the end of every epoch (and every {@code checkpointEvery} iterations), the best model
 * by validation top-1, and the final model.
 * <p>
 * <b>Exact resume.</b> {@link #resume} continues from the newest checkpoint with the same weights, updater state,
 * schedule position (DL4J's iteration and epoch counters live in the saved configuration; a plateau schedule's
 * and a {@link Warmup}'s state in the run state), data order ({@link EpochData} is a function of the epoch; batches already trained in
 * the epoch are skipped) and random numbers (ND4J's generator is re-seeded from the run seed and the iteration
 * before every update, so dropout masks depend only on where training is). On the CPU backend a run stopped
 * and resumed ends with bit-identical weights to one that never stopped.
 * <p>
 * <b>Guards.</b> A NaN or infinite loss stops the run with {@link TrainingDivergedException}; nothing is written
 * after the bad step, so the newest checkpoint is the last good one. Optional {@link EarlyStopping}.
 * {@link #requestStop()} (Ctrl-C in the CLI) writes a checkpoint after the current step and returns.
 */
public final class Trainer {
    private static final Logger log = LoggerFactory.getLogger(Trainer.class);
    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    /**
     * How a run is driven.
     *
     * @param seed            seeds the random numbers of every step (data order is the data's own seed)
     * @param keepLast        how many epoch/iteration checkpoints to keep (best.zip is kept besides)
     * @param checkpointEvery also checkpoint every this many iterations (0: only at epoch ends)
     * @param logEvery        write a step row to metrics.csv every this many iterations
     * @param earlyStopping   optional early stopping, or null
     * @param input           the model's input and class names, stored in every model file; or null
     */
    public record Options(long seed, int keepLast, int checkpointEvery, int logEvery, EarlyStopping earlyStopping,
                          ModelInput input) {
        public Options {
            if (keepLast < 1) throw new BadInputException("keepLast must be >= 1, got " + keepLast);
            if (checkpointEvery < 0) throw new BadInputException("checkpointEvery must be >= 0, got " + checkpointEvery);
            if (logEvery < 1) throw new BadInputException("logEvery must be >= 1, got " + logEvery);
        }

        public static Options defaults(long seed) {
            return new Options(seed, 3, 0, 10, null, null);
        }

        public Options withCheckpointEvery(int n) {
            return new Options(seed, keepLast, n, logEvery, earlyStopping, input);
        }

        public Options withEarlyStopping(EarlyStopping e) {
            return new Options(seed, keepLast, checkpointEvery, logEvery, e, input);
        }

        public Options withInput(ModelInput in) {
            return new Options(seed, keepLast, checkpointEvery, logEvery, earlyStopping, in);
        }

        /** Class names for evaluation, or null. */
        public List<String> classNames() {
            return input == null || input.classNames().isEmpty() ? null : input.classNames();
        }

        public Options withLogEvery(int n) {
            return new Options(seed, keepLast, checkpointEvery, n, earlyStopping, input);
        }

        public Options withKeepLast(int n) {
            return new Options(seed, n, checkpointEvery, logEvery, earlyStopping, input);
        }
    }

    private final ComputationGraph graph;
    private final Recipe recipe;
    private final EpochData train;
    private final DataSetIterator validation;
    private final RunDirectory dir;
    private final Options options;
    private final boolean resumed;
    private final List<RunListener> listeners = new ArrayList<>();
    private final PlateauScheduler plateau;
    private TrainingState state;
    private EvaluationResult lastValidation;
    private volatile boolean stopRequested;
    private UnaryOperator<java.io.OutputStream> checkpointStream = UnaryOperator.identity();
    private ExtraMetrics extraMetrics;
    private EpochFitter fitter;
    private final RunLog runLog;
    /** When this session of {@link #fit()} began, and the training time of the sessions before it. */
    private long sessionStart;
    private double elapsedBefore;

    private Trainer(ComputationGraph graph, Recipe recipe, EpochData train, DataSetIterator validation, RunDirectory dir,
                    Options options, TrainingState state, boolean resumed) {
        this.graph = graph;
        this.recipe = recipe;
        this.train = train;
        this.validation = validation;
        this.dir = dir;
        this.options = options;
        this.state = state;
        this.resumed = resumed;
        this.runLog = RunLog.of(dir);
        this.plateau = recipe.schedule().type() == Schedule.Type.PLATEAU
                ? new PlateauScheduler(recipe.schedule(), state.plateau()) : null;
        if (InputConvolutionBackprop.enabledByDefault()) {
            List<String> layers = InputConvolutionBackprop.install(graph);
            if (!layers.isEmpty()) log.debug("no input gradient for {} (InputConvolutionBackprop)", layers);
        }
    }

    /**
     * A new run: applies the recipe to {@code conf}, initialises the weights (from the configuration's seed) and
     * prepares {@code dir}.
     */
    public static Trainer start(ComputationGraphConfiguration conf, Recipe recipe, EpochData train,
                                DataSetIterator validation, RunDirectory dir, Options options) {
        OneDnnHelpers.enable();
        ComputationGraph graph = new ComputationGraph(recipe.applyTo(conf));
        graph.init();
        return start(graph, recipe, train, validation, dir, options);
    }

    /** A new run from a network already configured for training (its updater and regularisation are kept). */
    public static Trainer start(ComputationGraph graph, Recipe recipe, EpochData train, DataSetIterator validation,
                                RunDirectory dir, Options options) {
        PlateauScheduler.State p = recipe.schedule().type() == Schedule.Type.PLATEAU
                ? PlateauScheduler.start(recipe.schedule(), recipe.lr()).state() : null;
        EarlyStopping.State e = options.earlyStopping() != null ? EarlyStopping.State.START : null;
        Warmup.State w = recipe.warmup() != null ? Warmup.State.START : null;
        return new Trainer(graph, recipe, train, validation, dir, options, TrainingState.start(options.seed(), p, e, w), false);
    }

    /**
     * Continues a run from its newest checkpoint. {@code recipe}, {@code train} and {@code validation} must be
     * those of the run (the CLI rebuilds them from the run's experiment.yaml); the recipe's epoch count may be
     * larger to train longer.
     */
    public static Trainer resume(RunDirectory dir, Recipe recipe, EpochData train, DataSetIterator validation, Options options) {
        try {
            AtomicFiles.deleteStrayTemporaries(dir.checkpoints());
            AtomicFiles.deleteStrayTemporaries(dir.root());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + dir.root(), e);
        }
        Path ckpt = dir.latestCheckpoint().orElseThrow(() ->
                new BadInputException(dir.root() + " has no checkpoint to resume from (checkpoints/ is empty)"));
        ModelFile.Contents c = ModelFile.read(ckpt, true);
        String json = c.entries().get(ModelFile.STATE_ENTRY);
        if (json == null) {
            throw new BadInputException(ckpt + " is a model, not a zoolab checkpoint (no " + ModelFile.STATE_ENTRY + ")");
        }
        TrainingState s;
        try {
            s = JSON.readValue(json, TrainingState.class);
        } catch (JsonProcessingException e) {
            throw new BadInputException(ckpt + ": unreadable " + ModelFile.STATE_ENTRY + " (" + e.getOriginalMessage() + ")");
        }
        if (s.epoch() >= recipe.epochs()) {
            throw new BadInputException(dir.root() + " already finished its " + recipe.epochs()
                    + " epochs; to train longer, resume with a larger --epochs");
        }
        if (!c.hasUpdaterState()) {
            throw new BadInputException(ckpt + " has no updater state; cannot resume exactly");
        }
        MetricsLog.truncateAfter(dir.metrics(), s.iteration());
        Options o = new Options(s.seed(), options.keepLast(), options.checkpointEvery(), options.logEvery(),
                options.earlyStopping(), options.input());
        if (s.plateau() == null && recipe.schedule().type() == Schedule.Type.PLATEAU) {
            throw new BadInputException(ckpt + " was written without a plateau schedule; the recipe now has one");
        }
        if (s.warmingUp() && recipe.warmup() == null) {
            throw new BadInputException(ckpt + " was written during a warm-up; the recipe now has none");
        }
        Trainer t = new Trainer(c.graph(), recipe, train, validation, dir, o, s, true);
        t.note("resuming from " + dir.root().relativize(ckpt) + " (epoch " + (s.epoch() + 1) + ", batch " + s.batchInEpoch()
                + ", iteration " + s.iteration() + (s.warmingUp() ? ", in the warm-up" : "") + ")");
        if (s.warmup() == null && recipe.warmup() != null) {
            t.note("the checkpoint was written without a warm-up: the run goes on without one");
        }
        return t;
    }

    /** Extra per-epoch validation columns in metrics.csv (segmentation: mean IoU, Dice); set before {@link #fit()}. */
    public Trainer withExtraMetrics(ExtraMetrics m) {
        this.extraMetrics = m;
        return this;
    }

    /**
     * Trains through {@code f} (data-parallel: several replicas at once, {@code zoolab train --workers N}) instead
     * of one batch at a time on this thread; set before {@link #fit()}. Everything else stays: data order, metrics
     * (a step row counts one replica's update), validation, checkpoints, the NaN guard, stop requests and resume.
     * Not bit-reproducible: which replica takes which batch, and the order the updates meet, depend on thread timing.
     * The caller closes {@code f}.
     */
    public Trainer withEpochFitter(EpochFitter f) {
        if (state.warmingUp()) {
            throw new BadInputException("--workers " + f.workers() + ": recipe " + recipe.name() + " warms up ("
                    + recipe.warmup().describe() + "), which trains on one worker; leave out --workers");
        }
        long batches = train.batchesPerEpoch();
        if (f.workers() > batches) {
            throw new BadInputException("--workers " + f.workers() + ": an epoch has only " + batches + " batch"
                    + (batches == 1 ? "" : "es") + ", so at most " + batches + " workers can train at once");
        }
        this.fitter = f;
        return this;
    }

    public Trainer addListener(RunListener l) {
        listeners.add(l);
        return this;
    }

    /** The network being trained. */
    public ComputationGraph graph() {
        return graph;
    }

    public RunDirectory runDirectory() {
        return dir;
    }

    public TrainingState state() {
        return state;
    }

    /** Asks the run to write a checkpoint after the current step and return; safe from any thread. */
    public void requestStop() {
        stopRequested = true;
    }

    /** Tests: decorate the checkpoint file stream (a disk that fails mid-write). */
    void checkpointStream(UnaryOperator<java.io.OutputStream> wrap) {
        this.checkpointStream = wrap;
    }

    public Recipe recipe() {
        return recipe;
    }

    public Options options() {
        return options;
    }

    /** Trains until the last epoch, an early stop, or a stop request. */
    public TrainingResult fit() {
        if (!resumed) {
            note("run " + dir.root() + ": " + recipe.name() + " recipe, " + recipe.summary() + ", seed " + options.seed());
        }
        for (RunListener l : listeners) {
            l.started(new RunListener.Start(dir.root(), recipe.epochs(), train.batchesPerEpoch(), state.epoch(),
                    state.batchInEpoch(), resumed));
        }
        sessionStart = System.nanoTime();
        elapsedBefore = state.elapsedSeconds();
        if (state.warmingUp()) graph.setLearningRate(recipe.warmup().lr());
        TrainingResult.Status status = TrainingResult.Status.FINISHED;
        try (MetricsLog metrics = MetricsLog.open(dir.metrics(), extraMetrics == null ? List.of() : extraMetrics.columns())) {
            for (int epoch = state.epoch(); epoch < recipe.epochs() && status == TrainingResult.Status.FINISHED; epoch++) {
                StepWindow window = new StepWindow(metrics);
                long epochStart = System.nanoTime();
                boolean completed = trainEpoch(epoch, window);
                status = completed ? endOfEpoch(epoch, window.epochExamples, (System.nanoTime() - epochStart) / 1e9, metrics)
                        : stopAndCheckpoint(epoch);
            }
        }
        return finish(status);
    }

    /** Trains the rest of {@code epoch}; false when a stop request cut it short (nothing written yet). */
    private boolean trainEpoch(int epoch, StepWindow window) {
        ComputationGraphConfiguration conf = graph.getConfiguration();
        if (conf.getEpochCount() != epoch) conf.setEpochCount(epoch);
        DataSetIterator it = remainingBatches(epoch);
        return fitter != null ? new ParallelEpoch(epoch, window).run(it) : trainBatches(epoch, it, window);
    }

    /** A fresh iterator over {@code epoch} that skips the batches of it already trained. */
    private DataSetIterator remainingBatches(int epoch) {
        DataSetIterator it = train.epoch(epoch);
        for (int skip = 0; skip < state.batchInEpoch() && it.hasNext(); skip++) {
            it.next();
        }
        return it;
    }

    /** The plain loop: one batch at a time on this thread; false when a stop request cut it short. */
    private boolean trainBatches(int epoch, DataSetIterator it, StepWindow window) {
        while (it.hasNext()) {
            if (stopRequested) return false;
            DataSet ds = it.next();
            int iteration = graph.getConfiguration().getIterationCount();
            double lr = currentLr(iteration, epoch);
            double error = state.warmingUp() ? batchError(ds) : Double.NaN;
            Nd4j.getRandom().setSeed(stepSeed(state.seed(), iteration));
            fitOne(ds);
            double loss = graph.score();
            if (!Double.isFinite(loss)) {
                diverged(loss, epoch, iteration + 1, lr);
            }
            window.record(epoch, iteration, loss, lr, ds.getFeatures().size(0));
            if (state.warmingUp()) warmupStep(error, epoch);
            if (options.checkpointEvery() > 0 && (iteration + 1) % options.checkpointEvery() == 0 && it.hasNext()) {
                checkpointNow();
            }
        }
        return true;
    }

    /** A stop request: the state so far goes into a checkpoint, and the run returns. */
    private TrainingResult.Status stopAndCheckpoint(int epoch) {
        checkpointNow();
        note("stopped at epoch " + (epoch + 1) + ", batch " + state.batchInEpoch() + "; resume with --resume " + dir.root());
        return TrainingResult.Status.INTERRUPTED;
    }

    /**
     * The end of an epoch: validation, the best model, the plateau schedule and early stopping, the epoch row of
     * metrics.csv, the checkpoint, the log line and the listeners. Returns whether training goes on
     * ({@link TrainingResult.Status#FINISHED}: so far) or stops early.
     */
    private TrainingResult.Status endOfEpoch(int epoch, long examples, double seconds, MetricsLog metrics) {
        double trainLoss = state.batchInEpoch() == 0 ? Double.NaN : state.epochLossSum() / state.batchInEpoch();
        EvaluationResult val = validation == null ? null : new Evaluator(graph).evaluate(validation, options.classNames());
        lastValidation = val;
        int iteration = graph.getConfiguration().getIterationCount();
        // updates so far: with several workers the graph's own counter counts rounds (one batch per worker)
        int updates = fitter == null ? iteration : state.iteration();
        double lrUsed = currentLr(Math.max(0, iteration - 1), epoch);
        boolean newBest = val != null && (Double.isNaN(state.bestTop1()) || val.top1() > state.bestTop1());
        if (newBest) {
            state = state.withBest(val.top1(), epoch + 1);
        }
        if (plateau != null && val != null) {
            state = state.withPlateau(plateauStep(val));
        }
        boolean stopEarly = false;
        if (options.earlyStopping() != null && val != null) {
            EarlyStopping.State es = options.earlyStopping().update(
                    state.earlyStopping() == null ? EarlyStopping.State.START : state.earlyStopping(),
                    metricValue(options.earlyStopping().metric(), val));
            state = state.withEarlyStopping(es);
            stopEarly = options.earlyStopping().shouldStop(es);
        }
        graph.incrementEpochCount();
        double elapsed = elapsed();
        metrics.epoch(epoch + 1, updates, lrUsed, seconds > 0 ? examples / seconds : Double.NaN, trainLoss,
                val == null ? Double.NaN : val.loss(), val == null ? Double.NaN : val.top1(),
                val == null ? Double.NaN : val.top5(), elapsed,
                extraMetrics == null || val == null ? new double[0] : extraMetrics.values(val));
        state = state.afterEpoch(epoch, updates, epoch + 1 >= recipe.epochs() || stopEarly).withElapsedSeconds(elapsed);
        if (newBest) {
            writeModel(dir.best());
        }
        writeCheckpoint();
        note(String.format(Locale.ROOT, "epoch %d/%d: train loss %.4f%s, %.0f s", epoch + 1, recipe.epochs(), trainLoss,
                val == null ? "" : String.format(Locale.ROOT, ", val loss %.4f, top-1 %.2f%%, top-5 %.2f%%",
                        val.loss(), 100 * val.top1(), 100 * val.top5()), elapsed));
        RunListener.Epoch ev = new RunListener.Epoch(epoch + 1, trainLoss, val, currentLr(iteration, epoch + 1), elapsed);
        for (RunListener l : listeners) l.epochEnded(ev);
        if (!stopEarly) return TrainingResult.Status.FINISHED;
        note("early stop: " + options.earlyStopping().metric().key() + " did not improve for "
                + options.earlyStopping().patience() + " epochs");
        return TrainingResult.Status.EARLY_STOPPED;
    }

    /** The plateau schedule after this epoch's validation; a changed rate goes to the network and the log. */
    private PlateauScheduler.State plateauStep(EvaluationResult val) {
        double before = plateau.state().lr();
        double after = plateau.onEpochEnd(metricValue(plateau.metric(), val));
        if (after != before) {
            graph.setLearningRate(after);
            note(String.format(Locale.ROOT, "learning rate %.3g -> %.3g (%s did not improve for %d epochs)",
                    before, after, plateau.metric().key(), recipe.schedule().patience()));
        }
        return plateau.state();
    }

    /** The final model (unless interrupted), the log line and the result the listeners hear of. */
    private TrainingResult finish(TrainingResult.Status status) {
        Path model;
        if (status == TrainingResult.Status.INTERRUPTED) {
            model = dir.latestCheckpoint().orElseThrow();
        } else {
            writeModel(dir.finalModel());
            model = dir.finalModel();
            note("final model " + dir.root().relativize(model) + (Double.isNaN(state.bestTop1()) ? ""
                    : String.format(Locale.ROOT, "; best validation top-1 %.2f%% at epoch %d", 100 * state.bestTop1(), state.bestEpoch())));
        }
        TrainingResult result = new TrainingResult(status, dir.root(), state.epoch(),
                fitter == null ? graph.getConfiguration().getIterationCount() : state.iteration(),
                state.elapsedSeconds(), lastValidation, model);
        for (RunListener l : listeners) l.finished(result);
        return result;
    }

    /**
     * The rest of one epoch through the {@link EpochFitter}. The fitter is stopped for a stop request and at every
     * {@code checkpointEvery} updates (the round in flight finishes, so a checkpoint may come a few updates late),
     * then restarted on a fresh iterator of the epoch that skips the batches already trained.
     */
    private final class ParallelEpoch implements EpochFitter.StepObserver {
        private final int epoch;
        private final StepWindow window;
        private boolean cut;
        private boolean diverged;
        private double badLoss;
        private int badIteration;
        private double badLr;
        private RuntimeException failure;

        ParallelEpoch(int epoch, StepWindow window) {
            this.epoch = epoch;
            this.window = window;
        }

        /** Trains the epoch from {@code it} on; false when a stop request cut it short (nothing written yet). */
        boolean run(DataSetIterator it) {
            DataSetIterator batches = it;
            while (true) {
                if (stopRequested) return false;
                if (!batches.hasNext()) return true;
                synchronized (this) {
                    cut = false;
                }
                fitter.fit(graph, batches, this);
                synchronized (this) {
                    if (failure != null) throw failure;
                    if (diverged) diverged(badLoss, epoch, badIteration, badLr);
                    if (!cut) return true;
                }
                batches = remainingBatches(epoch);
                if (!batches.hasNext()) return true;
                if (stopRequested) return false;
                checkpointNow();
            }
        }

        @Override
        public synchronized void stepDone(double loss, long n, int modelIteration) {
            if (diverged || failure != null) return;
            try {
                int iteration = state.iteration();
                double lr = currentLr(modelIteration, epoch);
                if (!Double.isFinite(loss)) {
                    diverged = true;
                    badLoss = loss;
                    badIteration = iteration + 1;
                    badLr = lr;
                    fitter.stop();
                    return;
                }
                window.record(epoch, iteration, loss, lr, n);
                if (!cut && (stopRequested
                        || options.checkpointEvery() > 0 && (iteration + 1) % options.checkpointEvery() == 0)) {
                    cut = true;
                    fitter.stop();
                }
            } catch (RuntimeException e) {
                failure = e;
                fitter.stop();
            }
        }
    }

    /**
     * The bookkeeping after each training step, shared by the plain loop and {@link ParallelEpoch}: the state moves
     * on by one step, the listeners hear of it, and every {@code logEvery} steps metrics.csv gets a line whose
     * images/s is measured over the steps since the previous line. One window per epoch.
     */
    private final class StepWindow {
        private final MetricsLog metrics;
        private long start = System.nanoTime();
        private long examples;
        /** Examples trained in this epoch in this session. */
        long epochExamples;

        StepWindow(MetricsLog metrics) {
            this.metrics = metrics;
        }

        /** A finished step: {@code iteration} updates came before it, it saw {@code n} examples. */
        void record(int epoch, int iteration, double loss, double lr, long n) {
            examples += n;
            epochExamples += n;
            state = state.afterStep(epoch, loss, n);
            double elapsed = elapsed();
            double windowSeconds = (System.nanoTime() - start) / 1e9;
            double ips = windowSeconds > 0 ? examples / windowSeconds : 0;
            RunListener.Step step = new RunListener.Step(epoch + 1, state.batchInEpoch(), iteration + 1, loss, lr, ips);
            for (RunListener l : listeners) l.step(step);
            if ((iteration + 1) % options.logEvery() == 0) {
                metrics.step(epoch + 1, iteration + 1, loss, lr, ips, elapsed);
                start = System.nanoTime();
                examples = 0;
            }
        }
    }

    private void fitOne(DataSet ds) {
        int outputs = graph.getNumOutputArrays();
        if (graph.getNumInputArrays() == 1 && outputs == 1) {
            graph.fit(ds);
            return;
        }
        // auxiliary classifiers (GoogLeNet): every output learns the same labels
        INDArray[] labels = new INDArray[outputs];
        for (int i = 0; i < outputs; i++) labels[i] = ds.getLabels();
        graph.fit(new INDArray[]{ds.getFeatures()}, labels);
    }

    /** The training error of the network on {@code ds} before it trains on it (main output, inference mode). */
    private double batchError(DataSet ds) {
        INDArray out = graph.output(false, ds.getFeatures())[Evaluator.mainOutput(graph)];
        return Warmup.error(out, ds.getLabels());
    }

    /** Records the step's training error in the warm-up; when the warm-up ends, the recipe's rate comes back. */
    private void warmupStep(double error, int epoch) {
        Warmup.State w = recipe.warmup().next(state.warmup(), state.iteration(), error);
        state = state.withWarmup(w);
        if (!w.done()) return;
        ISchedule schedule = plateau != null ? null : recipe.schedule().toDl4j(recipe.lr());
        if (schedule != null) {
            graph.setLearningRate(schedule);
        } else {
            graph.setLearningRate(plateau != null ? plateau.state().lr() : recipe.lr());
        }
        note(recipe.warmup().endNote(w, currentLr(state.iteration(), epoch)));
    }

    private void diverged(double loss, int epoch, int iteration, double lr) {
        Optional<Path> last = dir.latestCheckpoint();
        String msg = String.format(Locale.ROOT,
                "the loss became %s at iteration %d (epoch %d, learning rate %.3g); training stopped. %s",
                Double.isNaN(loss) ? "NaN" : "infinite", iteration, epoch + 1, lr,
                last.map(p -> "The last good checkpoint is " + p + "; lower the learning rate and start again, or resume from it.")
                        .orElse("No checkpoint had been written yet."));
        note(msg);
        throw new TrainingDivergedException(msg, iteration);
    }

    private static double metricValue(Schedule.Metric m, EvaluationResult val) {
        return m == Schedule.Metric.VAL_TOP1 ? val.top1() : val.loss();
    }

    /** The learning rate used for an update at (iteration, epoch). */
    private double currentLr(int iteration, int epoch) {
        if (state.warmingUp()) return recipe.warmup().lr();
        if (plateau != null) return plateau.state().lr();
        return recipe.lrAt(iteration, epoch);
    }

    static long stepSeed(long seed, int iteration) {
        long z = seed + 0x9E3779B97F4A7C15L * (iteration + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Training wall time so far, over all sessions. */
    private double elapsed() {
        return elapsedBefore + (System.nanoTime() - sessionStart) / 1e9;
    }

    /** A checkpoint of where training stands now (mid-epoch: a periodic checkpoint or a stop). */
    private void checkpointNow() {
        state = state.withElapsedSeconds(elapsed());
        writeCheckpoint();
    }

    private void writeCheckpoint() {
        Path file = dir.checkpoint(state.epoch(), state.iteration());
        if (Files.exists(file)) return;
        writeModel(file);
        List<Path> all = dir.listCheckpoints();
        for (int i = 0; i < all.size() - options.keepLast(); i++) {
            try {
                Files.deleteIfExists(all.get(i));
            } catch (IOException e) {
                log.warn("cannot delete old checkpoint {}: {}", all.get(i), e.toString());
            }
        }
        log.debug("checkpoint {}", file);
    }

    /** A model file with the updater state, the run state and the model input: checkpoints, best and final model. */
    private void writeModel(Path file) {
        try {
            Map<String, String> entries = new java.util.LinkedHashMap<>();
            entries.put(ModelFile.STATE_ENTRY, JSON.writeValueAsString(state));
            if (options.input() != null) entries.put(ModelInput.ENTRY, JSON.writeValueAsString(options.input()));
            ModelFile.write(graph, file, true, entries, checkpointStream);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + " (the previous checkpoint is intact)", e);
        }
    }

    private void note(String message) {
        log.info(message);
        runLog.append(message);
        for (RunListener l : listeners) l.note(message);
    }
}
