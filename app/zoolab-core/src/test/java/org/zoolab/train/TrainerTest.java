package org.zoolab.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainerTest {
    static final DataSet TRAIN = TinyNets.quadrants(96, 4, 1);
    static final DataSet VAL = TinyNets.quadrants(40, 4, 2);

    /** Momentum + L2 + an iteration step schedule + dropout: everything resume must restore. */
    static Recipe recipe(int epochs) {
        return new Recipe("test", List.of(), List.of(), "", Recipe.Optimizer.MOMENTUM, 0.05, 0.9, 1e-3, 0.0, 16, epochs,
                new Schedule(Schedule.Type.STEPS, Schedule.Unit.ITERATION, List.of(9), 0.5, null, null, null, null, null, null),
                0.0, null, "");
    }

    static Trainer newRun(Path dir, int epochs, Trainer.Options o) {
        return Trainer.start(TinyNets.convNet(4, 7), recipe(epochs), new TinyNets.ShuffledData(TRAIN, 16, 3),
                TinyNets.fixed(VAL, 20), RunDirectory.create(dir), o);
    }

    static Trainer resumeRun(Path dir, int epochs, Trainer.Options o) {
        return Trainer.resume(RunDirectory.open(dir), recipe(epochs), new TinyNets.ShuffledData(TRAIN, 16, 3),
                TinyNets.fixed(VAL, 20), o);
    }

    static float[] params(ComputationGraph g) {
        return g.params().dup().data().asFloat();
    }

    static float[] updater(ComputationGraph g) {
        return g.getUpdater().getStateViewArray().dup().data().asFloat();
    }

    @Test
    void trainerSkipsTheInputGradientOfTheFirstConvolutionUnlessAskedNotTo(@TempDir Path tmp) {
        Trainer t = newRun(tmp.resolve("lever"), 1, Trainer.Options.defaults(11));
        assertThat(InputConvolutionBackprop.isInstalled(t.graph().getLayer("conv"))).isTrue();
        String before = System.getProperty(InputConvolutionBackprop.PROPERTY);
        System.setProperty(InputConvolutionBackprop.PROPERTY, "computed");
        try {
            Trainer plain = newRun(tmp.resolve("plain"), 1, Trainer.Options.defaults(11));
            assertThat(InputConvolutionBackprop.isInstalled(plain.graph().getLayer("conv"))).isFalse();
            System.setProperty(InputConvolutionBackprop.PROPERTY, "none");
            assertThatThrownBy(() -> newRun(tmp.resolve("bad"), 1, Trainer.Options.defaults(11)))
                    .hasMessageContaining("-Dzoolab.inputGrad=none: expected skipped or computed");
        } finally {
            if (before == null) System.clearProperty(InputConvolutionBackprop.PROPERTY);
            else System.setProperty(InputConvolutionBackprop.PROPERTY, before);
        }
    }

    @Test
    void stoppedAndResumedRunEndsWithBitIdenticalWeightsAndUpdaterState(@TempDir Path tmp) {
        Trainer.Options o = Trainer.Options.defaults(11).withLogEvery(2);
        Trainer straight = newRun(tmp.resolve("straight"), 3, o);
        TrainingResult r1 = straight.fit();
        assertThat(r1.status()).isEqualTo(TrainingResult.Status.FINISHED);
        assertThat(r1.iterations()).isEqualTo(18);
        assertThat(r1.lastValidation().top1()).as("the synthetic task is learnt").isGreaterThan(0.9);

        // stop in the middle of epoch 2 (after iteration 8 = batch 2 of epoch 2), as Ctrl-C does
        Trainer first = newRun(tmp.resolve("stopped"), 3, o);
        first.addListener(new RunListener() {
            @Override
            public void step(Step s) {
                if (s.iteration() == 8) first.requestStop();
            }
        });
        TrainingResult r2 = first.fit();
        assertThat(r2.status()).isEqualTo(TrainingResult.Status.INTERRUPTED);
        assertThat(r2.model().getFileName().toString()).isEqualTo("epoch-0001-iter-00000008.zip");

        Trainer resumed = resumeRun(tmp.resolve("stopped"), 3, o);
        assertThat(resumed.state().epoch()).isEqualTo(1);
        assertThat(resumed.state().batchInEpoch()).isEqualTo(2);
        TrainingResult r3 = resumed.fit();
        assertThat(r3.status()).isEqualTo(TrainingResult.Status.FINISHED);
        assertThat(r3.iterations()).isEqualTo(18);

        assertThat(params(resumed.graph())).containsExactly(params(straight.graph()));
        assertThat(updater(resumed.graph())).containsExactly(updater(straight.graph()));
        // same history: the resumed metrics.csv equals the straight one except for timings
        List<MetricsLog.Row> a = MetricsLog.read(tmp.resolve("straight/metrics.csv"));
        List<MetricsLog.Row> b = MetricsLog.read(tmp.resolve("stopped/metrics.csv"));
        assertThat(b).hasSameSizeAs(a);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).iteration()).isEqualTo(a.get(i).iteration());
            assertThat(b.get(i).kind()).isEqualTo(a.get(i).kind());
            assertThat(Double.valueOf(b.get(i).loss())).isEqualTo(Double.valueOf(a.get(i).loss()));
            assertThat(Double.valueOf(b.get(i).trainLoss())).isEqualTo(Double.valueOf(a.get(i).trainLoss()));
            assertThat(Double.valueOf(b.get(i).valTop1())).isEqualTo(Double.valueOf(a.get(i).valTop1()));
        }
    }

    @Test
    void resumeAfterACrashContinuesFromTheLastPeriodicCheckpoint(@TempDir Path tmp) {
        Trainer.Options o = Trainer.Options.defaults(5).withCheckpointEvery(4);
        Trainer straight = newRun(tmp.resolve("a"), 2, o);
        straight.fit();

        // the process "dies" at iteration 10: no checkpoint written for it, rows after iteration 8 are stale
        Trainer crashing = newRun(tmp.resolve("b"), 2, o.withLogEvery(1));
        crashing.addListener(new RunListener() {
            @Override
            public void step(Step s) {
                if (s.iteration() == 10) throw new IllegalStateException("simulated kill -9");
            }
        });
        assertThatThrownBy(crashing::fit).hasMessage("simulated kill -9");
        assertThat(RunDirectory.open(tmp.resolve("b")).latestCheckpoint().orElseThrow().getFileName().toString())
                .isEqualTo("epoch-0001-iter-00000008.zip");

        Trainer resumed = resumeRun(tmp.resolve("b"), 2, o.withLogEvery(1));
        assertThat(MetricsLog.read(tmp.resolve("b/metrics.csv"))).allMatch(r -> r.iteration() <= 8);
        resumed.fit();
        assertThat(params(resumed.graph())).containsExactly(params(straight.graph()));
        List<MetricsLog.Row> rows = MetricsLog.read(tmp.resolve("b/metrics.csv"));
        assertThat(rows.stream().filter(r -> !r.isEpoch()).map(MetricsLog.Row::iteration))
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    }

    @Test
    void nanLossStopsTheRunAndKeepsTheLastGoodCheckpoint(@TempDir Path tmp) throws Exception {
        TinyNets.ShuffledData data = new TinyNets.ShuffledData(TRAIN, 16, 3);
        data.nanEpoch = 1;
        data.nanBatch = 2;
        Trainer t = Trainer.start(TinyNets.convNet(4, 7), recipe(3), data, TinyNets.fixed(VAL, 20),
                RunDirectory.create(tmp.resolve("run")), Trainer.Options.defaults(1));
        Path good = tmp.resolve("run/checkpoints/epoch-0001-iter-00000006.zip");
        assertThatThrownBy(t::fit)
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageStartingWith("the loss became NaN at iteration 9 (epoch 2, learning rate 0.0500); training stopped.")
                .hasMessageContaining("The last good checkpoint is " + good);
        RunDirectory dir = RunDirectory.open(tmp.resolve("run"));
        assertThat(dir.listCheckpoints()).containsExactly(good);
        assertThat(Files.exists(dir.finalModel())).isFalse();
        ComputationGraph g = ModelFile.load(good);
        assertThat(g.params().isNaN().any()).isFalse();
        assertThat(Files.readString(dir.log())).contains("the loss became NaN at iteration 9");
    }

    @Test
    void metricsCsvHasTheDocumentedSchema(@TempDir Path tmp) throws Exception {
        newRun(tmp.resolve("run"), 2, Trainer.Options.defaults(3).withLogEvery(4)).fit();
        List<String> lines = Files.readAllLines(tmp.resolve("run/metrics.csv"));
        assertThat(lines.get(0)).isEqualTo("kind,epoch,iteration,loss,lr,images_per_s,train_loss,val_loss,val_top1,val_top5,time_s");
        List<MetricsLog.Row> rows = MetricsLog.read(tmp.resolve("run/metrics.csv"));
        assertThat(rows).extracting(MetricsLog.Row::kind, MetricsLog.Row::epoch, MetricsLog.Row::iteration)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("step", 1, 4),
                        org.assertj.core.groups.Tuple.tuple("epoch", 1, 6),
                        org.assertj.core.groups.Tuple.tuple("step", 2, 8),
                        org.assertj.core.groups.Tuple.tuple("step", 2, 12),
                        org.assertj.core.groups.Tuple.tuple("epoch", 2, 12));
        MetricsLog.Row step = rows.get(0);
        assertThat(step.loss()).isPositive();
        assertThat(step.lr()).isEqualTo(0.05);
        assertThat(step.imagesPerSecond()).isPositive();
        assertThat(step.valTop1()).isNaN();
        assertThat(rows.get(3).lr()).isEqualTo(0.025);   // the step schedule halves the rate at iteration 9
        MetricsLog.Row epoch = rows.get(4);
        assertThat(epoch.loss()).isNaN();
        assertThat(epoch.trainLoss()).isPositive();
        assertThat(epoch.valLoss()).isPositive();
        assertThat(epoch.valTop1()).isBetween(0.0, 1.0);
        assertThat(epoch.valTop5()).isEqualTo(1.0);      // 4 classes: the true one is always in the top 5
        assertThat(epoch.timeSeconds()).isPositive();
        RunDirectory dir = RunDirectory.open(tmp.resolve("run"));
        assertThat(dir.listCheckpoints()).extracting(p -> p.getFileName().toString())
                .containsExactly("epoch-0001-iter-00000006.zip", "epoch-0002-iter-00000012.zip");
        assertThat(dir.finalModel()).exists();
        assertThat(dir.best()).exists();
    }

    @Test
    void keepsOnlyTheLastNCheckpoints(@TempDir Path tmp) {
        newRun(tmp.resolve("run"), 3, Trainer.Options.defaults(3).withKeepLast(2).withCheckpointEvery(4)).fit();
        assertThat(RunDirectory.open(tmp.resolve("run")).listCheckpoints()).extracting(p -> p.getFileName().toString())
                .containsExactly("epoch-0002-iter-00000016.zip", "epoch-0003-iter-00000018.zip");
    }

    @Test
    void resumingAFinishedRunSaysSo(@TempDir Path tmp) {
        newRun(tmp.resolve("run"), 1, Trainer.Options.defaults(3)).fit();
        assertThatThrownBy(() -> resumeRun(tmp.resolve("run"), 1, Trainer.Options.defaults(3)))
                .isInstanceOf(org.zoolab.BadInputException.class)
                .hasMessage(tmp.resolve("run") + " already finished its 1 epochs; to train longer, resume with a larger --epochs");
    }

    @Test
    void aNewRunRefusesADirectoryHoldingOne(@TempDir Path tmp) {
        newRun(tmp.resolve("run"), 1, Trainer.Options.defaults(3)).fit();
        assertThatThrownBy(() -> RunDirectory.create(tmp.resolve("run")))
                .isInstanceOf(org.zoolab.BadInputException.class)
                .hasMessageContaining("already holds a run; resume it with --resume");
    }
}
