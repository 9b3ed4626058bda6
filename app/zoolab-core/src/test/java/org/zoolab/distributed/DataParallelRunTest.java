package org.zoolab.distributed;

import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.zoolab.train.EpochData;
import org.zoolab.train.Experiment;
import org.zoolab.train.InMemoryData;
import org.zoolab.train.MetricsLog;
import org.zoolab.train.ModelFile;
import org.zoolab.train.Recipe;
import org.zoolab.train.Recipes;
import org.zoolab.train.RunDirectory;
import org.zoolab.train.RunListener;
import org.zoolab.train.Trainer;
import org.zoolab.train.TrainingDivergedException;
import org.zoolab.train.TrainingResult;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A {@link Trainer} run through {@link DataParallelFitter}: checkpoints, stop and resume, the NaN guard. */
class DataParallelRunTest {
    static final DataSet TRAIN = DataParallelTrainerTest.quadrants(192, 1);
    static final DataSet VAL = DataParallelTrainerTest.quadrants(64, 2);

    static ComputationGraphConfiguration conf() {
        return DataParallelTrainerTest.convNetConf(new NeuralNetConfiguration.Builder().seed(7));
    }

    /** The lenet5 recipe (momentum SGD) at lr 0.05, batch 16: 12 batches an epoch. */
    static Recipe recipe(int epochs) {
        return Recipes.load().named("lenet5").withOverrides(epochs, 16, 0.05);
    }

    static DataSetIterator validation() {
        return new ListDataSetIterator<>(VAL.asList(), 32);
    }

    static DataParallelFitter fitter(String mode) {
        return DataParallelFitter.of(new Experiment.Parallel(2, mode, 1, 1e-2));
    }

    @Test
    void checkpointsEveryFourUpdatesStopsAndResumesWithTwoWorkers(@TempDir Path tmp) throws Exception {
        Trainer.Options o = Trainer.Options.defaults(3).withCheckpointEvery(4).withKeepLast(10).withLogEvery(1);
        Path run = tmp.resolve("run");
        TrainingResult first;
        try (DataParallelFitter f = fitter("averaging")) {
            Trainer t = Trainer.start(conf(), recipe(2), new InMemoryData(TRAIN, 16, 5), validation(), RunDirectory.create(run), o)
                    .withEpochFitter(f);
            t.addListener(new RunListener() {
                @Override
                public void step(Step s) {
                    if (s.iteration() == 13) t.requestStop();
                }
            });
            first = t.fit();
        }
        // two workers train in rounds of two batches: the round in flight when the stop came ends at update 14
        assertThat(first.status()).isEqualTo(TrainingResult.Status.INTERRUPTED);
        assertThat(first.model().getFileName().toString()).isEqualTo("epoch-0001-iter-00000014.zip");
        assertThat(RunDirectory.open(run).listCheckpoints()).extracting(p -> p.getFileName().toString())
                .containsExactly("epoch-0000-iter-00000004.zip", "epoch-0000-iter-00000008.zip",
                        "epoch-0001-iter-00000012.zip", "epoch-0001-iter-00000014.zip");

        TrainingResult done;
        Trainer resumed;
        try (DataParallelFitter f = fitter("averaging")) {
            resumed = Trainer.resume(RunDirectory.open(run), recipe(2), new InMemoryData(TRAIN, 16, 5), validation(), o)
                    .withEpochFitter(f);
            assertThat(resumed.state().epoch()).isEqualTo(1);
            assertThat(resumed.state().batchInEpoch()).isEqualTo(2);
            done = resumed.fit();
        }
        assertThat(done.status()).isEqualTo(TrainingResult.Status.FINISHED);
        assertThat(done.iterations()).isEqualTo(24);
        assertThat(done.lastValidation().top1()).as("the quadrant task is learnt").isGreaterThan(0.9);
        List<MetricsLog.Row> rows = MetricsLog.read(run.resolve("metrics.csv"));
        assertThat(rows.stream().filter(r -> !r.isEpoch()).map(MetricsLog.Row::iteration).toList())
                .isEqualTo(java.util.stream.IntStream.rangeClosed(1, 24).boxed().toList());
        assertThat(rows.stream().filter(MetricsLog.Row::isEpoch).map(MetricsLog.Row::iteration).toList()).containsExactly(12, 24);
        assertThat(ModelFile.load(run.resolve("model.zip")).params().isNaN().any()).isFalse();
    }

    @Test
    void aNanLossStopsADataParallelRunAtTheLastGoodCheckpoint(@TempDir Path tmp) {
        EpochData nanInEpoch2 = new EpochData() {
            final InMemoryData base = new InMemoryData(TRAIN, 16, 5);

            @Override
            public DataSetIterator epoch(int epoch) {
                List<DataSet> batches = new ArrayList<>();
                DataSetIterator it = base.epoch(epoch);
                while (it.hasNext()) {
                    DataSet b = it.next();
                    if (epoch == 1 && batches.size() == 3) b = new DataSet(b.getFeatures(), b.getLabels().dup().assign(Float.NaN));
                    batches.add(b);
                }
                return new ListDataSetIterator<>(batches, 1);
            }

            @Override
            public long examples() {
                return base.examples();
            }

            @Override
            public int batchSize() {
                return 16;
            }
        };
        Path run = tmp.resolve("run");
        try (DataParallelFitter f = fitter("sharing")) {
            Trainer t = Trainer.start(conf(), recipe(3), nanInEpoch2, validation(), RunDirectory.create(run),
                    Trainer.Options.defaults(1)).withEpochFitter(f);
            assertThatThrownBy(t::fit).isInstanceOf(TrainingDivergedException.class)
                    .hasMessageContaining("the loss became NaN at iteration")
                    .hasMessageContaining("(epoch 2, ")
                    .hasMessageContaining("The last good checkpoint is " + run.resolve("checkpoints/epoch-0001-iter-00000012.zip"));
        }
        RunDirectory dir = RunDirectory.open(run);
        assertThat(dir.listCheckpoints()).extracting(p -> p.getFileName().toString()).containsExactly("epoch-0001-iter-00000012.zip");
        assertThat(Files.exists(dir.finalModel())).isFalse();
    }

    @Test
    void moreWorkersThanBatchesIsRefused(@TempDir Path tmp) {
        Trainer t = Trainer.start(conf(), recipe(1), new InMemoryData(TRAIN, 64, 5), validation(), RunDirectory.create(tmp.resolve("r")),
                Trainer.Options.defaults(1));
        try (DataParallelFitter f = DataParallelFitter.of(new Experiment.Parallel(4, "sharing", null, null))) {
            assertThatThrownBy(() -> t.withEpochFitter(f)).isInstanceOf(org.zoolab.BadInputException.class)
                    .hasMessage("--workers 4: an epoch has only 3 batches, so at most 3 workers can train at once");
        }
    }

}
