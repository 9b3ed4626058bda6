package org.zoolab.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zoolab.BadInputException;
import org.zoolab.data.DataDirectory;
import org.zoolab.data.DatasetInstaller;
import org.zoolab.data.IdxDataset;
import org.zoolab.data.Split;
import org.zoolab.train.ModelFile;
import org.zoolab.train.ModelInput;
import org.zoolab.train.Predictor;
import org.zoolab.zoo.ModelOptions;
import org.zoolab.zoo.Zoo;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The library used as a plain Java program would: a LeNet-5 model file, a folder of PNG digits, a Predictor. */
class ClassifyFolderTest {
    @TempDir
    static Path tmp;
    static IdxDataset test;
    static Path model;
    static Path folder;
    static final int N = 40;

    /** MNIST from the user's data directory, else installed once under target/ (a few seconds). */
    static DataDirectory mnist() throws Exception {
        DataDirectory user = DataDirectory.resolve(null);
        if (DatasetInstaller.isInstalled(user, "mnist")) return user;
        DataDirectory dir = DataDirectory.resolve(Path.of("target", "zoolab-test-data").toAbsolutePath());
        new DatasetInstaller(dir, line -> { }).fetch("mnist", null, false);
        return dir;
    }

    static BufferedImage png(int i) {
        BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        byte[] px = test.pixels(i);
        for (int y = 0; y < 28; y++) for (int x = 0; x < 28; x++) img.getRaster().setSample(x, y, 0, px[y * 28 + x] & 0xff);
        return img;
    }

    @BeforeAll
    static void trainAModel() throws Exception {
        DataDirectory dir = mnist();
        test = IdxDataset.load(dir, "mnist", Split.TEST);
        IdxDataset train = IdxDataset.load(dir, "mnist", Split.TRAIN).subset(0, 1000);
        ComputationGraph lenet = Zoo.get("lenet5", ModelOptions.builder().numClasses(10).build()).init();
        lenet.setLearningRate(0.003);
        for (int e = 0; e < 2; e++) lenet.fit(train.iterator(32, 42 + e, 2));
        ModelInput input = new ModelInput(1, 32, 32, 2, "mnist", IdxDataset.MNIST_CLASSES);
        model = tmp.resolve("lenet5.zip");
        ModelFile.write(lenet, model, false, Map.of(ModelInput.ENTRY, new ObjectMapper().writeValueAsString(input)));
        folder = Files.createDirectories(tmp.resolve("digits"));
        for (int i = 0; i < N; i++) ImageIO.write(png(i), "png", folder.resolve(String.format("%03d.png", i)).toFile());
        Files.writeString(folder.resolve("README.txt"), "not an image, not listed");
    }

    @Test
    void theExampleClassifiesEveryImageInTheFolder() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ClassifyFolder.classify(model, folder, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(N);
        Predictor p = Predictor.load(model);
        int correct = 0;
        for (int i = 0; i < N; i++) {
            String[] f = lines.get(i).split("\t");
            assertThat(f[0]).isEqualTo(String.format("%03d.png", i));
            // the batched answer is the one-file answer
            Predictor.Guess single = p.predict(folder.resolve(f[0]), 1).get(0);
            assertThat(f[1]).isEqualTo(single.label());
            assertThat(Double.parseDouble(f[2])).isCloseTo(single.probability(), org.assertj.core.data.Offset.offset(1e-4));
            if (f[1].equals(Integer.toString(test.label(i)))) correct++;
        }
        assertThat(correct).isGreaterThan(N / 3);   // chance: 4 of 40
    }

    @Test
    void filesBytesAndImagesGiveTheSameAnswer() throws Exception {
        Predictor p = Predictor.load(model);
        Path file = folder.resolve("007.png");
        List<Predictor.Guess> fromFile = p.predict(file, 5);
        assertThat(p.predict(Files.readAllBytes(file), 5)).isEqualTo(fromFile);
        assertThat(p.predict(ImageIO.read(file.toFile()), 5)).isEqualTo(fromFile);
        assertThat(fromFile).hasSize(5);
        assertThat(fromFile.get(0).probability()).isGreaterThanOrEqualTo(fromFile.get(1).probability());
        // the grey PNG becomes exactly the training input (no colour-space shift of grey values)
        INDArray expected = test.subset(7, 8).iterator(1, -1, 2).next().getFeatures();
        assertThat(p.toInput(file)).isEqualTo(expected);
    }

    @Test
    void aPredictorIsSafeToShareBetweenThreads() throws Exception {
        Predictor p = Predictor.load(model);
        List<List<Predictor.Guess>> sequential = new ArrayList<>();
        for (int i = 0; i < N; i++) sequential.add(p.predict(png(i), 3));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Predictor.Guess>>> futures = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < N; i++) {
                    int at = i;
                    futures.add(pool.submit(() -> p.predict(png(at), 3)));
                }
            }
            for (int k = 0; k < futures.size(); k++) {
                assertThat(futures.get(k).get()).isEqualTo(sequential.get(k % N));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void featuresOfANamedLayer() throws Exception {
        Predictor p = Predictor.load(model);
        assertThat(p.features(png(0), "f6").shape()).containsExactly(1, 84);
        assertThatThrownBy(() -> p.features(png(0), "fc7")).isInstanceOf(BadInputException.class)
                .hasMessage("the model has no layer 'fc7'; see `zoolab summary` for its layers");
        assertThatThrownBy(() -> p.predict("not an image".getBytes(StandardCharsets.UTF_8), 1))
                .isInstanceOf(BadInputException.class)
                .hasMessage("not an image Java can read (PNG, JPEG, GIF, BMP): 12 bytes");
    }
}
