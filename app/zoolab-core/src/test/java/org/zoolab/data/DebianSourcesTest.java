package org.zoolab.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zoolab.BadInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** apt-get and dpkg-deb failures, with stand-in programs. */
class DebianSourcesTest {

    @TempDir
    Path tmp;

    private static final ExternalCommand.Result UNKNOWN = new ExternalCommand.Result(100,
            "Reading package lists...\nE: Unable to locate package dataset-fashion-mnist\n");

    private DatasetInstaller installer(FakeCommands commands) {
        return new DatasetInstaller(DataDirectory.resolve(tmp.resolve("data")), commands, l -> { });
    }

    @Test
    void staleAptListsWithoutRootSayWhatToRun() throws IOException {
        FakeCommands apt = new FakeCommands().on("apt-get", (cmd, dir) -> UNKNOWN).asRoot(false);
        assertThatThrownBy(() -> installer(apt).fetch("fashion-mnist", null, false))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("fashion-mnist: apt does not know the package dataset-fashion-mnist (its package lists"
                        + " are stale or lack Debian main): run `sudo apt-get update` and fetch again.")
                .hasMessageContaining("https://packages.debian.org/bookworm/dataset-fashion-mnist");
        assertThat(apt.calls).containsExactly(List.of("apt-get", "download", "dataset-fashion-mnist"));
    }

    @Test
    void asRootStaleListsAreUpdatedOnceThenTheDownloadIsRetried() throws IOException {
        FakeCommands apt = new FakeCommands().on("apt-get", (cmd, dir) -> cmd.get(1).equals("update")
                ? new ExternalCommand.Result(0, "") : UNKNOWN).asRoot(true);
        assertThatThrownBy(() -> installer(apt).fetch("fashion-mnist", null, false))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("fashion-mnist: `apt-get download dataset-fashion-mnist` failed (exit 100: E: Unable to locate");
        assertThat(apt.calls).containsExactly(List.of("apt-get", "download", "dataset-fashion-mnist"),
                List.of("apt-get", "update"), List.of("apt-get", "download", "dataset-fashion-mnist"));
    }

    @Test
    void anUnreachableMirrorSaysWhatToGet() throws IOException {
        FakeCommands apt = new FakeCommands().on("apt-get", (cmd, dir) -> new ExternalCommand.Result(100,
                "Err:1 http://deb.debian.org/debian bookworm/main amd64 python3-skimage all 0.19.3-8\n"
                        + "  Temporary failure resolving 'deb.debian.org'\n"
                        + "E: Failed to fetch http://deb.debian.org/debian/pool/main/s/skimage/python3-skimage_0.19.3-8_all.deb"
                        + "  Temporary failure resolving 'deb.debian.org'\n"));
        assertThatThrownBy(() -> installer(apt).fetch("photos", null, false))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("photos: `apt-get download python3-skimage` failed (exit 100: E: Failed to fetch")
                .hasMessageEndingWith("download the Debian packages python3-skimage, python3-sklearn, darknet, opencv-doc"
                        + " (https://packages.debian.org/bookworm/<name>, the .deb files) into one folder and run"
                        + " `zoolab data fetch photos --from FOLDER`");
        assertThat(TestData.entries(tmp.resolve("data"))).containsExactly(".fetch.lock");
    }

    @Test
    void anExtractionCutOffHalfwayLeavesNothing() throws IOException {
        byte[] tar = new TarFixtures().dir("./usr/share/datasets/fashion-mnist/")
                .file("./usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz", new byte[20_000]).tar();
        FakeCommands apt = new FakeCommands()
                .on("apt-get", (cmd, dir) -> {
                    Files.write(dir.resolve("dataset-fashion-mnist_0.0~git20200523.55506a9-1_all.deb"), new byte[100]);
                    return new ExternalCommand.Result(0, "");
                })
                .streaming("dpkg-deb", (cmd, dir) -> Arrays.copyOf(tar, 10_000));      // the stream ends mid-file
        assertThatThrownBy(() -> installer(apt).fetch("fashion-mnist", null, false)).isInstanceOf(IOException.class);
        assertThat(TestData.entries(tmp.resolve("data"))).containsExactly(".fetch.lock");
    }

    @Test
    void photosFromAFolderNeedsAllFourPackages() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("debs"));
        Files.write(folder.resolve("darknet_0.0.0+git20180914.61c9d02e-2+b4_amd64.deb"), new byte[1]);
        assertThatThrownBy(() -> installer(new FakeCommands()).fetch("photos", folder, false))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("photos --from " + folder + ": missing python3-skimage_*.deb, python3-sklearn_*.deb,"
                        + " opencv-doc_*.deb.");
    }
}
