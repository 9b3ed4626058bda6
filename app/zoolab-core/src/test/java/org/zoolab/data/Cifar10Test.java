package org.zoolab.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zoolab.BadInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * CIFAR-10 cannot be downloaded here, so its install path runs on an archive written in exactly the upstream layout
 * ({@code cifar-10-batches-bin/} with the six batch files, batches.meta.txt and readme.html) with a few records each.
 */
class Cifar10Test {

    @TempDir
    Path tmp;

    /** Record {@code r} of file {@code f}: label (f + r) % 10, R plane = 10f + r, G = 100 + position % 7, B = 200 + r. */
    static byte[] record(int f, int r) {
        byte[] rec = new byte[Cifar10BinaryReader.RECORD];
        rec[0] = (byte) ((f + r) % 10);
        for (int i = 0; i < 1024; i++) {
            rec[1 + i] = (byte) (10 * f + r);
            rec[1 + 1024 + i] = (byte) (100 + i % 7);
            rec[1 + 2048 + i] = (byte) (200 + r);
        }
        return rec;
    }

    static byte[] batch(int f, int records) {
        byte[] all = new byte[records * Cifar10BinaryReader.RECORD];
        for (int r = 0; r < records; r++) {
            System.arraycopy(record(f, r), 0, all, r * Cifar10BinaryReader.RECORD, Cifar10BinaryReader.RECORD);
        }
        return all;
    }

    /** The upstream layout: 3 records per training batch (files 1-5), 2 in test_batch.bin (file 6). */
    static Path upstreamArchive(Path file) throws IOException {
        TarFixtures t = new TarFixtures().dir("cifar-10-batches-bin/");
        for (int f = 1; f <= 5; f++) {
            t.file("cifar-10-batches-bin/data_batch_" + f + ".bin", batch(f, 3));
        }
        t.file("cifar-10-batches-bin/batches.meta.txt", String.join("\n", Cifar10BinaryReader.CLASSES) + "\n\n");
        t.file("cifar-10-batches-bin/readme.html", "<meta HTTP-EQUIV=\"REFRESH\" content=\"0; url=http://www.cs.toronto.edu/~kriz/cifar.html\">\n");
        t.file("cifar-10-batches-bin/test_batch.bin", batch(6, 2));
        return t.writeTarGz(file);
    }

    @Test
    void installsFromTheUpstreamArchiveAndReadsBackExactPixelsAndLabels() throws IOException {
        Path archive = upstreamArchive(tmp.resolve("cifar-10-binary.tar.gz"));
        DataDirectory dir = DataDirectory.resolve(tmp.resolve("data"));
        List<String> lines = new ArrayList<>();
        InstallResult r = new DatasetInstaller(dir, new FakeCommands(), lines::add).fetch("cifar10", archive, true);
        assertThat(r.files()).isEqualTo(7);
        assertThat(lines).anyMatch(l -> l.contains("installing it unverified (--allow-unverified)"))
                .anyMatch(l -> l.matches("cifar10: extracted 15 train and 2 test images in \\d+\\.\\d s"));
        assertThat(TestData.entries(dir.datasetDir("cifar10"))).containsExactly("SHA256SUMS", "SOURCE.txt", "batches.meta.txt",
                "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin");
        assertThat(Files.readString(dir.datasetDir("cifar10").resolve("SOURCE.txt"))).contains("UNVERIFIED");

        Cifar10Dataset train = Cifar10Dataset.load(dir, Split.TRAIN);
        Cifar10Dataset test = Cifar10Dataset.load(dir, Split.TEST);
        assertThat(train.size()).isEqualTo(15);
        assertThat(test.size()).isEqualTo(2);
        assertThat(train.classNames()).containsExactlyElementsOf(Cifar10BinaryReader.CLASSES);
        for (int f = 1; f <= 5; f++) {
            for (int rec = 0; rec < 3; rec++) {
                int i = (f - 1) * 3 + rec;
                assertThat(train.label(i)).isEqualTo((f + rec) % 10);
                assertThat(train.pixels(i)).isEqualTo(java.util.Arrays.copyOfRange(record(f, rec), 1, 3073));
            }
        }
        assertThat(test.label(1)).isEqualTo(7);
        assertThat(test.pixels(1)).isEqualTo(java.util.Arrays.copyOfRange(record(6, 1), 1, 3073));

        INDArray f = test.iterator(2, -1).next().getFeatures();
        assertThat(f.shape()).containsExactly(2, 3, 32, 32);
        assertThat(f.getFloat(1, 0, 5, 9)).isEqualTo(61 / 255f);                  // R plane of record (6, 1)
        assertThat(f.getFloat(1, 1, 0, 3)).isEqualTo(103 / 255f);                 // G: 100 + 3 % 7
        assertThat(f.getFloat(1, 2, 31, 31)).isEqualTo(201 / 255f);               // B: 200 + 1
    }

