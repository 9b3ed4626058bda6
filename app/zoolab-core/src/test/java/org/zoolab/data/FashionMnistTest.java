package org.zoolab.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A real Fashion-MNIST fetch (apt-get download of dataset-fashion-mnist, ~30 MB, a few seconds) and its counts. */
class FashionMnistTest {

    @Test
    void fetchInstallsTheFullSet(@TempDir Path tmp) throws IOException {
        DataDirectory dir = DataDirectory.resolve(tmp);
        List<String> lines = new ArrayList<>();
        InstallResult result = new DatasetInstaller(dir, lines::add).fetch("fashion-mnist", null, false);

        assertThat(result.alreadyInstalled()).isFalse();
        assertThat(result.files()).isEqualTo(4);
        assertThat(result.bytes()).isEqualTo((16 + 60_000L * 784) + (8 + 60_000) + (16 + 10_000L * 784) + (8 + 10_000));
        assertThat(lines).anyMatch(l -> l.startsWith("fashion-mnist: apt-get download dataset-fashion-mnist: "))
                .anyMatch(l -> l.equals("fashion-mnist: verified 4 files (SHA-256)"));
        assertThat(TestData.entries(tmp)).containsExactly(".fetch.lock", "fashion-mnist");

        IdxDataset train = IdxDataset.load(dir, "fashion-mnist", Split.TRAIN);
        IdxDataset test = IdxDataset.load(dir, "fashion-mnist", Split.TEST);
        assertThat(train.size()).isEqualTo(60_000);
        assertThat(test.size()).isEqualTo(10_000);
        assertThat(train.height()).isEqualTo(28);
        assertThat(train.classCounts()).containsOnly(6_000);
        assertThat(test.classCounts()).containsOnly(1_000);
        assertThat(train.label(0)).isEqualTo(9);                 // an ankle boot
        assertThat(train.classNames().get(9)).isEqualTo("Ankle boot");
        assertThat(test.label(0)).isEqualTo(9);
        assertThat(test.label(1)).isEqualTo(2);
    }
}
