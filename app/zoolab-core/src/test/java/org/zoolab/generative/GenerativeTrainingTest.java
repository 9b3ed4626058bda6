package org.zoolab.generative;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zoolab.BadInputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GenerativeTrainingTest {

    @TempDir
    Path tmp;

    @Test
    void vae2dRunWritesMetricsPicturesAndResumesToTheSameWeights() throws Exception {
        GenerativeData data = SyntheticDigits.data(300, 100);
        Path straight = tmp.resolve("straight");
        GenerativeTraining.train(GenerativeOptions.builder("vae-2d", straight).epochs(2).batch(50).seed(5).build(), data);

        List<String> lines = Files.readAllLines(straight.resolve("metrics.csv"));
        assertThat(lines.get(0)).isEqualTo("epoch,train_elbo,train_reconstruction,train_kl,test_elbo,test_reconstruction,test_kl,epoch_seconds");
        assertThat(lines).hasSize(3);
        MetricsTable m = MetricsTable.read(straight.resolve("metrics.csv"), VaeTraining.COLUMNS);
        double[] elbo = m.column("test_elbo"), rec = m.column("test_reconstruction"), kl = m.column("test_kl");
        for (int i = 0; i < 2; i++) {
            assertThat(elbo[i]).isCloseTo(rec[i] - kl[i], org.assertj.core.api.Assertions.within(1e-3));
        }
        assertThat(elbo[1]).isGreaterThan(elbo[0]);
        for (String f : List.of("run.json", "checkpoint.zip", "samples/epoch-001.png", "samples/epoch-002.png",
                "reconstructions.png", "prior-samples.png", "elbo.png", "manifold.png", "latent-scatter.png")) {
            assertThat(straight.resolve(f)).isRegularFile();
        }
        try (var files = Files.list(straight)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }

        Path resumed = tmp.resolve("resumed");
        GenerativeTraining.train(GenerativeOptions.builder("vae-2d", resumed).epochs(1).batch(50).seed(5).build(), data);
        GenerativeTraining.train(GenerativeOptions.builder("vae-2d", resumed).epochs(2).batch(50).seed(5).resume(true).build(), data);
        GenerativeCheckpoint a = GenerativeCheckpoint.read(straight.resolve(GenerativeCheckpoint.FILE));
        GenerativeCheckpoint b = GenerativeCheckpoint.read(resumed.resolve(GenerativeCheckpoint.FILE));
        assertThat(b.epoch()).isEqualTo(2);
        assertThat(b.net("encoder").params()).isEqualTo(a.net("encoder").params());
        assertThat(b.net("decoder").params()).isEqualTo(a.net("decoder").params());
        assertThat(Files.readAllLines(resumed.resolve("metrics.csv"))).hasSize(3);
    }

    @Test
    void ganRunMeasuresLeNetFidAndCoverageAndCheckpointsBothNets() throws Exception {
        GenerativeData data = SyntheticDigits.data(256, 200);
        Path dir = tmp.resolve("gan");
        GenerativeTraining.train(GenerativeOptions.builder("gan", dir).epochs(1).batch(64).seed(3)
                .fidSamples(100).coverageSamples(100).classifierEpochs(1).build(), data);
        assertThat(Files.readAllLines(dir.resolve("metrics.csv")).get(0))
                .isEqualTo("epoch,d_loss,g_loss,d_real,d_fake,lenet_fid,fid_ratio,classes_covered,epoch_seconds");
        MetricsTable m = MetricsTable.read(dir.resolve("metrics.csv"), GanTraining.COLUMNS);
        assertThat(m.size()).isEqualTo(1);
        assertThat(m.column("lenet_fid")[0]).isPositive();
        assertThat(m.column("classes_covered")[0]).isBetween(0.0, 10.0);
        assertThat(MetricsTable.read(dir.resolve("iterations.csv"), GanTraining.STEP_COLUMNS).size()).isEqualTo(4);
        String fid = Files.readString(dir.resolve("fid.json"));
        assertThat(fid).contains("\"samples\" : 100", "realVsReal", "untrainedGenerator", "classifierAccuracy");
        for (String f : List.of("samples/epoch-000.png", "samples/epoch-001.png", "losses.png", "lenet5-fid.zip", "checkpoint.zip")) {
            assertThat(dir.resolve(f)).isRegularFile();
        }
        GenerativeCheckpoint cp = GenerativeCheckpoint.read(dir.resolve(GenerativeCheckpoint.FILE));
        assertThat(cp.net("generator").getIterationCount()).isEqualTo(4);
        assertThat(cp.net("discriminator").getIterationCount()).isEqualTo(4);
        assertThat(cp.net("generator").getUpdater().getStateViewArray().sumNumber().doubleValue()).isNotZero();
        assertThat(cp.net("discriminator").getUpdater().getStateViewArray().sumNumber().doubleValue()).isNotZero();

        GenerativeRun run = GenerativeRun.open(dir);
        assertThat(run.sample(9, 1).shape()).containsExactly(9, 1, 28, 28);
        assertThatThrownBy(() -> run.manifold(10)).isInstanceOf(BadInputException.class).hasMessageContaining("needs a VAE run");
        // one epoch: the best epoch by LeNet-FID is that epoch, with its figures
        assertThat(GenerativeRun.open(dir, true).epoch()).isEqualTo(1);
        var best = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("best.json").toFile());
        assertThat(best.get("epoch").asInt()).isEqualTo(1);
        assertThat(best.get("lenetFid").asDouble()).isCloseTo(m.column("lenet_fid")[0], org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void refusesToOverwriteARunAndToResumeNothing() {
        GenerativeData data = SyntheticDigits.data(50, 20);
        Path dir = tmp.resolve("v");
        assertThatThrownBy(() -> GenerativeTraining.train(GenerativeOptions.builder("vae", dir).epochs(1).resume(true).build(), data))
                .isInstanceOf(BadInputException.class).hasMessageContaining("nothing to resume");
        GenerativeTraining.train(GenerativeOptions.builder("vae", dir).epochs(1).batch(25).build(), data);
        assertThatThrownBy(() -> GenerativeTraining.train(GenerativeOptions.builder("vae", dir).epochs(1).build(), data))
                .isInstanceOf(BadInputException.class).hasMessageContaining("already holds a run");
        assertThatThrownBy(() -> GenerativeRun.open(dir, true))
                .isInstanceOf(BadInputException.class).hasMessageContaining("no best-epoch checkpoint");
        assertThatThrownBy(() -> GenerativeTraining.train(GenerativeOptions.builder("vae", dir).epochs(2).batch(10).resume(true).build(), data))
                .isInstanceOf(BadInputException.class).hasMessageContaining("--resume must use the same");
        assertThatThrownBy(() -> GenerativeTraining.train(GenerativeOptions.builder("lenet5", tmp.resolve("x")).build(), data))
                .isInstanceOf(BadInputException.class).hasMessageContaining("not a generative model");
    }

    @Test
    void nanGuardStopsBeforeTheBadStepAndNamesTheLastCheckpoint() throws Exception {
        GenerativeData clean = SyntheticDigits.data(40, 20);
        Path dir = tmp.resolve("nan");
        GenerativeTraining.train(GenerativeOptions.builder("vae", dir).epochs(1).batch(40).seed(1).build(), clean);
        GenerativeCheckpoint before = GenerativeCheckpoint.read(dir.resolve(GenerativeCheckpoint.FILE));
        org.nd4j.linalg.api.ndarray.INDArray px = clean.train().all().dup();
        px.putScalar(new long[]{0, 0, 5, 5}, Double.NaN);
        ImageSet poisoned = new ImageSet(px, clean.train().labels(), 1, 28, 28, 10);
        GenerativeData bad = new GenerativeData("synthetic", poisoned, clean.test(), clean.classNames());
        assertThatThrownBy(() -> GenerativeTraining.train(GenerativeOptions.builder("vae", dir).epochs(2).batch(40).seed(1).resume(true).build(), bad))
                .isInstanceOf(NonFiniteLossException.class)
                .hasMessageContaining("epoch 2, iteration 1")
                .hasMessageContaining("the last checkpoint (epoch 1)");
        GenerativeCheckpoint after = GenerativeCheckpoint.read(dir.resolve(GenerativeCheckpoint.FILE));
        assertThat(after.epoch()).isEqualTo(1);
        assertThat(after.net("encoder").params()).isEqualTo(before.net("encoder").params());
    }
}
