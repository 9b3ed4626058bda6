package org.zoolab.distributed.spark;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.zoolab.BadInputException;
import org.zoolab.data.EpochShuffledIterator;
import org.zoolab.data.IdxDataset;
import org.zoolab.data.Split;
import org.zoolab.distributed.spark.examples.ScoreImagesOnSpark;
import org.zoolab.zoo.ModelOptions;
import org.zoolab.zoo.Zoo;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Scoring image files with a broadcast model (the {@link ScoreImagesOnSpark} example), Spark local[2]. */
class ImageScorerTest {
    static SparkSession spark;
    static IdxDataset test;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("ImageScorerTest");
        test = IdxDataset.load(TestMnist.directory(), "mnist", Split.TEST);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** Test image {@code i} as a grey PNG, as MNIST digits are usually shared. */
    static BufferedImage png(int i) {
        BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        byte[] px = test.pixels(i);
        for (int y = 0; y < 28; y++) for (int x = 0; x < 28; x++) img.getRaster().setSample(x, y, 0, px[y * 28 + x] & 0xff);
        return img;
    }

    @Test
    @Timeout(300)
    void aGreyPngBecomesExactlyTheTrainingInput() {
        // the iterator's features for test image 7, padded 28 -> 32, in file order
        EpochShuffledIterator it = test.subset(7, 8).iterator(1, -1, 2);
        INDArray expected = it.next().getFeatures();
        float[] actual = new ImagePixels(1, 32, 32, 2).toInput(png(7));
        assertThat(Nd4j.create(actual, new long[]{1, 1, 32, 32})).isEqualTo(expected);
    }

    @Test
    @Timeout(300)
    void pixelOptionsAreChecked() {
        assertThatThrownBy(() -> new ImagePixels(2, 32, 32, 0)).isInstanceOf(BadInputException.class)
                .hasMessage("images have 1 (grey) or 3 (RGB) channels, got 2");
        assertThatThrownBy(() -> new ImagePixels(1, 32, 32, 16)).isInstanceOf(BadInputException.class)
                .hasMessage("--pad must be between 0 and 15, got 16");
    }

    @Test
    @Timeout(300)
    void theExampleScoresADataFrameOfImagePathsWithABroadcastModel(@TempDir Path tmp) throws Exception {
        // a LeNet-5 trained on the driver for one epoch on 1,000 MNIST images
        long t0 = System.nanoTime();
        IdxDataset train = IdxDataset.load(TestMnist.directory(), "mnist", Split.TRAIN).subset(0, 1000);
        ComputationGraph lenet = SparkJobs.build(Zoo.get("lenet5", ModelOptions.builder().numClasses(10).build()), new Adam(3e-3));
        lenet.fit(train.iterator(32, 42, 2));
        long t1 = System.nanoTime();
        Path model = tmp.resolve("lenet5.zip");
        ModelSerializer.writeModel(lenet, model.toFile(), false);

        Path images = Files.createDirectories(tmp.resolve("digits"));
        int n = 60;
        for (int i = 0; i < n; i++) {
            ImageIO.write(png(i), "png", images.resolve(String.format("digit-%03d.png", i)).toFile());
        }
        Files.writeString(images.resolve("notes.png"), "not an image");

        List<Row> rows = ScoreImagesOnSpark.score(spark, model.toString(), images + "/*.png").collectAsList();
        System.out.printf("train %.1f s, score %.1f s%n", (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
        assertThat(rows).hasSize(n + 1);
        Map<String, Row> byName = new HashMap<>();
        for (Row r : rows) byName.put(Path.of(java.net.URI.create(r.getString(0))).getFileName().toString(), r);

        Row bad = byName.get("notes.png");
        assertThat(bad.isNullAt(1)).isTrue();
        assertThat(bad.getString(5)).endsWith("notes.png: not an image ImageIO can read (PNG, JPEG, BMP, GIF)");

        // every image scored as the driver's own network scores the training-format input
        DataSet first = test.subset(0, n).iterator(n, -1, 2).next();
        INDArray expected = lenet.outputSingle(first.getFeatures());
        int correct = 0;
        for (int i = 0; i < n; i++) {
            Row r = byName.get(String.format("digit-%03d.png", i));
            assertThat(r.isNullAt(5)).as("error of image %d", i).isTrue();
            int best = expected.getRow(i).argMax().getInt(0);
            assertThat(r.getString(1)).isEqualTo(IdxDataset.MNIST_CLASSES.get(best));
            assertThat(r.getDouble(2)).isCloseTo(expected.getDouble(i, best), within(1e-5));
            List<String> top = r.getList(3);
            List<Double> topP = r.getList(4);
            assertThat(top).hasSize(3).startsWith(r.getString(1));
            assertThat(topP.get(0)).isGreaterThanOrEqualTo(topP.get(1));
            assertThat(topP.get(1)).isGreaterThanOrEqualTo(topP.get(2));
            if (r.getString(1).equals(Integer.toString(test.label(i)))) correct++;
        }
        System.out.println("correct " + correct + " of " + n);
        assertThat(correct).isGreaterThan(n / 2);   // chance: 6 of 60; measured 45
    }
}
