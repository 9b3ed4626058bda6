package org.zoolab.sweep;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zoolab.BadInputException;
import org.zoolab.train.Experiment;
import org.zoolab.train.ModelFile;
import org.zoolab.train.RunDirectory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Whole sweeps on tiny data: the MLP on 100 synthetic images, 1 epoch per candidate (about a second each).
 */
class SweepRunTest {

    static SweepDefinition sweep(String space, String search, String budget) {
        return SweepDefinition.parse("tiny.yaml", """
                base: {model: mlp, data: synthetic, holdout: 0, seed: 3}
                limit: {train: 100, validation: 50}
                epochs: 1
                space:
                """ + space + "search: " + search + "\nbudget: " + budget + "\n", null);
    }

    static final String GRID = "  lr: {values: [0.001, 0.05]}\n  batch: {values: [20, 50]}\n";

    /** Records which candidates started. */
    static final class Started implements Sweep.Listener {
        final List<Integer> candidates = Collections.synchronizedList(new ArrayList<>());
        final List<Sweep.Progress> progress = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void candidateStarted(int candidate, Map<String, Object> values) {
            candidates.add(candidate);
        }

        @Override
        public void candidateEnded(ResultsTable.Row row, Sweep.Progress p) {
            progress.add(p);
        }
    }

    @Test
    void aGridSweepWritesOneRunPerCandidateResultsAndTheBestExperiment(@TempDir Path tmp) throws Exception {
        SweepDefinition d = sweep(GRID, "{generator: grid}", "{}");
        Started l = new Started();
        Sweep.Outcome o = Sweep.open(d, tmp, null).run(l);

        assertThat(l.candidates).containsExactly(0, 1, 2, 3);
        List<ResultsTable.Row> rows = ResultsTable.read(tmp).rows();
        assertThat(rows).extracting(ResultsTable.Row::status).containsOnly(ResultsTable.Status.OK);
        assertThat(rows).extracting(r -> r.values().get("lr") + "/" + r.values().get("batch"))
                .containsExactly("0.001/20", "0.05/20", "0.001/50", "0.05/50");
        assertThat(Files.readAllLines(tmp.resolve("results.csv")).get(0))
                .isEqualTo("candidate,status,lr,batch,score,val_top1,val_loss,epochs,seconds,run,error");
        for (ResultsTable.Row r : rows) {
            assertThat(r.score()).isEqualTo(r.valTop1()).isBetween(0.0, 1.0);
            assertThat(r.epochs()).isEqualTo(1);
            RunDirectory run = RunDirectory.open(tmp.resolve(r.run()));
            Experiment e = Experiment.read(run.experiment());
            assertThat(e.recipe().lr()).isEqualTo(Double.parseDouble(r.values().get("lr")));
            assertThat(e.recipe().batch()).isEqualTo(Integer.parseInt(r.values().get("batch")));
            assertThat(run.finalModel()).isRegularFile();
        }
        // progress after the last candidate: 4 of 4 done, the best so far is the best row
        Sweep.Progress last = l.progress.get(l.progress.size() - 1);
        assertThat(last.done()).isEqualTo(4);
        assertThat(last.total()).isEqualTo(4);
        ResultsTable.Row best = o.best().orElseThrow();
        assertThat(last.best()).isEqualTo(best);
        assertThat(rows.stream().mapToDouble(ResultsTable.Row::score).max().orElseThrow()).isEqualTo(best.score());

        // best/experiment.yaml is the best candidate's complete experiment, ready for zoolab train --experiment
        Experiment bestExp = Experiment.read(o.bestExperiment());
        assertThat(bestExp).isEqualTo(Experiment.read(tmp.resolve(best.run()).resolve("experiment.yaml")));
        assertThat(Files.readString(o.bestExperiment(), StandardCharsets.UTF_8))
                .startsWith("# best candidate of sweep tiny: candidate " + best.candidate());
        assertThat(ModelFile.read(o.bestModel(), false).graph().numParams()).isEqualTo(784 * 300 + 300 + 300 * 100 + 100 + 100 * 10 + 10);
    }

