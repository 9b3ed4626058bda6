package org.zoolab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.zoolab.train.MetricsLog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.zoolab.cli.TrainCommandTest.run;

/** {@code zoolab train --workers N}: data-parallel runs keep a run's files, evaluate, resume; bad values fail clearly. */
class TrainWorkersTest {

    @ParameterizedTest
    @ValueSource(strings = {"sharing", "averaging"})
    void lenet5OnTwoWorkersLearnsAndEvaluates(String mode, @TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        TrainCommandTest.Result train = run("train", "lenet5", "--data", "synthetic", "--workers", "2", "--parallel-mode", mode,
                "--epochs", "2", "--out", run.toString());
        assertThat(train.code()).as(train.err()).isEqualTo(0);
        assertThat(train.out()).contains("workers  2, " + mode).contains("done     2 epochs, 64 iterations");
        for (String f : new String[]{"experiment.yaml", "metrics.csv", "train.log", "model.zip", "best.zip",
                "checkpoints/epoch-0002-iter-00000064.zip", "plots/loss.png"}) {
            assertThat(run.resolve(f)).exists();
        }
        assertThat(Files.readString(run.resolve("experiment.yaml"))).contains("parallel:").contains("workers: 2")
                .contains("mode: " + mode);

        List<MetricsLog.Row> epochs = MetricsLog.read(run.resolve("metrics.csv")).stream().filter(MetricsLog.Row::isEpoch).toList();
        assertThat(epochs).hasSize(2);
        assertThat(epochs.get(1).trainLoss()).isLessThan(epochs.get(0).trainLoss());
        assertThat(epochs.get(1).valTop1()).isGreaterThan(0.5);

        TrainCommandTest.Result eval = run("eval", run.toString());
        assertThat(eval.code()).as(eval.err()).isEqualTo(0);
        Matcher m = Pattern.compile("top-1 +(\\d+\\.\\d\\d)%").matcher(eval.out());
        assertThat(m.find()).as(eval.out()).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isGreaterThan(50.0);
    }

    @Test
    void resumesWithItsWorkers(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        TrainCommandTest.Result first = run("train", "lenet5", "--data", "synthetic", "--workers", "2", "--parallel-mode", "averaging",
                "--averaging-frequency", "2", "--epochs", "1", "--out", run.toString());
        assertThat(first.code()).as(first.err()).isEqualTo(0);
        TrainCommandTest.Result resumed = run("train", "--resume", run.toString(), "--epochs", "2");
        assertThat(resumed.code()).as(resumed.err()).isEqualTo(0);
        assertThat(resumed.out()).contains("workers  2, averaging every 2 rounds")
                .contains("resumed  from checkpoints/epoch-0001-iter-00000032.zip (epoch 2, batch 0, iteration 32)")
                .contains("done     2 epochs, 64 iterations");
        assertThat(MetricsLog.read(run.resolve("metrics.csv")).stream().filter(MetricsLog.Row::isEpoch).count()).isEqualTo(2);

        TrainCommandTest.Result other = run("train", "--resume", run.toString(), "--epochs", "3", "--workers", "3");
        assertThat(other.code()).isEqualTo(2);
        assertThat(other.err()).contains("--resume continues a run as it was (its workers too)");
    }

    @Test
    void badWorkerCountsNameTheOption(@TempDir Path tmp) {
        TrainCommandTest.Result zero = run("train", "lenet5", "--data", "synthetic", "--workers", "0", "--out", tmp.resolve("a").toString());
        assertThat(zero.code()).isEqualTo(2);
        assertThat(zero.err()).isEqualTo("zoolab: error: --workers must be at least 1 (1: the plain single-threaded loop), got 0"
                + System.lineSeparator());
        TrainCommandTest.Result negative = run("train", "lenet5", "--data", "synthetic", "--workers", "-2");
        assertThat(negative.code()).isEqualTo(2);
        assertThat(negative.err()).contains("--workers must be at least 1").contains("got -2");

        Path tooMany = tmp.resolve("b");
        TrainCommandTest.Result many = run("train", "lenet5", "--data", "synthetic", "--workers", "33", "--out", tooMany.toString());
        assertThat(many.code()).isEqualTo(2);
        assertThat(many.err()).isEqualTo("zoolab: error: --workers 33: an epoch has only 32 batches, so at most 32 workers "
                + "can train at once" + System.lineSeparator());
        assertThat(tooMany).doesNotExist();

        TrainCommandTest.Result mode = run("train", "lenet5", "--data", "synthetic", "--workers", "2", "--parallel-mode", "ring");
        assertThat(mode.code()).isEqualTo(2);
        assertThat(mode.err()).contains("--parallel-mode: unknown mode 'ring'; expected sharing or averaging");
        TrainCommandTest.Result alone = run("train", "lenet5", "--data", "synthetic", "--threshold", "0.01");
        assertThat(alone.code()).isEqualTo(2);
        assertThat(alone.err()).contains("go with --workers N (N >= 2)");
    }
}