    @Test
    void anArchiveThatIsNotThePublishedOneIsRefusedWithoutAllowUnverified() throws IOException {
        Path archive = upstreamArchive(tmp.resolve("cifar-10-binary.tar.gz"));
        DataDirectory dir = DataDirectory.resolve(tmp.resolve("data"));
        assertThatThrownBy(() -> new DatasetInstaller(dir, new FakeCommands(), l -> { }).fetch("cifar10", archive, false))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("not that of the published cifar-10-binary.tar.gz (c4a38c50a1bc...)")
                .hasMessageEndingWith("download it again, or pass --allow-unverified to install this archive after structural checks only");
        assertThat(TestData.entries(dir.root())).containsExactly(".fetch.lock");
    }

    @Test
    void withoutFromItSaysWhereToGetIt() {
        DataDirectory dir = DataDirectory.resolve(tmp);
        assertThatThrownBy(() -> new DatasetInstaller(dir, new FakeCommands(), l -> { }).fetch("cifar10", null, false))
                .isInstanceOf(BadInputException.class)
                .hasMessage("CIFAR-10 cannot be downloaded here: download cifar-10-binary.tar.gz from"
                        + " https://www.cs.toronto.edu/~kriz/cifar.html and run `zoolab data fetch cifar10 --from PATH`");
        assertThatThrownBy(() -> Cifar10Dataset.load(dir, Split.TEST))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith("cifar10 is not installed in " + tmp);
    }

    @Test
    void aBatchFileOfBrokenRecordsIsRejectedNamingIt() throws IOException {
        Path bad = Files.write(tmp.resolve("data_batch_1.bin"), new byte[3073 * 2 + 5]);
        assertThatThrownBy(() -> Cifar10BinaryReader.read(bad))
                .isInstanceOf(BadInputException.class)
                .hasMessage(bad + ": 6151 bytes is not a whole number of 3073-byte CIFAR-10 records (1 label byte + 3072 pixel bytes)");
        byte[] rec = record(1, 0);
        rec[0] = 10;
        Path badLabel = Files.write(tmp.resolve("test_batch.bin"), rec);
        assertThatThrownBy(() -> Cifar10BinaryReader.read(badLabel))
                .isInstanceOf(BadInputException.class).hasMessage(badLabel + ": record 0 has label 10; expected 0-9");
    }

    @Test
    void anArchiveMissingABatchIsRefused() throws IOException {
        Path archive = new TarFixtures().file("cifar-10-batches-bin/data_batch_1.bin", batch(1, 1))
                .writeTarGz(tmp.resolve("cifar-10-binary.tar.gz"));
        DataDirectory dir = DataDirectory.resolve(tmp.resolve("data"));
        assertThatThrownBy(() -> new DatasetInstaller(dir, new FakeCommands(), l -> { }).fetch("cifar10", archive, true))
                .isInstanceOf(BadInputException.class)
                .hasMessage("cifar10: " + archive + " lacks cifar-10-batches-bin/[data_batch_2.bin, data_batch_3.bin,"
                        + " data_batch_4.bin, data_batch_5.bin, test_batch.bin, batches.meta.txt]: is it the binary version"
                        + " (cifar-10-binary.tar.gz)?");
        assertThat(TestData.entries(dir.root())).containsExactly(".fetch.lock");
    }
}