    @Test
    void aResumedSweepRunsOnlyTheCandidatesNotFinished(@TempDir Path tmp) throws Exception {
        Sweep.open(sweep(GRID, "{generator: grid}", "{maxCandidates: 2}"), tmp, null).run(null);
        List<ResultsTable.Row> first = ResultsTable.read(tmp).rows();
        assertThat(first).extracting(ResultsTable.Row::candidate).containsExactly(0, 1);

        // a larger budget continues the same sweep: candidates 0 and 1 are not run again
        Started l = new Started();
        Sweep.open(sweep(GRID, "{generator: grid}", "{maxCandidates: 4}"), tmp, null).run(l);
        assertThat(l.candidates).containsExactly(2, 3);
        List<ResultsTable.Row> second = ResultsTable.read(tmp).rows();
        assertThat(second.subList(0, 2)).isEqualTo(first);

        // a crash while candidate 1 trained: its row says running; only it runs again, from scratch
        Path csv = tmp.resolve("results.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(csv));
        lines.set(2, lines.get(2).replace(",ok,", ",running,"));
        Files.write(csv, lines);
        Files.writeString(tmp.resolve("candidates/c0001/partial.txt"), "left by the crash");
        Started again = new Started();
        Sweep.resume(tmp, null).run(again);
        assertThat(again.candidates).containsExactly(1);
        assertThat(tmp.resolve("candidates/c0001/partial.txt")).doesNotExist();
        assertThat(ResultsTable.read(tmp).rows()).extracting(ResultsTable.Row::status).containsOnly(ResultsTable.Status.OK);

        // everything done: nothing runs
        Started none = new Started();
        Sweep.resume(tmp, null).run(none);
        assertThat(none.candidates).isEmpty();
    }

    @Test
    void aRandomSweepResumesWithTheSameCandidates(@TempDir Path tmp) {
        String space = "  lr: {logUniform: [0.001, 0.1]}\n";
        Sweep.open(sweep(space, "{generator: random, seed: 5}", "{maxCandidates: 2}"), tmp.resolve("a"), null).run(null);
        Sweep.open(sweep(space, "{generator: random, seed: 5}", "{maxCandidates: 3}"), tmp.resolve("a"), null).run(null);
        Sweep.open(sweep(space, "{generator: random, seed: 5}", "{maxCandidates: 3}"), tmp.resolve("b"), null).run(null);
        List<String> resumed = ResultsTable.read(tmp.resolve("a")).rows().stream().map(r -> r.values().get("lr")).toList();
        List<String> straight = ResultsTable.read(tmp.resolve("b")).rows().stream().map(r -> r.values().get("lr")).toList();
        assertThat(resumed).hasSize(3).isEqualTo(straight);
    }

    @Test
    void aCandidateThatThrowsIsRecordedAsFailedAndTheSweepGoesOn(@TempDir Path tmp) {
        Sweep s = Sweep.open(sweep(GRID, "{generator: grid}", "{}"), tmp, null);
        s.beforeTraining(v -> {
            if (v.get("lr").equals(0.05) && v.get("batch").equals(20)) throw new IllegalStateException("injected failure");
        });
        Sweep.Outcome o = s.run(null);
        List<ResultsTable.Row> rows = ResultsTable.read(tmp).rows();
        assertThat(rows).extracting(ResultsTable.Row::status).containsExactly(ResultsTable.Status.OK, ResultsTable.Status.FAILED,
                ResultsTable.Status.OK, ResultsTable.Status.OK);
        assertThat(rows.get(1).error()).isEqualTo("IllegalStateException: injected failure");
        assertThat(rows.get(1).score()).isNaN();
        assertThat(o.best()).isPresent();
    }

    @Test
    void aSweepWhoseEveryCandidateFailsEnds(@TempDir Path tmp) {
        Sweep s = Sweep.open(sweep("  lr: {logUniform: [0.001, 0.1]}\n", "{generator: random}", "{maxCandidates: 3}"), tmp.resolve("a"), null);
        s.beforeTraining(v -> {
            throw new IllegalStateException("always");
        });
        Sweep.Outcome o = s.run(null);
        assertThat(o.rows()).hasSize(3).extracting(ResultsTable.Row::status).containsOnly(ResultsTable.Status.FAILED);
        assertThat(o.best()).isEmpty();
        assertThat(o.bestExperiment()).isNull();

        // only a time limit and maxFailures: the failures end it
        Sweep t = Sweep.open(sweep("  lr: {logUniform: [0.001, 0.1]}\n", "{generator: random}", "{maxTime: 1h, maxFailures: 2}"), tmp.resolve("b"), null);
        t.beforeTraining(v -> {
            throw new IllegalStateException("always");
        });
        assertThat(t.run(null).rows()).hasSize(2);

        // a grid whose every candidate fails ends when the grid is done
        Sweep g = Sweep.open(sweep(GRID, "{generator: grid}", "{maxTime: 1h}"), tmp.resolve("c"), null);
        g.beforeTraining(v -> {
            throw new IllegalStateException("always");
        });
        assertThat(g.run(null).rows()).hasSize(4);
    }

    @Test
    void parallelCandidatesStayWithinTheBudget(@TempDir Path tmp) {
        SweepDefinition d = SweepDefinition.parse("p.yaml", """
                base: {model: mlp, data: synthetic, holdout: 0}
                limit: {train: 100, validation: 50}
                epochs: 1
                space: {lr: {logUniform: [0.001, 0.1]}}
                budget: {maxCandidates: 3}
                parallel: 2
                """, null);
        Started l = new Started();
        Sweep.open(d, tmp, null).run(l);
        assertThat(l.candidates).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(ResultsTable.read(tmp).rows()).hasSize(3).extracting(ResultsTable.Row::status).containsOnly(ResultsTable.Status.OK);
    }

    @Test
    void aDirectoryHoldingAnotherSweepIsRefused(@TempDir Path tmp) {
        Sweep.open(sweep(GRID, "{generator: grid}", "{maxCandidates: 1}"), tmp, null).run(null);
        assertThatThrownBy(() -> Sweep.open(sweep("  lr: {values: [0.2, 0.3]}\n", "{generator: grid}", "{}"), tmp, null))
                .isInstanceOf(BadInputException.class)
                .hasMessage(tmp + " holds a different sweep (" + tmp.resolve("sweep.yaml") + " differs in more than budget and parallel); "
                        + "choose another --out, or resume it with zoolab sweep --resume " + tmp);
    }
}
