package org.zoolab.sweep;

import org.deeplearning4j.arbiter.optimize.api.Candidate;
import org.deeplearning4j.arbiter.optimize.api.CandidateGenerator;
import org.deeplearning4j.arbiter.optimize.api.termination.MaxCandidatesCondition;
import org.deeplearning4j.arbiter.optimize.api.termination.MaxTimeCondition;
import org.deeplearning4j.arbiter.optimize.api.termination.TerminationCondition;
import org.deeplearning4j.arbiter.optimize.config.OptimizationConfiguration;
import org.deeplearning4j.arbiter.optimize.generator.GridSearchCandidateGenerator;
import org.deeplearning4j.arbiter.optimize.generator.RandomSearchGenerator;
import org.deeplearning4j.arbiter.optimize.runner.LocalOptimizationRunner;
import org.zoolab.BadInputException;
import org.zoolab.io.AtomicFiles;
import org.zoolab.train.Trainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a sweep into a sweep directory with Arbiter's {@link LocalOptimizationRunner}:
 * <pre>
 * sweep.yaml            the sweep, written out in full (a resumed sweep must match it, budget and parallel aside)
 * results.csv           one row per candidate ({@link ResultsTable})
 * candidates/c0000/     each candidate's ordinary run directory
 * best/experiment.yaml  the best candidate's complete experiment: zoolab train --experiment best/experiment.yaml
 * best/model.zip        the best candidate's model
 * plots/                score against each swept key, best-so-far against candidate index
 *                       ({@code org.zoolab.viz.SweepPlots}, drawn by the CLI)
 * </pre>
 * Arbiter supplies the candidates ({@link RandomSearchGenerator} seeded by the sweep, or
 * {@link GridSearchCandidateGenerator} in sequential order), the budget ({@link MaxCandidatesCondition},
 * {@link MaxTimeCondition}) and the scheduling of {@code parallel} candidates at once; zoolab supplies the task
 * ({@link ExperimentTaskCreator}), the data ({@link SweepDataSource}), the score ({@link ValidationScoreFunction}),
 * the model saver ({@link CandidateModelSaver}) and the guards Arbiter lacks: {@link AllCandidatesDoneCondition}
 * (a finished grid ends the run), {@link MaxFailuresCondition}, {@link StopRequestedCondition}, and
 * {@link ResumingCandidateGenerator} (budget and resume). A grid is enumerated before it runs and must visit every
 * combination of its values exactly once.
 * <p>
 * <b>Resume.</b> Running the same sweep into the same directory again continues it: candidates with an ok or
 * failed row are not run again; a candidate that was training when the sweep stopped is trained again from the
 * start (its partial run directory is replaced).
 */
public final class Sweep {
    static final String DEFINITION = "sweep.yaml";

    /** What the sweep is about to do. */
    public record Plan(Path directory, long total, int alreadyDone, int toRun, long gridSize, List<ResultsTable.Row> resumedRows) {
    }

    /**
     * Where the sweep stands after a candidate ends.
     *
     * @param done        candidates finished (ok or failed), over all invocations
     * @param total       candidates planned, or -1 when only time bounds the sweep
     * @param best        the best candidate so far, if any
     * @param elapsed     wall time of this invocation
     * @param left        estimated time left, or null when it cannot be estimated yet
     */
    public record Progress(int done, long total, ResultsTable.Row best, Duration elapsed, Duration left) {
    }

    /**
     * How the sweep ended.
     *
     * @param directory      the sweep directory
     * @param rows           every candidate's row
     * @param best           the best candidate, if any finished
     * @param stopped        true when the user stopped it
     * @param bestExperiment best/experiment.yaml, or null
     * @param bestModel      best/model.zip, or null
     */
    public record Outcome(Path directory, List<ResultsTable.Row> rows, Optional<ResultsTable.Row> best, boolean stopped,
                          Path bestExperiment, Path bestModel) {
    }

    /** Watches a sweep; callbacks come from the candidates' threads. */
    public interface Listener {
        default void planned(Plan plan) {
        }

        default void candidateStarted(int candidate, Map<String, Object> values) {
        }

        default void candidateEnded(ResultsTable.Row row, Progress progress) {
        }
    }

    private final SweepDefinition definition;
    private final Path directory;
    private final Path dataDir;
    private final ResultsTable table;
    private final List<String> keys;
    private final Map<Integer, Trainer> training = new ConcurrentHashMap<>();
    private volatile boolean stopRequested;
    private volatile Listener listener = new Listener() {
    };
    private long startNanos;
    private Consumer<Map<String, Object>> beforeTraining = v -> {
    };

    private Sweep(SweepDefinition definition, Path directory, Path dataDir) {
        this.definition = definition;
        this.directory = directory;
        this.dataDir = dataDir;
        this.keys = definition.dimensions().stream().map(d -> d.key().yamlName()).toList();
        this.table = ResultsTable.open(directory, keys);
    }

