package org.zoolab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zoolab.BadInputException;
import picocli.CommandLine;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The data mean / inspect / preview commands, run as Main runs them (exit 2 and one line for bad input). */
class DataCommandsTest {
    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    private static Result run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof BadInputException) {
                cmd.getErr().println("zoolab: error: " + ex.getMessage());
                return Main.EXIT_BAD_INPUT;
            }
            throw ex;
        });
        cli.setExitCodeExceptionMapper(ex -> Main.EXIT_BAD_INPUT);
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private Path photos() throws Exception {
        int[][] colours = {{200, 60, 40}, {40, 160, 60}};
        String[] classes = {"n01", "n02"};
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < 3; i++) {
                BufferedImage img = new BufferedImage(300 + 10 * i, 260, BufferedImage.TYPE_3BYTE_BGR);
                for (int y = 0; y < img.getHeight(); y++) {
                    for (int x = 0; x < img.getWidth(); x++) {
                        int v = (x + y) % 40;
                        img.setRGB(x, y, ((colours[c][0] + v) << 16) | ((colours[c][1] + v) << 8) | (colours[c][2] + v));
                    }
                }
                Path f = dir.resolve("photos/" + classes[c] + "/" + i + ".jpg");
                Files.createDirectories(f.getParent());
                ImageIO.write(img, "jpeg", f.toFile());
            }
        }
        Files.write(dir.resolve("photos/n02/broken.jpg"), "<html>not found</html>".getBytes(StandardCharsets.US_ASCII));
        Files.writeString(dir.resolve("photos/synset_words.txt"), "n01 red thing, crimson\nn02 green thing\n");
        return dir.resolve("photos");
    }

    @Test
    void inspectListsClassesSizesColoursAndBadFiles() throws Exception {
        Path photos = photos();
        Result r = run(new DataInspectCommand(), photos.toString());
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).contains("class folders " + photos.toAbsolutePath() + " (7 images, 2 classes)");
        assertThat(r.out()).containsPattern("n01 red thing, crimson +3\n");
        assertThat(r.out()).containsPattern("n02 green thing +3\n");
        assertThat(r.out()).containsPattern("total usable +6\n");
        assertThat(r.out()).contains("sizes (width x height, pixels): min 300x260, median 310x260, max 320x260");
        assertThat(r.out()).contains("colour: RGB 8-bit (6)");
        assertThat(r.out()).contains("bad files: 1 file skipped (1 not an image), 0 converted");
        assertThat(r.out()).contains(photos.toAbsolutePath().resolve("n02/broken.jpg") + "  not an image");
    }

    @Test
    void meanOfADirectoryThenAPipelineUsesIt() throws Exception {
        Path photos = photos();
        Result r = run(new DataMeanCommand(), photos.toString(), "--size", "256x256");
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        Path json = photos.toAbsolutePath().resolve(".zoolab/mean-warp-256x256.json");
        assertThat(r.out()).contains("images:        6 used, 1 skipped").contains("mean image:    256x256").contains("saved:         " + json);
        assertThat(json).exists();
        assertThat(json.resolveSibling("mean-warp-256x256.f32")).hasSize(3L * 256 * 256 * 4);

        // alexnet takes its statistics after its own fixed steps (shorter side 256, central 256x256 patch)
        Result a = run(new DataMeanCommand(), "alexnet", "--data", photos.toString());
        assertThat(a.code()).as(a.err()).isEqualTo(0);
        Path alexJson = photos.toAbsolutePath().resolve(".zoolab/mean-scale-shorter-side-256-center-crop-256.json");
        assertThat(a.out()).contains("after 'scale-shorter-side 256, center-crop 256'").contains("mean image:    256x256")
                .contains("PCA (RGB/255): eigenvalues").contains("saved:         " + alexJson);
        // the preview now keeps PCA noise
        Path grid = dir.resolve("out/grid.png");
        Result p = run(new DataPreviewCommand(), "alexnet", "--data", photos.toString(), "--out", grid.toString(), "--count", "6");
        assertThat(p.code()).as(p.err()).isEqualTo(0);
        assertThat(p.out()).contains("wrote " + grid + ": 6 training samples of alexnet")
                .contains("steps: scale-shorter-side 256 -> center-crop 256 -> random-crop 227 -> horizontal-mirror p=0.5"
                        + " -> pca-color-noise sigma=0.1");
        BufferedImage img = ImageIO.read(grid.toFile());
        assertThat(img.getWidth()).isEqualTo(3 * 227 + 4 * 2);
        assertThat(img.getHeight()).isEqualTo(2 * 227 + 3 * 2);

        // vgg's colour shift uses the RGB PCA that `data mean vgg` computes with the channel mean
        Result v = run(new DataMeanCommand(), "vgg", "--data", photos.toString());
        assertThat(v.code()).as(v.err()).isEqualTo(0);
        assertThat(v.out()).contains("after 'scale-shorter-side 256'").contains("PCA (RGB/255): eigenvalues");
        Result vp = run(new DataPreviewCommand(), "vgg", "--data", photos.toString(), "--out", dir.resolve("vgg.png").toString(), "--count", "2");
        assertThat(vp.code()).as(vp.err()).isEqualTo(0);
        assertThat(vp.out()).contains("steps: scale-shorter-side 256 -> random-crop 224 -> horizontal-mirror p=0.5 -> pca-color-noise sigma=0.1")
                .doesNotContain("left out");
    }

    @Test
    void previewWithoutStatisticsLeavesPcaOutAndSaysSo() throws Exception {
        Path photos = photos();
        Path grid = dir.resolve("grid.png");
        Result p = run(new DataPreviewCommand(), "resnet", "--data", photos.toString(), "--out", grid.toString(), "--count", "4");
        assertThat(p.code()).as(p.err()).isEqualTo(0);
        assertThat(p.out()).contains("steps: scale-shorter-side 256..480 -> random-crop 224 -> horizontal-mirror p=0.5")
                .contains("note:  pca-color-noise left out (no statistics yet: zoolab data mean resnet)")
                .contains("bad files: 1 file skipped");
        assertThat(grid).exists();
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws Exception {
        Result r = run(new DataPreviewCommand(), "alexnet", "--out", dir.resolve("g.png").toString());
        assertThat(r.code()).isEqualTo(2);
        // without --data the pipeline looks in the data directory's imagenet folder, which does not exist here
        assertThat(r.err()).startsWith("zoolab: error: ").endsWith(System.lineSeparator())
                .contains("imagenet: no such directory (pipeline alexnet reads the imagenet data set; give its folder with --data DIR)");
        assertThat(r.err().lines().count()).isEqualTo(1);
        Result m = run(new DataMeanCommand(), "no-such-pipeline");
        assertThat(m.code()).isEqualTo(2);
        assertThat(m.err()).startsWith("zoolab: error: unknown pipeline 'no-such-pipeline'");
        Result i = run(new DataInspectCommand(), dir.resolve("nowhere").toString());
        assertThat(i.code()).isEqualTo(2);
        assertThat(i.err()).startsWith("zoolab: error: " + dir.resolve("nowhere") + ": no such directory");
        Result s = run(new DataMeanCommand(), photos().toString(), "--strict");
        assertThat(s.code()).isEqualTo(2);
        assertThat(s.err()).contains("broken.jpg: not an image").contains("(--strict stops at the first bad file)");
    }
}
