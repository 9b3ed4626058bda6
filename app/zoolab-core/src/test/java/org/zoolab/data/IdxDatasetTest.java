package org.zoolab.data;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zoolab.BadInputException;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The IDX reader on the real MNIST files (installed once, see {@link TestData}). */
class IdxDatasetTest {

    static DataDirectory dir;
    static IdxDataset train;
    static IdxDataset test;

    @BeforeAll
    static void load() {
        dir = TestData.with("mnist");
        train = IdxDataset.load(dir, "mnist", Split.TRAIN);
        test = IdxDataset.load(dir, "mnist", Split.TEST);
    }

    @Test
    void mnistHas60000TrainAnd10000TestImagesOf28x28() {
        assertThat(train.size()).isEqualTo(60_000);
        assertThat(test.size()).isEqualTo(10_000);
        assertThat(train.height()).isEqualTo(28);
        assertThat(train.width()).isEqualTo(28);
        assertThat(train.channels()).isEqualTo(1);
        assertThat(train.numClasses()).isEqualTo(10);
        assertThat(train.classNames()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    }

    @Test
    void firstLabelsAreFiveAndSeven() {
        assertThat(train.label(0)).isEqualTo(5);
        assertThat(test.label(0)).isEqualTo(7);
    }

    @Test
    void classCountsAreMnists() {
        assertThat(train.classCounts()).containsExactly(5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949);
        assertThat(test.classCounts()).containsExactly(980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009);
    }

    @Test
    void firstTrainingImageHasTheKnownPixels() {
        // reference values read from the raw file with an independent Python reader
        byte[] px = train.pixels(0);
        assertThat(px).hasSize(784);
        int sum = 0;
        int nonZero = 0;
        for (byte b : px) {
            sum += b & 0xff;
            nonZero += b != 0 ? 1 : 0;
        }
        assertThat(sum).isEqualTo(27_525);
        assertThat(nonZero).isEqualTo(166);
        int[] row14 = new int[28];
        for (int x = 0; x < 28; x++) {
            row14[x] = px[14 * 28 + x] & 0xff;
        }
        assertThat(row14).containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 81, 240, 253, 253, 119, 25, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void subsetSharesImagesAndClasses() {
        IdxDataset sub = train.subset(100, 110);
        assertThat(sub.size()).isEqualTo(10);
        assertThat(sub.numClasses()).isEqualTo(10);
        assertThat(sub.pixels(3)).isEqualTo(train.pixels(103));
        assertThat(sub.label(3)).isEqualTo(train.label(103));
        assertThatThrownBy(() -> train.subset(5, 60_001)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> sub.label(10)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void gzippedFilesReadTheSameAsRaw(@TempDir Path tmp) throws IOException {
        Path mnist = dir.datasetDir("mnist");
        Path images = gzip(mnist.resolve("t10k-images-idx3-ubyte"), tmp.resolve("t10k-images-idx3-ubyte.gz"));
        Path labels = gzip(mnist.resolve("t10k-labels-idx1-ubyte"), tmp.resolve("t10k-labels-idx1-ubyte.gz"));
        IdxDataset fromGz = IdxDataset.read(images, labels);
        assertThat(fromGz.size()).isEqualTo(10_000);
        assertThat(fromGz.pixels(9_999)).isEqualTo(test.pixels(9_999));
        assertThat(fromGz.classCounts()).isEqualTo(test.classCounts());
    }

    @Test
    void aLabelFileIsNotAnImageFile() {
        Path labels = dir.datasetDir("mnist").resolve("train-labels-idx1-ubyte");
        assertThatThrownBy(() -> IdxReader.readImages(labels))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("train-labels-idx1-ubyte")
                .hasMessageContaining("not an IDX image file (magic number 0x00000801, expected 0x00000803)");
    }

    @Test
    void aTruncatedFileIsRejectedNamingIt(@TempDir Path tmp) throws IOException {
        byte[] all = Files.readAllBytes(dir.datasetDir("mnist").resolve("t10k-labels-idx1-ubyte"));
        Path cut = Files.write(tmp.resolve("cut-labels-idx1-ubyte"), Arrays.copyOf(all, 5_008));
        assertThatThrownBy(() -> IdxReader.readLabels(cut))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("cut-labels-idx1-ubyte")
                .hasMessageContaining("truncated: its IDX header says 10000 data bytes, the file has 5000");
        Path longer = Files.write(tmp.resolve("long-labels-idx1-ubyte"), Arrays.copyOf(all, all.length + 1));
        assertThatThrownBy(() -> IdxReader.readLabels(longer))
                .isInstanceOf(BadInputException.class).hasMessageContaining("has bytes after the 10000 data bytes");
    }

    @Test
    void imageAndLabelCountsMustAgree() {
        Path mnist = dir.datasetDir("mnist");
        assertThatThrownBy(() -> IdxDataset.read(mnist.resolve("t10k-images-idx3-ubyte"), mnist.resolve("train-labels-idx1-ubyte")))
                .isInstanceOf(BadInputException.class)
                .hasMessage("t10k-images-idx3-ubyte has 10000 images but train-labels-idx1-ubyte has 60000 labels");
    }

    @Test
    void loadingWhatIsNotInstalledSaysHowToInstallIt(@TempDir Path tmp) {
        DataDirectory empty = DataDirectory.resolve(tmp);
        assertThatThrownBy(() -> IdxDataset.load(empty, "mnist", Split.TRAIN))
                .isInstanceOf(BadInputException.class)
                .hasMessage("mnist is not installed in " + tmp.toAbsolutePath() + ": run `zoolab data fetch mnist`");
        assertThatThrownBy(() -> IdxDataset.load(empty, "cifar10", Split.TRAIN))
                .isInstanceOf(BadInputException.class).hasMessageContaining("'cifar10' is not an IDX data set");
    }

    private static Path gzip(Path from, Path to) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(to))) {
            Files.copy(from, out);
        }
        return to;
    }
}
