package org.zoolab.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zoolab.data.BadFileReport;
import org.zoolab.train.MetricsLog;
import org.zoolab.train.ModelFile;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code zoolab train MODEL --data DIR --pipeline FILE.yaml} end to end on a class-folder tree written here:
 * three classes of 12 small images (40x48, a distinct colour each plus noise and a bar), a text file named .jpg
 * among them, a pipeline of warp 36, random crop 32, mirror, channel mean; LeNet-5 built for 3x32x32.
 */
class PipelineTrainingTest {
    static final List<String> CLASSES = List.of("blue", "green", "red");

    @TempDir
    static Path tmp;
    static Path tree;
    static Path pipeline;
    static Path broken;

    static final String YAML = """
            name: tiny
            source: {type: class-folder, dataset: tiny, train: train, eval: val}
            decode: {channels: 3}
            train:
              - warp: {width: 36, height: 36}
              - random-crop: {size: 32}
              - horizontal-mirror: {p: 0.5}
              - channel-mean: {}
              - scale-values: {divide-by: 64}
            eval:
              - warp: {width: 36, height: 36}
              - center-crop: {size: 32}
              - channel-mean: {}
              - scale-values: {divide-by: 64}
            eval-modes: [center, ten-crop]
            batch-size: 8
            prefetch: 2
            decode-threads: 2
            """;

    @BeforeAll
    static void writeTree() throws Exception {
        tree = tmp.resolve("shapes");
        writeSplit(tree.resolve("train"), 12, 1);
        writeSplit(tree.resolve("val"), 4, 2);
        broken = tree.resolve("train/red/broken.jpg");
        Files.writeString(broken, "this is not a JPEG\n");
        pipeline = tmp.resolve("tiny.yaml");
        Files.writeString(pipeline, YAML);
    }

    static void writeSplit(Path dir, int perClass, long seed) throws Exception {
        Random r = new Random(seed);
        int[][] colours = {{40, 60, 210}, {50, 200, 60}, {220, 50, 40}};
        for (int k = 0; k < CLASSES.size(); k++) {
            Path cls = Files.createDirectories(dir.resolve(CLASSES.get(k)));
            for (int i = 0; i < perClass; i++) {
                BufferedImage img = new BufferedImage(48, 40, BufferedImage.TYPE_INT_RGB);
                int bar = r.nextInt(30);
                for (int y = 0; y < 40; y++) {
                    for (int x = 0; x < 48; x++) {
                        int shade = x >= bar && x < bar + 8 ? -30 : 0;
                        int[] c = new int[3];
                        for (int ch = 0; ch < 3; ch++) {
                            c[ch] = Math.max(0, Math.min(255, colours[k][ch] + shade + r.nextInt(41) - 20));
                        }
                        img.setRGB(x, y, (c[0] << 16) | (c[1] << 8) | c[2]);
                    }
                }
                ImageIO.write(img, i % 2 == 0 ? "png" : "jpg", cls.resolve(String.format("%s-%02d.%s", CLASSES.get(k), i, i % 2 == 0 ? "png" : "jpg")).toFile());
            }
        }
    }

    static CliRun train(Path out, String... more) {
        String[] base = {"train", "lenet5", "--data", tree.toString(), "--pipeline", pipeline.toString(), "--lr", "0.02",
                "--seed", "7", "--out", out.toString()};
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return CliRun.of(args);
    }

    static void mean() {
        CliRun mean = CliRun.of("data", "mean", pipeline.toString(), "--data", tree.toString());
        assertThat(mean.exitCode()).as(mean.err()).isEqualTo(0);
        assertThat(mean.out()).contains("images:        36 used, 1 skipped");
    }