    /**
     * A sweep in {@code directory}: a new one, or the continuation of the same sweep. Refuses a directory that
     * holds a different sweep.
     */
    public static Sweep open(SweepDefinition definition, Path directory, Path dataDir) {
        Path stored = directory.resolve(DEFINITION);
        if (Files.exists(stored)) {
            SweepDefinition before = SweepDefinition.read(stored);
            if (!sameSearch(before, definition)) {
                throw new BadInputException(directory + " holds a different sweep (" + stored + " differs in more than budget and "
                        + "parallel); choose another --out, or resume it with zoolab sweep --resume " + directory);
            }
        } else if (Files.exists(directory.resolve(ResultsTable.FILE))) {
            throw new BadInputException(directory + " has a results.csv but no " + DEFINITION + "; choose another --out");
        }
        try {
            Files.createDirectories(directory);
            AtomicFiles.writeString(stored, SweepWriter.toYaml(definition));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + stored, e);
        }
        return new Sweep(definition, directory, dataDir);
    }

    /** The sweep stored in {@code directory} (for --resume). */
    public static Sweep resume(Path directory, Path dataDir) {
        Path stored = directory.resolve(DEFINITION);
        if (!Files.isRegularFile(stored)) {
            throw new BadInputException(directory + " is not a sweep directory (no " + DEFINITION + ")");
        }
        return new Sweep(SweepDefinition.read(stored), directory, dataDir);
    }

    static boolean sameSearch(SweepDefinition a, SweepDefinition b) {
        return withoutBudget(a).equals(withoutBudget(b));
    }

    private static SweepDefinition withoutBudget(SweepDefinition d) {
        return new SweepDefinition(d.name(), d.base(), d.limit(), d.epochs(), d.dimensions(), d.search(), null, d.score(), 1);
    }

    public SweepDefinition definition() {
        return definition;
    }

    public Path directory() {
        return directory;
    }

    Path dataDir() {
        return dataDir;
    }

    List<String> keys() {
        return keys;
    }

    public ResultsTable table() {
        return table;
    }

    /** Tests: runs before each candidate trains (a test makes some candidates throw). */
    void beforeTraining(Consumer<Map<String, Object>> hook) {
        this.beforeTraining = hook;
    }

    void beforeTraining(Map<String, Object> values) {
        beforeTraining.accept(values);
    }

    /** Asks the sweep to stop: no new candidate starts, the ones training stop after their current step. */
    public void requestStop() {
        stopRequested = true;
        for (Trainer t : training.values()) t.requestStop();
    }

    /** The run directory name of a candidate, relative to the sweep directory. */
    static String runName(int candidate) {
        return String.format("candidates/c%04d", candidate);
    }

    /** Runs the sweep to its end (budget, grid exhausted, too many failures, or a stop request). */
    public Outcome run(Listener l) {
        this.listener = l == null ? new Listener() {
        } : l;
        startNanos = System.nanoTime();
        List<ResultsTable.Row> dropped = table.dropUnfinished();
        for (ResultsTable.Row r : dropped) deleteRun(directory.resolve(runName(r.candidate())));
        Set<Integer> done = new HashSet<>(table.done());

        ExperimentSpace space = definition.space();
        CandidateGenerator arbiter;
        long gridSize = -1;
        if (definition.search().generator() == SweepDefinition.Generator.GRID) {
            GridSearchCandidateGenerator grid = new GridSearchCandidateGenerator(space, definition.search().resolution(),
                    GridSearchCandidateGenerator.Mode.Sequential, null);
            gridSize = grid.getTotalNumCandidates();
            GridCheck.verify(definition, gridSize);
            arbiter = grid;
        } else {
            arbiter = new RandomSearchGenerator(space, null);
            arbiter.setRngSeed(definition.search().seed());
        }
        SweepDefinition.Budget budget = definition.budget() == null ? new SweepDefinition.Budget(null, null, null) : definition.budget();
        long limit = budget.maxCandidates() == null ? Long.MAX_VALUE : budget.maxCandidates();
        ResumingCandidateGenerator generator = new ResumingCandidateGenerator(arbiter, done, limit, this::generationFailed);
        long total = definition.plannedCandidates();
        int alreadyDone = (int) done.stream().filter(i -> i < limit).count();
        listener.planned(new Plan(directory, total, alreadyDone, total < 0 ? -1 : (int) (total - alreadyDone), gridSize, table.rows()));

        List<TerminationCondition> conditions = new ArrayList<>();
        conditions.add(new AllCandidatesDoneCondition(generator));
        conditions.add(new StopRequestedCondition(() -> stopRequested));
        if (budget.maxCandidates() != null) {
            conditions.add(new MaxCandidatesCondition((int) Math.max(1, budget.maxCandidates() - alreadyDone)));
        }
        if (budget.maxTime() != null) conditions.add(new MaxTimeCondition(budget.maxTime().toSeconds(), TimeUnit.SECONDS));
        if (budget.maxFailures() != null) conditions.add(new MaxFailuresCondition(budget.maxFailures()));

        if (generator.hasMoreCandidates()) {
            OptimizationConfiguration config = new OptimizationConfiguration.Builder()
                    .candidateGenerator(generator)
                    .dataSource(SweepDataSource.class, SweepDataSource.properties(definition, dataDir, definition.base().model(), 1, definition.base().seed()))
                    .scoreFunction(new ValidationScoreFunction(definition.score()))
                    .modelSaver(new CandidateModelSaver())
                    .terminationConditions(conditions)
                    .build();
            LocalOptimizationRunner runner = new LocalOptimizationRunner(definition.parallel(), config, new ExperimentTaskCreator(this));
            runner.execute();
        }
        return finish();
    }

    private Outcome finish() {
        Optional<ResultsTable.Row> best = table.best(definition.score());
        Path bestExperiment = null, bestModel = null;
        if (best.isPresent()) {
            Path run = directory.resolve(best.get().run());
            bestExperiment = directory.resolve("best/experiment.yaml");
            bestModel = directory.resolve("best/model.zip");
            try {
                String header = "# best candidate of sweep " + definition.name() + ": candidate " + best.get().candidate() + ", "
                        + definition.score().metric().key() + " " + ResultsTable.cell(best.get().score()) + " after "
                        + best.get().epochs() + " epochs" + (definition.limit() == null ? "" : " on the sweep's data limit ("
                        + describe(definition.limit()) + "); this file trains on the whole training split") + "\n";
                AtomicFiles.writeString(bestExperiment, header + Files.readString(run.resolve("experiment.yaml"), StandardCharsets.UTF_8));
                Path model = run.resolve("model.zip");
                AtomicFiles.write(bestModel, out -> Files.copy(model, out));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the best candidate into " + directory.resolve("best"), e);
            }
        }
        return new Outcome(directory, table.rows(), best, stopRequested, bestExperiment, bestModel);
    }

    private static String describe(SweepDefinition.DataLimit limit) {
        List<String> parts = new ArrayList<>();
        if (limit.train() != null) parts.add(limit.train() + " training images");
        if (limit.validation() != null) parts.add(limit.validation() + " validation images");
        return String.join(", ", parts);
    }

    // ---- called by the candidates' tasks ----

    void candidateStarted(int candidate, Map<String, Object> values, String run) {
        table.put(new ResultsTable.Row(candidate, ResultsTable.Status.RUNNING, ResultsTable.cells(values, keys), Double.NaN,
                Double.NaN, Double.NaN, 0, 0, run, ""));
        listener.candidateStarted(candidate, values);
    }

    void training(int candidate, Trainer trainer) {
        if (trainer == null) {
            training.remove(candidate);
        } else {
            training.put(candidate, trainer);
            if (stopRequested) trainer.requestStop();
        }
    }

    synchronized void candidateEnded(ResultsTable.Row row) {
        table.put(row);
        listener.candidateEnded(row, progress());
    }

    private void generationFailed(Candidate c, Exception e) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String k : keys) values.put(k, "");
        candidateEnded(new ResultsTable.Row(c.getIndex(), ResultsTable.Status.FAILED, values, Double.NaN, Double.NaN, Double.NaN,
                0, 0, "", "cannot generate the candidate's values: " + ExperimentTaskCreator.oneLine(e)));
    }

    /** Where the sweep stands now. */
    Progress progress() {
        List<ResultsTable.Row> rows = table.rows();
        int done = (int) rows.stream().filter(r -> r.status().isDone()).count();
        long total = definition.plannedCandidates();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        List<Double> secs = rows.stream().filter(r -> r.status().isDone()).map(ResultsTable.Row::seconds).toList();
        Duration left = null;
        if (total >= 0 && !secs.isEmpty()) {
            double mean = secs.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            long remaining = Math.max(0, total - done);
            left = Duration.ofMillis(Math.round(1000 * mean * Math.ceil((double) remaining / definition.parallel())));
        }
        Duration maxTime = definition.budget() == null ? null : definition.budget().maxTime();
        if (maxTime != null) {
            Duration timeLeft = maxTime.minus(elapsed);
            if (timeLeft.isNegative()) timeLeft = Duration.ZERO;
            if (left == null || timeLeft.compareTo(left) < 0) left = timeLeft;
        }
        return new Progress(done, total, table.best(definition.score()).orElse(null), elapsed, left);
    }

    /** Deletes a candidate's partial run directory (only ever one under the sweep's candidates/). */
    static void deleteRun(Path runDir) {
        if (!Files.exists(runDir)) return;
        if (!runDir.getParent().getFileName().toString().equals("candidates")) {
            throw new IllegalArgumentException("not a candidate run directory: " + runDir);
        }
        try (var walk = Files.walk(runDir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the partial run " + runDir, e);
        }
    }
}
