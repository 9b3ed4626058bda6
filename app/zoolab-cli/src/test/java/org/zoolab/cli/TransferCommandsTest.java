package org.zoolab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zoolab.train.MetricsLog;
import org.zoolab.train.ModelFile;
import org.zoolab.train.ModelInput;
import org.zoolab.train.SegmentationRun;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** finetune, features, viz, segment and import from the command line, on synthetic data and untrained zoo nets. */
class TransferCommandsTest {

    static Path png(Path file, int size, long seed) throws Exception {
        Files.createDirectories(file.getParent());
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(seed);
        for (int y = 0; y < size; y++) for (int x = 0; x < size; x++) img.setRGB(x, y, r.nextInt(0xffffff));
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    /** A fine-tuned run is a normal run: eval, predict, resume work on it, and resume keeps the frozen layers frozen. */
    @Test
    void finetuneMakesANormalRunDirectory(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("ft");
        CliRun ft = CliRun.of("finetune", "--from", "lenet5", "--data", "synthetic", "--freeze-until", "c3", "--head-lr", "0.02",
                "--epochs", "1", "--batch", "100", "--out", run.toString());
        assertThat(ft.exitCode()).as(ft.err()).isZero();
        assertThat(ft.out()).contains("frozen   c1, c3\n").contains("trained  c5, f6, output (new head 'output': 10 classes, lr 0.02)");
        assertThat(Files.readString(run.resolve("finetune.json"))).contains("\"freezeUntil\" : \"c3\"");
        float[] c1 = ModelFile.load(run.resolve("model.zip")).getLayer("c1").params().dup().data().asFloat();

        CliRun eval = CliRun.of("eval", run.toString());
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        assertThat(eval.out()).contains("synthetic test split: 500 images");
        Path img = png(tmp.resolve("img/a.png"), 28, 1);
        CliRun predict = CliRun.of("predict", run.toString(), img.toString());
        assertThat(predict.exitCode()).as(predict.err()).isZero();

        CliRun resume = CliRun.of("train", "--resume", run.toString(), "--epochs", "2");
        assertThat(resume.exitCode()).as(resume.err()).isZero();
        assertThat(MetricsLog.read(run.resolve("metrics.csv")).stream().filter(MetricsLog.Row::isEpoch).count()).isEqualTo(2);
        assertThat(ModelFile.load(run.resolve("model.zip")).getLayer("c1").params().dup().data().asFloat()).containsExactly(c1);

        // features of a folder with class folders, then their t-SNE map
        png(tmp.resolve("imgs/cat/1.png"), 28, 2);
        png(tmp.resolve("imgs/cat/2.png"), 28, 3);
        png(tmp.resolve("imgs/dog/3.png"), 28, 4);
        png(tmp.resolve("imgs/dog/4.png"), 28, 5);
        Files.writeString(tmp.resolve("imgs/dog/notes.png"), "not an image");
        CliRun f = CliRun.of("features", run.toString(), "--layer", "f6", "--data", tmp.resolve("imgs").toString(),
                "--out", tmp.resolve("f.csv").toString(), "--batch", "3");
        assertThat(f.exitCode()).as(f.err()).isZero();
        assertThat(f.out()).contains("4 images x 84 features").contains("skipped  1 files are not readable images: dog/notes.png");
        List<String> csv = Files.readAllLines(tmp.resolve("f.csv"));
        assertThat(csv).hasSize(5);
        assertThat(csv.get(0)).startsWith("file,label,f0,f1,").endsWith(",f83");
        assertThat(csv.get(1)).startsWith("cat/1.png,cat,");
        CliRun t = CliRun.of("viz", "tsne", tmp.resolve("f.csv").toString(), "--out", tmp.resolve("map.png").toString(), "--iterations", "300");
        assertThat(t.exitCode()).as(t.err()).isZero();
        assertThat(t.out()).contains("4 points").contains("perplexity lowered to 1.0 for 4 points");

        CliRun s = CliRun.of("viz", "saliency", run.toString(), img.toString(), "--out", tmp.resolve("s.png").toString());
        assertThat(s.exitCode()).as(s.err()).isZero();
        assertThat(ImageIO.read(tmp.resolve("s.png").toFile()).getWidth()).isEqualTo(32 * 8);
        CliRun a = CliRun.of("viz", "activations", run.toString(), img.toString(), "--layer", "c3", "--out", tmp.resolve("a.png").toString());
        assertThat(a.exitCode()).as(a.err()).isZero();
        assertThat(a.out()).contains("c3: 16 maps of 10x10, 4 x 4 grid");
    }

    @Test
    void filtersOfAZooNetAndBadLayers(@TempDir Path tmp) {
        CliRun r = CliRun.of("viz", "filters", "lenet5", "--layer", "c1", "--out", tmp.resolve("f.png").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("c1: 6 kernels of 5x5x1 (grey), 3 x 2 grid, 9 px per weight").contains("(139x93)");
        CliRun bad = CliRun.of("viz", "filters", "lenet5", "--layer", "f6", "--out", tmp.resolve("g.png").toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).isEqualTo("zoolab: error: --layer f6 is a DenseLayer, not a convolution; convolution layers are c1, c3, c5\n");
        CliRun freeze = CliRun.of("finetune", "--from", "lenet5", "--data", "synthetic", "--freeze-until", "c9", "--out", tmp.resolve("x").toString());
        assertThat(freeze.exitCode()).isEqualTo(2);
        assertThat(freeze.err()).startsWith("zoolab: error: --freeze-until c9: no such layer; layers are c1, s2, c3, s4, c5, f6, output");
    }

    @Test
    void segmentAnImageWithAU_Net(@TempDir Path tmp) throws Exception {
        var conf = SegmentationRun.network(new SegmentationRun.Settings("mnist", 32, 1, 1, List.of(4, 8), SegmentationRun.Loss.XENT, 1));
        var g = new org.deeplearning4j.nn.graph.ComputationGraph(conf);
        g.init();
        String in = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(new ModelInput(3, 32, 32, 0, "composite-mnist", List.of("background", "object")));
        ModelFile.write(g, tmp.resolve("u.zip"), false, Map.of(ModelInput.ENTRY, in));
        Path img = png(tmp.resolve("photo.png"), 50, 9);
        CliRun r = CliRun.of("segment", tmp.resolve("u.zip").toString(), img.toString(), "--out", tmp.resolve("o.png").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("at 32x32:");
        assertThat(ImageIO.read(tmp.resolve("o.png").toFile()).getWidth()).isEqualTo(32);
        CliRun none = CliRun.of("segment");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("give MODEL and IMAGE");
    }

    /** segment train's new options refuse bad values with one line and exit code 2, before any data is read. */
    @Test
    void segmentTrainRejectsBadLossRecipeAndElastic(@TempDir Path tmp) {
        CliRun loss = CliRun.of("segment", "train", "--loss", "focal", "--out", tmp.resolve("a").toString());
        assertThat(loss.exitCode()).isEqualTo(2);
        assertThat(loss.err()).startsWith("zoolab: error: --loss focal: expected xent, dice or weighted");
        CliRun elastic = CliRun.of("segment", "train", "--elastic", "-3", "--out", tmp.resolve("b").toString());
        assertThat(elastic.exitCode()).isEqualTo(2);
        assertThat(elastic.err()).startsWith("zoolab: error: --elastic -3.0: expected a standard deviation in pixels >= 0");
        CliRun recipe = CliRun.of("segment", "train", "--recipe", "unet-fast", "--out", tmp.resolve("c").toString());
        assertThat(recipe.exitCode()).isEqualTo(2);
        assertThat(recipe.err()).startsWith("zoolab: error: unknown recipe 'unet-fast' (zoo-configs/recipes.yaml); known recipes: ")
                .contains("unet, default");
        assertThat(tmp.resolve("c")).doesNotExist();
    }

    @Test
    void importAZoolabZipStrictlyAndAMissingFile(@TempDir Path tmp) throws Exception {
        var g = org.zoolab.train.ModelSource.load("lenet5").graph();
        ModelFile.write(g, tmp.resolve("src.zip"), false, Map.of());
        CliRun r = CliRun.of("import", tmp.resolve("src.zip").toString(), "--model", "lenet5", "--strict", "--out", tmp.resolve("out.zip").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("5 copied, 0 missing, 0 with other shapes, 0 with other parameters, 0 unused");
        assertThat(ModelFile.load(tmp.resolve("out.zip")).params()).isEqualTo(g.params());
        CliRun missing = CliRun.of("import", tmp.resolve("vgg16.h5").toString(), "--model", "vgg16", "--out", tmp.resolve("v.zip").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("zoolab downloads no weights");
    }
}