    @Test
    void missingMeanNamesTheCommandThenTrainingLearnsAndListsTheBadFile() throws Exception {
        Path statsDir = tree.resolve("train/.zoolab");
        if (Files.isDirectory(statsDir)) {
            try (var files = Files.list(statsDir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
        }
        CliRun noMean = train(tmp.resolve("no-mean"), "--epochs", "1");
        assertThat(noMean.exitCode()).isEqualTo(2);
        assertThat(noMean.err()).isEqualTo("zoolab: error: pipeline tiny subtracts the mean of its training images, and "
                + statsDir.toAbsolutePath().resolve("mean-warp-36x36.json") + " does not exist yet; compute it once with: zoolab data mean "
                + pipeline + " --data " + tree + System.lineSeparator());

        mean();
        Path run = tmp.resolve("run");
        CliRun r = train(run, "--epochs", "4");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("model    lenet5  input 3x32x32, 3 classes")
                .contains("37 training images; validation: class folders " + tree.toAbsolutePath().resolve("val") + " (12 images, 3 classes)")
                .contains("batch 8, 4 epochs");
        for (String f : new String[]{"metrics.csv", "model.zip", "pipeline/pipeline.yaml", "pipeline/mean-warp-36x36.json",
                BadFileReport.FILE_NAME}) {
            assertThat(run.resolve(f)).exists();
        }
        assertThat(Files.readString(run.resolve("pipeline/pipeline.yaml"))).isEqualTo(YAML);
        List<String> report = Files.readAllLines(run.resolve(BadFileReport.FILE_NAME));
        assertThat(report).hasSize(2);
        assertThat(report.get(1)).startsWith("skipped\t" + broken.toAbsolutePath() + "\t");
        assertThat(Files.readString(run.resolve("train.log"))).contains("epoch 1: bad files: 1 file skipped");

        List<MetricsLog.Row> epochs = MetricsLog.read(run.resolve("metrics.csv")).stream().filter(MetricsLog.Row::isEpoch).toList();
        assertThat(epochs).hasSize(4);
        assertThat(epochs.get(3).trainLoss()).isLessThan(epochs.get(0).trainLoss());
        assertThat(epochs.get(3).valTop1()).isGreaterThan(0.6);   // chance: 1/3

        CliRun ten = CliRun.of("eval", run.toString(), "--data", tree.toString(), "--crop", "ten");
        assertThat(ten.exitCode()).as(ten.err()).isEqualTo(0);
        assertThat(ten.out()).contains("data     class folders " + tree.toAbsolutePath().resolve("val")
                + " (12 images, 3 classes) through pipeline tiny: 12 images (ten crop)");
        CliRun center = CliRun.of("eval", run.toString(), "--data", tree.toString());
        assertThat(center.exitCode()).as(center.err()).isEqualTo(0);
        // the centre-crop evaluation is the last validation of training
        assertThat(center.out()).contains(String.format(java.util.Locale.ROOT, "top-1    %6.2f%%", 100 * epochs.get(3).valTop1()));

        Path image = tree.resolve("val/green/green-00.png");
        CliRun predict = CliRun.of("predict", run.resolve("model.zip").toString(), image.toString(), "--top", "3");
        assertThat(predict.exitCode()).as(predict.err()).isEqualTo(0);
        assertThat(predict.out().lines().toList()).hasSize(4).first().isEqualTo(image.toString());

        Path outside = tmp.resolve("copied.zip");
        Files.copy(run.resolve("model.zip"), outside);
        CliRun lost = CliRun.of("predict", outside.toString(), image.toString());
        assertThat(lost.exitCode()).isEqualTo(2);
        assertThat(lost.err()).contains(outside + " was trained with pipeline " + pipeline);
    }

    @Test
    void resumeAfterOneEpochEqualsTwoStraightEpochs() throws Exception {
        mean();
        Path straight = tmp.resolve("straight");
        CliRun a = train(straight, "--epochs", "2");
        assertThat(a.exitCode()).as(a.err()).isEqualTo(0);
        Path stopped = tmp.resolve("stopped");
        CliRun b = train(stopped, "--epochs", "1");
        assertThat(b.exitCode()).as(b.err()).isEqualTo(0);
        CliRun c = CliRun.of("train", "--resume", stopped.toString(), "--epochs", "2");
        assertThat(c.exitCode()).as(c.err()).isEqualTo(0);
        assertThat(c.out()).contains("resumed  from checkpoints/epoch-0001-iter-00000005.zip (epoch 2, batch 0, iteration 5)");
        float[] p1 = ModelFile.read(straight.resolve("model.zip"), false).graph().params().data().asFloat();
        float[] p2 = ModelFile.read(stopped.resolve("model.zip"), false).graph().params().data().asFloat();
        assertThat(p2).containsExactly(p1);
    }

    @Test
    void strictStopsAtTheBadFile() throws Exception {
        mean();
        CliRun r = train(tmp.resolve("strict"), "--epochs", "1", "--strict");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).endsWith("zoolab: error: " + broken.toAbsolutePath() + ": not an image (no decoder recognises the"
                + " content; it starts with text: \"this is not a JPEG\") (--strict stops at the first bad file)" + System.lineSeparator());
    }

    @Test
    void aTreeWithoutTrainFolderHoldsOutValidationImages() throws Exception {
        Path flat = tmp.resolve("flat");
        writeSplit(flat, 6, 3);
        CliRun mean = CliRun.of("data", "mean", pipeline.toString(), "--data", flat.toString());
        assertThat(mean.exitCode()).as(mean.err()).isEqualTo(0);
        CliRun noHoldout = CliRun.of("train", "lenet5", "--data", flat.toString(), "--pipeline", pipeline.toString(),
                "--holdout", "0", "--out", tmp.resolve("flat-0").toString());
        assertThat(noHoldout.exitCode()).isEqualTo(2);
        assertThat(noHoldout.err()).contains("has no train/ folder, so it is itself the tree of class folders").contains("--holdout N");
        Path experiment = tmp.resolve("flat.yaml");
        Files.writeString(experiment, "model: lenet5\ndata: " + flat + "\npipeline: " + pipeline + "\nholdout: 4\nepochs: 1\n");
        CliRun r = CliRun.of("train", "--experiment", experiment.toString(), "--out", tmp.resolve("flat-run").toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("14 training images; validation: 4 images held out of class folders " + flat.toAbsolutePath()
                + " (18 images, 3 classes)").contains("3 classes");

        // the tree changed since the mean was computed: refused, naming both and the command
        writeSplit(tmp.resolve("extra"), 1, 6);
        Files.move(tmp.resolve("extra/red/red-00.png"), flat.resolve("red/red-99.png"));
        CliRun changed = CliRun.of("train", "--experiment", experiment.toString(), "--out", tmp.resolve("flat-changed").toString());
        assertThat(changed.exitCode()).isEqualTo(2);
        assertThat(changed.err()).contains("was computed on other data: class folders " + flat.toAbsolutePath() + " (18 images, 3 classes)")
                .contains("training uses class folders " + flat.toAbsolutePath() + " (19 images, 3 classes)")
                .endsWith("; the command: zoolab data mean " + pipeline + " --data " + flat + System.lineSeparator());
        CliRun resume = CliRun.of("train", "--resume", tmp.resolve("flat-run").toString(), "--epochs", "2");
        assertThat(resume.exitCode()).isEqualTo(2);
        assertThat(resume.err()).startsWith("zoolab: error: " + tmp.resolve("flat-run") + " was trained on other images than "
                + flat + " holds now, so it cannot resume exactly");
    }

    @Test
    void denseAnd144CropEvaluationOfAPipelineRun() throws Exception {
        Path rescaling = tmp.resolve("rescaling.yaml");
        Files.writeString(rescaling, YAML.replace("name: tiny", "name: rescaling")
                .replace("  - warp: {width: 36, height: 36}\n  - center-crop", "  - scale-shorter-side: {size: 36}\n  - center-crop")
                .replace("eval-modes: [center, ten-crop]", "eval-modes: [center, ten-crop, 144-crop, dense]"));
        CliRun mean = CliRun.of("data", "mean", rescaling.toString(), "--data", tree.toString());
        assertThat(mean.exitCode()).as(mean.err()).isEqualTo(0);
        Path run = tmp.resolve("rescaling-run");
        CliRun r = CliRun.of("train", "lenet5", "--data", tree.toString(), "--pipeline", rescaling.toString(), "--lr", "0.02",
                "--seed", "7", "--epochs", "1", "--out", run.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(0);

        CliRun dense = CliRun.of("eval", run.toString(), "--data", tree.toString(), "--crop", "dense", "--scales", "32,40");
        assertThat(dense.exitCode()).as(dense.err()).isEqualTo(0);
        assertThat(dense.out()).contains("dense    fully convolutional net (converted ")
                .contains("dense at Q = [32, 40] (+ mirror)")
                .contains("through pipeline rescaling: 12 images (dense crop)");
        assertThat(Files.readString(run.resolve("eval/summary.json"))).contains("\"dense\"");

        CliRun crops = CliRun.of("eval", run.toString(), "--data", tree.toString(), "--crop", "144", "--scales", "32,36,40,44", "--batch", "300");
        assertThat(crops.exitCode()).as(crops.err()).isEqualTo(0);
        assertThat(crops.out()).contains("through pipeline rescaling: 12 images (144 crop)");

        CliRun wrong = CliRun.of("eval", run.toString(), "--data", tree.toString(), "--scales", "256");
        assertThat(wrong.exitCode()).isEqualTo(2);
        assertThat(wrong.err()).isEqualTo("zoolab: error: --scales applies to --crop dense and --crop 144, not --crop center"
                + System.lineSeparator());
    }

    @Test
    void mismatchedClassesAndCropsAreRefused() throws Exception {
        Path odd = tmp.resolve("odd");
        writeSplit(odd.resolve("train"), 2, 4);
        writeSplit(odd.resolve("val"), 1, 5);
        Files.move(odd.resolve("val/red"), odd.resolve("val/yellow"));
        CliRun r = CliRun.of("train", "lenet5", "--data", odd.toString(), "--pipeline", pipeline.toString(), "--out", tmp.resolve("odd-run").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("zoolab: error: " + odd.toAbsolutePath().resolve("val") + ": its class folders differ from those of "
                + odd.toAbsolutePath().resolve("train") + "; missing: red; not in training: yellow (labels are the class folders in"
                + " sorted order, so both must have the same ones)" + System.lineSeparator());

        CliRun crop = CliRun.of("train", "vgg16", "--data", odd.toString(), "--pipeline", "alexnet", "--out", tmp.resolve("crop").toString());
        assertThat(crop.exitCode()).isEqualTo(2);
        // the size comes from alexnet's step definitions, before the data is opened: the file, the model and both shapes
        assertThat(crop.err()).isEqualTo("zoolab: error: pipeline alexnet (pipelines/alexnet.yaml) makes 227x227 images but vgg-d"
                + " expects 224x224 input; use a pipeline that makes 224x224 (see docs/pipelines.md), or a pipeline .yaml file to"
                + " train at another size" + System.lineSeparator());
    }
}
