package org.zoolab.train;

import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.zoolab.backend.OneDnnHelpers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The warm-up inside a real run, on data whose training error is set by hand: the warm-up rate (1e-12) leaves the
 * network's predictions as they were at initialisation, and each batch's labels agree with those predictions on a
 * chosen number of its 8 examples. The batch errors are then 1, 1, 0.75, 0.5, 0.25, 0; with a window of 2 and a
 * threshold of 60% the running errors are -, 1, 0.875, 0.625, 0.375: the warm-up ends after iteration 5.
 */
class TrainerWarmupTest {
    static final int BATCH = 8;
    static final int[] WRONG = {8, 8, 6, 4, 2, 0};
    static final double WARMUP_LR = 1e-12;
    static final double LR = 0.05;

    static Recipe recipe(int epochs) {
        return new Recipe("warm", List.of(), List.of(), "", Recipe.Optimizer.MOMENTUM, LR, 0.9, 0.0, 0.0, BATCH, epochs,
                Schedule.NONE, 0.0, null, null, "", new Warmup(WARMUP_LR, 0.6, 2, 50));
    }

    /** The network as {@link Trainer#start(org.deeplearning4j.nn.conf.ComputationGraphConfiguration, Recipe, EpochData,
     * DataSetIterator, RunDirectory, Trainer.Options)} builds it (oneDNN helpers on, as for a resumed model). */
    static ComputationGraph freshNet() {
        OneDnnHelpers.enable();
        ComputationGraph g = new ComputationGraph(recipe(1).applyTo(TinyNets.convNet(4, 7)));
        g.init();
        return g;
    }

    /** The same six batches every epoch, labelled against the initial network's predictions. */
    static final class ControlledData implements EpochData {
        final List<DataSet> batches = new ArrayList<>();

        ControlledData() {
            ComputationGraph g = freshNet();
            DataSet all = TinyNets.quadrants(BATCH * WRONG.length, 4, 1);
            INDArray predicted = g.outputSingle(false, all.getFeatures()).argMax(1);
            for (int b = 0; b < WRONG.length; b++) {
                float[][] y = new float[BATCH][4];
                for (int i = 0; i < BATCH; i++) {
                    int p = predicted.getInt(b * BATCH + i);
                    y[i][i < BATCH - WRONG[b] ? p : (p + 1) % 4] = 1f;
                }
                INDArray x = all.getFeatures().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(b * BATCH, (b + 1) * BATCH)).dup();
                batches.add(new DataSet(x, Nd4j.create(y)));
            }
        }

        @Override
        public DataSetIterator epoch(int epoch) {
            return new ListDataSetIterator<>(batches, 1);
        }

        @Override
        public long examples() {
            return (long) BATCH * WRONG.length;
        }

