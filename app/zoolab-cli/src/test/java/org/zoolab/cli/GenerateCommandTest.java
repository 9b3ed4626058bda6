package org.zoolab.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;
import org.zoolab.generative.GenerativeData;
import org.zoolab.generative.GenerativeOptions;
import org.zoolab.generative.GenerativeTraining;
import org.zoolab.generative.ImageSet;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class GenerateCommandTest {
    @TempDir
    static Path tmp;
    static Path vaeRun;

    /** Bars at class-dependent places: enough for a one-epoch 2-D VAE run. */
    private static ImageSet bars(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] px = new float[n * 784];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rng.nextInt(10);
            for (int y = 0; y < 28; y++) px[i * 784 + y * 28 + 4 + 2 * labels[i]] = 1f;
        }
        return new ImageSet(Nd4j.create(px, new long[]{n, 784}, 'c'), labels, 1, 28, 28, 10);
    }

    @BeforeAll
    static void trainATinyVae() {
        GenerativeData data = new GenerativeData("bars", bars(100, 1), bars(50, 2), List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
        vaeRun = GenerativeTraining.train(GenerativeOptions.builder("vae-2d", tmp.resolve("vae")).epochs(1).batch(50).build(), data);
    }

    @Test
    void samplesGoToAPngGrid() throws Exception {
        Path out = tmp.resolve("grid.png");
        CliRun run = CliRun.of("generate", vaeRun.toString(), "--n", "16", "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("grid.png", "16 samples", "vae-2d on bars, epoch 1");
        BufferedImage img = ImageIO.read(out.toFile());
        // 4 x 4 images of 28 px at scale 2, gaps of 2 px
        assertThat(img.getWidth()).isEqualTo(2 + 4 * (56 + 2));
        assertThat(img.getHeight()).isEqualTo(2 + 4 * (56 + 2));
    }

    @Test
    void manifoldOfTheTwoDimensionalVae() throws Exception {
        Path out = tmp.resolve("manifold.png");
        CliRun run = CliRun.of("generate", vaeRun.toString(), "--manifold", "--steps", "5", "--scale", "1", "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("5x5 manifold");
        assertThat(ImageIO.read(out.toFile()).getWidth()).isEqualTo(2 + 5 * (28 + 2));
    }

    @Test
    void badInputExitsTwoWithOneLine() {
        CliRun notARun = CliRun.of("generate", tmp.resolve("nothing").toString());
        assertThat(notARun.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(notARun.err().trim()).startsWith("zoolab: error: ").endsWith("no such run directory").doesNotContain("Exception");
        CliRun zero = CliRun.of("generate", vaeRun.toString(), "--n", "0");
        assertThat(zero.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(zero.err()).contains("--n must be at least 1, got 0");
    }

    @Test
    void trainDispatchesGenerativeModelsAndRejectsWhatDoesNotApply() {
        CliRun cifar = CliRun.of("train", "gan", "--data", "cifar10", "--out", tmp.resolve("g").toString());
        assertThat(cifar.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(cifar.err()).contains("--data must be one of [mnist, fashion-mnist] for a generative model, got 'cifar10'");
        CliRun recipe = CliRun.of("train", "dcgan", "--data", "mnist", "--recipe", "paper");
        assertThat(recipe.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(recipe.err()).contains("dcgan is a generative model", "zoo-configs/gan.yaml");
        // --resume of a generative run goes to the generative trainer: it reloads the run's own data set by name
        CliRun resume = CliRun.of("train", "--resume", vaeRun.toString(), "--epochs", "2");
        assertThat(resume.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(resume.err()).contains("got 'bars'");
    }

    @Test
    void classifierGoesWithGanTrainingOnlyAndBestNeedsAGanRun() {
        String lenet = tmp.resolve("lenet5-fid.zip").toString();
        for (CliRun r : new CliRun[]{
                CliRun.of("train", "vae", "--data", "mnist", "--classifier", lenet),
                CliRun.of("train", "lenet5", "--data", "mnist", "--classifier", lenet),
                CliRun.of("train", "--resume", vaeRun.toString(), "--classifier", lenet)}) {
            assertThat(r.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
            assertThat(r.err()).contains("--classifier goes with training a GAN named here").doesNotContain("Exception");
        }
        assertThat(CliRun.of("train", "vae", "--data", "mnist", "--classifier", lenet).err()).contains("vae has no use for it");
        CliRun unknown = CliRun.of("train", "ganz", "--data", "mnist", "--classifier", lenet);
        assertThat(unknown.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(unknown.err()).doesNotContain("--classifier");
        CliRun best = CliRun.of("generate", vaeRun.toString(), "--best");
        assertThat(best.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(best.err()).contains("no best-epoch checkpoint");
    }
}
