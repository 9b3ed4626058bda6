package org.zoolab.sweep;

import org.deeplearning4j.arbiter.optimize.api.Candidate;
import org.deeplearning4j.arbiter.optimize.api.OptimizationResult;
import org.deeplearning4j.arbiter.optimize.api.TaskCreator;
import org.deeplearning4j.arbiter.optimize.api.data.DataProvider;
import org.deeplearning4j.arbiter.optimize.api.data.DataSource;
import org.deeplearning4j.arbiter.optimize.api.saving.ResultReference;
import org.deeplearning4j.arbiter.optimize.api.saving.ResultSaver;
import org.deeplearning4j.arbiter.optimize.api.score.ScoreFunction;
import org.deeplearning4j.arbiter.optimize.runner.CandidateInfo;
import org.deeplearning4j.arbiter.optimize.runner.CandidateStatus;
import org.deeplearning4j.arbiter.optimize.runner.IOptimizationRunner;
import org.deeplearning4j.arbiter.optimize.runner.listener.StatusListener;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zoolab.BadInputException;
import org.zoolab.train.Experiment;
import org.zoolab.train.RunDirectory;
import org.zoolab.train.Trainer;
import org.zoolab.train.TrainingDivergedException;
import org.zoolab.train.TrainingResult;
import org.zoolab.zoo.ModelOptions;
import org.zoolab.zoo.Zoo;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * Arbiter's task creator for zoolab sweeps: a candidate's values become a complete zoolab {@link Experiment}
 * ({@link SweepDefinition#experimentFor}), which trains with zoolab's {@link Trainer} into an ordinary run
 * directory under {@code candidates/} (experiment.yaml, metrics.csv, checkpoints, model.zip), on the data of
 * Arbiter's {@link DataSource} ({@link SweepDataSource}). The score comes from Arbiter's {@link ScoreFunction}
 * ({@link ValidationScoreFunction}), the model reference from the configured {@link ResultSaver}
 * ({@link CandidateModelSaver}). Whatever a candidate throws (a bad combination of values, a diverged loss, out of
 * memory) is caught: the candidate is recorded as failed with its error, and the sweep goes on.
 */
public final class ExperimentTaskCreator implements TaskCreator {
    private static final Logger log = LoggerFactory.getLogger(ExperimentTaskCreator.class);
    private final Sweep sweep;

    ExperimentTaskCreator(Sweep sweep) {
        this.sweep = sweep;
    }

    @Override
    public Callable<OptimizationResult> create(Candidate candidate, DataProvider dataProvider, ScoreFunction scoreFunction,
                                               List<StatusListener> statusListeners, IOptimizationRunner runner) {
        throw new UnsupportedOperationException("zoolab sweeps use a DataSource class, not a DataProvider");
    }

    @Override
    public Callable<OptimizationResult> create(Candidate candidate, Class<? extends DataSource> dataSource, Properties dataSourceProperties,
                                               ScoreFunction scoreFunction, List<StatusListener> statusListeners, IOptimizationRunner runner) {
        return () -> run(candidate, dataSource, scoreFunction, statusListeners, runner);
    }

    @SuppressWarnings("unchecked")
    private OptimizationResult run(Candidate candidate, Class<? extends DataSource> dataSource, ScoreFunction scoreFunction,
                                   List<StatusListener> statusListeners, IOptimizationRunner runner) {
        int index = candidate.getIndex();
        long started = System.currentTimeMillis();
        Map<String, Object> values = (Map<String, Object>) candidate.getValue();
        String run = Sweep.runName(index);
        Path runDir = sweep.directory().resolve(run);
        Map<String, Object> shown = values;
        Trainer trainer = null;
        try {
            shown = sweep.definition().effectiveValues(values);
            sweep.candidateStarted(index, shown, run);
            Sweep.deleteRun(runDir);
            sweep.beforeTraining(values);
            Experiment e = sweep.definition().experimentFor(values);
            Properties props = SweepDataSource.properties(sweep.definition(), sweep.dataDir(), e.model(), e.recipe().batch(), e.seed());
            SweepDataSource data = (SweepDataSource) dataSource.getConstructor().newInstance();
            data.configure(props);
            var in = data.input();
            ComputationGraphConfiguration conf = Zoo.get(e.model(), ModelOptions.builder().numClasses(in.classNames().size())
                    .input(in.channels(), in.height(), in.width()).seed(e.seed()).build()).configuration();
            RunDirectory dir = RunDirectory.create(runDir);
            e.write(dir.experiment());
            Files.writeString(runDir.resolve("sweep-candidate.txt"), "sweep " + sweep.definition().name() + ", candidate " + index
                    + "\nvalues " + shown + "\ndata " + data.description() + "\n", StandardCharsets.UTF_8);
            trainer = Trainer.start(conf, e.recipe(), data.trainData(), data.testData(), dir, e.trainerOptions(in).withKeepLast(1));
            sweep.training(index, trainer);
            TrainingResult r = trainer.fit();
            if (r.status() == TrainingResult.Status.INTERRUPTED) {
                sweep.candidateEnded(new ResultsTable.Row(index, ResultsTable.Status.INTERRUPTED, ResultsTable.cells(shown, sweep.keys()),
                        Double.NaN, Double.NaN, Double.NaN, r.epochsDone(), r.seconds(), run, "stopped by the user"));
                return failed(candidate, started, "interrupted", statusListeners, runner);
            }
            TrainedCandidate trained = new TrainedCandidate(trainer.graph(), r, e, runDir);
            double score = scoreFunction.score(trained, dataSource, props);
            OptimizationResult result = new OptimizationResult(candidate, score, index, null,
                    new CandidateInfo(index, CandidateStatus.Complete, score, started, started, System.currentTimeMillis(),
                            candidate.getFlatParameters(), null), null);
            ResultSaver saver = runner.getConfiguration().getResultSaver();
            if (saver != null) {
                ResultReference ref = saver.saveModel(result, trained);
                result.setResultReference(ref);
            }
            var val = r.lastValidation();
            sweep.candidateEnded(new ResultsTable.Row(index, ResultsTable.Status.OK, ResultsTable.cells(shown, sweep.keys()), score,
                    val == null ? Double.NaN : val.top1(), val == null ? Double.NaN : val.loss(), r.epochsDone(), r.seconds(), run, ""));
            notify(statusListeners, result, runner);
            return result;
        } catch (Throwable t) {
            String message = oneLine(t);
            log.warn("candidate {} failed: {}", index, message);
            if (Files.isDirectory(runDir)) {
                try {
                    StringWriter sw = new StringWriter();
                    t.printStackTrace(new PrintWriter(sw));
                    Files.writeString(runDir.resolve("error.txt"), sw.toString(), StandardCharsets.UTF_8);
                } catch (Exception ignored) {
                    // the row in results.csv still records the error
                }
            }
            double seconds = (System.currentTimeMillis() - started) / 1000.0;
            int epochs = trainer == null ? 0 : trainer.state().epoch();
            sweep.candidateEnded(new ResultsTable.Row(index, ResultsTable.Status.FAILED, ResultsTable.cells(shown, sweep.keys()),
                    Double.NaN, Double.NaN, Double.NaN, epochs, seconds, Files.isDirectory(runDir) ? run : "", message));
            return failed(candidate, started, message, statusListeners, runner);
        } finally {
            sweep.training(index, null);
            Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
        }
    }

    private static OptimizationResult failed(Candidate candidate, long started, String why, List<StatusListener> listeners,
                                             IOptimizationRunner runner) {
        CandidateInfo ci = new CandidateInfo(candidate.getIndex(), CandidateStatus.Failed, null, started, started,
                System.currentTimeMillis(), candidate.getFlatParameters(), why);
        OptimizationResult result = new OptimizationResult(candidate, null, candidate.getIndex(), null, ci, null);
        notify(listeners, result, runner);
        return result;
    }

    private static void notify(List<StatusListener> listeners, OptimizationResult result, IOptimizationRunner runner) {
        if (listeners == null) return;
        for (StatusListener l : listeners) {
            try {
                l.onCandidateStatusChange(result.getCandidateInfo(), runner, result);
            } catch (RuntimeException e) {
                log.warn("status listener failed for candidate {}", result.getIndex(), e);
            }
        }
    }

    /** A failure in one line: the message of a zoolab error, else the exception's class and message. */
    static String oneLine(Throwable t) {
        if (t instanceof BadInputException || t instanceof TrainingDivergedException) return t.getMessage();
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root && root.getMessage() == null) root = root.getCause();
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
