package org.zoolab.distributed.spark;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.zoolab.data.DataDirectory;
import org.zoolab.data.IdxDataset;
import org.zoolab.data.Split;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The job's commands end to end on local files, Spark local[2]: export, train from the files, score images. */
class SparkMainTest {
    static DataDirectory data;

    @BeforeAll
    static void data() {
        data = TestMnist.directory();
    }

    @AfterAll
    static void stopSpark() {
        scala.Option<org.apache.spark.sql.SparkSession> session = org.apache.spark.sql.SparkSession.getDefaultSession();
        if (session.isDefined()) session.get().stop();
    }

    record Run(int code, String out) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = SparkMain.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), args);
        return new Run(code, bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    @Timeout(300)
    void exportTrainFromFilesAndScore(@TempDir Path tmp) throws Exception {
        String dir = data.root().toString();
        String train = tmp.resolve("mnist-train").toUri().toString();
        String test = tmp.resolve("mnist-test").toUri().toString();
        String model = tmp.resolve("lenet5.zip").toUri().toString();
        Run export = run("export", "--data", "mnist", "--data-dir", dir, "--limit", "1000", "--batch", "32", "--pad", "2",
                "--output", train);
        assertThat(export.code()).as(export.out()).isZero();
        assertThat(export.out()).isEqualTo("wrote 32 minibatch files (1,000 images, batch 32) to " + train + "\n");
        try (Stream<Path> files = Files.list(tmp.resolve("mnist-train"))) {
            // (Hadoop's local file system adds hidden .crc checksum files)
            assertThat(files.map(p -> p.getFileName().toString()).filter(f -> !f.startsWith(".")).sorted().toList())
                    .hasSize(33).startsWith("batch-000000.bin").endsWith("batch-000031.bin", "zoolab-data.json");
        }
        assertThat(run("export", "--data", "mnist", "--data-dir", dir, "--split", "test", "--limit", "500",
                "--batch", "100", "--pad", "2", "--seed", "-1", "--output", test).code()).isZero();

        Run fit = run("--master", "local[2]", "train", "--model", "lenet5", "--train-path", train,
                "--test-path", test, "--epochs", "2", "--batch", "32", "--output", model);
        assertThat(fit.code()).as(fit.out()).isZero();
        List<String> lines = fit.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("model      lenet5 (61,706 parameters), adam lr 0.001");
        assertThat(lines.get(1)).startsWith("spark      local[2], 2 partitions, batch 32 per worker, averaging every 5");
        assertThat(lines.get(2)).matches("epoch 1/2  loss \\d\\.\\d{4}  \\d+\\.\\d s");
        assertThat(lines.get(3)).matches("epoch 2/2  loss \\d\\.\\d{4}  \\d+\\.\\d s");
        assertThat(lines.get(4)).matches("test       top-1 \\d+\\.\\d\\d% on 500 images");
        double top1 = Double.parseDouble(lines.get(4).replaceAll(".*top-1 ([0-9.]+)%.*", "$1"));
        System.out.println(fit.out());
        assertThat(top1).isGreaterThan(55.0);     // chance: 10%; measured 74.2%
        assertThat(lines.get(6)).isEqualTo("model file " + model);
        ComputationGraph loaded = ModelSerializer.restoreComputationGraph(tmp.resolve("lenet5.zip").toFile(), true);
        assertThat(loaded.getConfiguration().getEpochCount()).isEqualTo(2);
        assertThat(ModelDescription.read(Files.readAllBytes(tmp.resolve("lenet5.zip"))))
                .isEqualTo(new ModelDescription(1, 32, 32, 2, "mnist",
                        List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9")));

        // score: 3 digits as PNG files, through the glob
        IdxDataset digits = IdxDataset.load(data, "mnist", Split.TEST);
        Path pngs = Files.createDirectories(tmp.resolve("png"));
        for (int i = 0; i < 3; i++) {
            BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            byte[] px = digits.pixels(i);
            for (int y = 0; y < 28; y++) for (int x = 0; x < 28; x++) img.getRaster().setSample(x, y, 0, px[y * 28 + x] & 0xff);
            ImageIO.write(img, "png", pngs.resolve("d" + i + ".png").toFile());
        }
        Run score = run("score", "--model-file", model, "--images", pngs + "/*.png", "--top", "3");
        assertThat(score.code()).as(score.out()).isZero();
        assertThat(score.out().lines().toList()).hasSize(3)
                .allMatch(l -> l.matches("file:.*/d[0-2]\\.png\t[0-9]\t[01]\\.\\d{4}"));
    }

    @Test
    @Timeout(300)
    void badInputIsOneLineAndExitCode2() {
        assertThat(run("train", "--model", "lenet5").code()).isEqualTo(2);
        assertThat(run("train", "--model", "lenet5", "--data", "mnist", "--train-path", "x").code()).isEqualTo(2);
        assertThat(run("export", "--data", "imagenet-21k", "--output", "/tmp/x").code()).isEqualTo(2);
        assertThat(run("frobnicate").code()).isEqualTo(2);
    }
}