        @Override
        public int batchSize() {
            return BATCH;
        }
    }

    static final ControlledData DATA = new ControlledData();
    static final Trainer.Options OPTIONS = Trainer.Options.defaults(3).withLogEvery(1);

    static Trainer newRun(Path dir) {
        return Trainer.start(freshNet(), recipe(2), DATA, null, RunDirectory.create(dir), OPTIONS);
    }

    static double lrOfLayer(ComputationGraph g, String layer) {
        return ((BaseLayer) g.getLayer(layer).conf().getLayer()).getIUpdater()
                .getLearningRate(g.getConfiguration().getIterationCount(), g.getConfiguration().getEpochCount());
    }

    @Test
    void theWarmupEndsAtTheStepWhoseRunningErrorFallsBelowTheThreshold(@TempDir Path tmp) throws Exception {
        Trainer t = newRun(tmp.resolve("run"));
        float[] initial = TrainerTest.params(t.graph());
        List<float[]> atStep5 = new ArrayList<>();
        List<Double> layerLrAtStep5 = new ArrayList<>();
        t.addListener(new RunListener() {
            @Override
            public void step(Step s) {
                if (s.iteration() == 5) {
                    atStep5.add(TrainerTest.params(t.graph()));
                    layerLrAtStep5.add(lrOfLayer(t.graph(), "out"));
                }
            }
        });
        assertThat(t.graph().getConfiguration().getIterationCount()).isZero();
        TrainingResult r = t.fit();
        assertThat(r.iterations()).isEqualTo(12);

        // the warm-up rate was the network's: after 5 steps the weights are as initialised (to 1e-9)
        float[] p5 = atStep5.get(0);
        for (int i = 0; i < initial.length; i++) assertThat((double) p5[i]).isCloseTo(initial[i], within(1e-9));
        assertThat(layerLrAtStep5.get(0)).isEqualTo(WARMUP_LR);
        assertThat(lrOfLayer(t.graph(), "out")).isEqualTo(LR);
        assertThat(lrOfLayer(t.graph(), "conv")).isEqualTo(LR);
        // and the recipe's rate trained the rest
        double moved = 0;
        float[] end = TrainerTest.params(t.graph());
        for (int i = 0; i < end.length; i++) moved = Math.max(moved, Math.abs(end[i] - initial[i]));
        assertThat(moved).isGreaterThan(1e-3);

        List<MetricsLog.Row> steps = MetricsLog.read(tmp.resolve("run/metrics.csv")).stream().filter(x -> !x.isEpoch()).toList();
        assertThat(steps).extracting(MetricsLog.Row::iteration).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        assertThat(steps).extracting(MetricsLog.Row::lr)
                .containsExactly(WARMUP_LR, WARMUP_LR, WARMUP_LR, WARMUP_LR, WARMUP_LR, LR, LR, LR, LR, LR, LR, LR);
        String log = Files.readString(tmp.resolve("run/train.log"));
        assertThat(log).contains("after a warm-up at lr 1.0E-12 until training error < 60% (mean of 2 steps, at most 50 iterations)");
        assertThat(log).contains(" warm-up over after iteration 5: training error 37.5% (mean of the last 2 steps) is below 60%;"
                + " learning rate 1.00e-12 -> 0.0500\n");
        assertThat(t.state().warmup()).isEqualTo(new Warmup.State(true, List.of(0.5, 0.25), 5));
    }

    /** Stopped during the warm-up, or after it: the resumed run ends as the one that never stopped. */
    @Test
    void resumeContinuesAWarmupInProgressAndNeverWarmsUpAgain(@TempDir Path tmp) throws Exception {
        Trainer straight = newRun(tmp.resolve("straight"));
        straight.fit();
        for (int stopAt : new int[]{3, 8}) {
            Path dir = tmp.resolve("stopped-at-" + stopAt);
            Trainer first = newRun(dir);
            first.addListener(new RunListener() {
                @Override
                public void step(Step s) {
                    if (s.iteration() == stopAt) first.requestStop();
                }
            });
            assertThat(first.fit().status()).isEqualTo(TrainingResult.Status.INTERRUPTED);
            Trainer resumed = Trainer.resume(RunDirectory.open(dir), recipe(2), DATA, null, OPTIONS);
            assertThat(resumed.state().warmingUp()).isEqualTo(stopAt < 5);
            assertThat(resumed.state().warmup().errors()).hasSize(2);
            resumed.fit();
            assertThat(TrainerTest.params(resumed.graph())).as("stopped at %d", stopAt)
                    .containsExactly(TrainerTest.params(straight.graph()));
            assertThat(TrainerTest.updater(resumed.graph())).containsExactly(TrainerTest.updater(straight.graph()));
            assertThat(MetricsLog.read(dir.resolve("metrics.csv")).stream().filter(x -> !x.isEpoch()).map(MetricsLog.Row::lr))
                    .containsExactly(WARMUP_LR, WARMUP_LR, WARMUP_LR, WARMUP_LR, WARMUP_LR, LR, LR, LR, LR, LR, LR, LR);
            String log = Files.readString(dir.resolve("train.log"));
            assertThat(log.split("warm-up over", -1)).as("one switch in train.log").hasSize(2);
            assertThat(log).contains("warm-up over after iteration 5:");
            assertThat(log).contains(stopAt < 5 ? ", in the warm-up)" : "iteration 8)");
        }
    }

    @Test
    void severalWorkersAreRefusedDuringAWarmup(@TempDir Path tmp) {
        EpochFitter twoWorkers = new EpochFitter() {
            @Override
            public int workers() {
                return 2;
            }

            @Override
            public void fit(ComputationGraph graph, DataSetIterator batches, StepObserver steps) {
                throw new AssertionError("not reached");
            }

            @Override
            public void stop() {
            }

            @Override
            public void close() {
            }
        };
        assertThatThrownBy(() -> newRun(tmp.resolve("run")).withEpochFitter(twoWorkers))
                .isInstanceOf(org.zoolab.BadInputException.class)
                .hasMessage("--workers 2: recipe warm warms up (warm-up at lr 1.0E-12 until training error < 60% (mean of 2 steps,"
                        + " at most 50 iterations)), which trains on one worker; leave out --workers");
    }
}
