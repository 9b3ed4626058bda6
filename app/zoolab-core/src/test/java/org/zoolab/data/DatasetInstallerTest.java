package org.zoolab.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zoolab.BadInputException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Staging, atomic rename, idempotency and clean-up, with stand-in sources. */
class DatasetInstallerTest {

    @TempDir
    Path tmp;

    /** A source that writes {@code files} files of 1 KiB, and throws after {@code failAfter} of them (-1: never). */
    static final class WritingSource implements DatasetSource {
        final int files;
        final int failAfter;
        int installs;

        WritingSource(int files, int failAfter) {
            this.files = files;
            this.failAfter = failAfter;
        }

        @Override public String name() { return "toy"; }
        @Override public String description() { return "a toy data set"; }
        @Override public String howToFetch() { return "zoolab data fetch toy"; }

        @Override
        public void download(InstallContext ctx) throws IOException {
            installs++;
            for (int i = 0; i < files; i++) {
                if (i == failAfter) {
                    throw new IOException("connection reset after " + i + " files");
                }
                Files.createDirectories(ctx.contentDir().resolve("part"));
                Files.write(ctx.contentDir().resolve("part/file" + i + ".bin"), new byte[1024]);
            }
            ctx.progress("wrote " + files + " files");
            ctx.provenance("from nowhere");
        }

        @Override
        public void installFrom(Path from, InstallContext ctx) throws IOException {
            download(ctx);
        }
    }

    private DatasetInstaller installer(DatasetSource source, List<String> lines) {
        return new DatasetInstaller(DataDirectory.resolve(tmp), new DatasetCatalog(List.of(source)), new FakeCommands(), lines::add);
    }

    @Test
    void installsAtomicallyWithSumsAndSource() throws IOException {
        List<String> lines = new ArrayList<>();
        InstallResult r = installer(new WritingSource(3, -1), lines).fetch("toy", null, false);
        assertThat(r.alreadyInstalled()).isFalse();
        assertThat(r.files()).isEqualTo(3);
        assertThat(r.bytes()).isEqualTo(3 * 1024);
        assertThat(r.location()).isEqualTo(tmp.resolve("toy"));
        assertThat(TestData.entries(tmp)).containsExactly(".fetch.lock", "toy");
        assertThat(TestData.entries(tmp.resolve("toy"))).containsExactly("SHA256SUMS", "SOURCE.txt", "part");
        String zeros = "5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef";   // sha256 of 1024 zero bytes
        assertThat(ChecksumList.read(tmp.resolve("toy/SHA256SUMS")).sums()).isEqualTo(Map.of(
                "part/file0.bin", zeros, "part/file1.bin", zeros, "part/file2.bin", zeros));
        assertThat(Files.readString(tmp.resolve("toy/SOURCE.txt"))).contains("from nowhere");
        assertThat(lines).containsExactly("toy: wrote 3 files", lines.get(1));
        assertThat(lines.get(1)).matches("toy: installed at .*/toy \\(3\\.0 KiB, 3 files\\) in \\d+\\.\\d s");
        assertThat(DatasetInstaller.isInstalled(DataDirectory.resolve(tmp), "toy")).isTrue();
    }

    @Test
    void aSecondFetchDoesNothing() throws IOException {
        WritingSource source = new WritingSource(2, -1);
        List<String> lines = new ArrayList<>();
        installer(source, lines).fetch("toy", null, false);
        long modified = Files.getLastModifiedTime(tmp.resolve("toy/part/file0.bin")).toMillis();
        lines.clear();
        InstallResult again = installer(source, lines).fetch("toy", null, false);
        assertThat(again.alreadyInstalled()).isTrue();
        assertThat(again.files()).isEqualTo(2);
        assertThat(source.installs).isEqualTo(1);
        assertThat(lines).containsExactly("toy: already installed at " + tmp.resolve("toy") + " (delete that folder to reinstall)");
        assertThat(Files.getLastModifiedTime(tmp.resolve("toy/part/file0.bin")).toMillis()).isEqualTo(modified);
    }

    @Test
    void aFetchThatFailsHalfwayLeavesNothingAndTheNextOneSucceeds() throws IOException {
        assertThatThrownBy(() -> installer(new WritingSource(4, 2), new ArrayList<>()).fetch("toy", null, false))
                .isInstanceOf(IOException.class).hasMessage("connection reset after 2 files");
        assertThat(TestData.entries(tmp)).containsExactly(".fetch.lock");
        assertThat(DatasetInstaller.isInstalled(DataDirectory.resolve(tmp), "toy")).isFalse();

        InstallResult r = installer(new WritingSource(4, -1), new ArrayList<>()).fetch("toy", null, false);
        assertThat(r.files()).isEqualTo(4);
        assertThat(TestData.entries(tmp)).containsExactly(".fetch.lock", "toy");
    }

    @Test
    void stagingLeftByAKilledFetchIsNotInstalledAndIsRemovedByTheNextFetch() throws IOException {
        Path stale = Files.createDirectories(tmp.resolve(".staging-toy-12345/toy/part"));
        Files.write(stale.resolve("file0.bin"), new byte[10]);
        DataDirectory dir = DataDirectory.resolve(tmp);
        assertThat(DatasetInstaller.isInstalled(dir, "toy")).isFalse();
        List<String> lines = new ArrayList<>();
        DatasetInstaller installer = installer(new WritingSource(1, -1), lines);
        assertThat(installer.list()).singleElement().satisfies(s -> assertThat(s.installed()).isFalse());

        installer.fetch("toy", null, false);
        assertThat(lines.get(0)).isEqualTo("removing .staging-toy-12345 left by an interrupted fetch");
        assertThat(TestData.entries(tmp)).containsExactly(".fetch.lock", "toy");
    }

    @Test
    void aFolderNotMadeByZoolabIsNeverTouched() throws IOException {
        Files.createDirectories(tmp.resolve("toy"));
        Files.writeString(tmp.resolve("toy/mine.txt"), "my notes");
        assertThatThrownBy(() -> installer(new WritingSource(1, -1), new ArrayList<>()).fetch("toy", null, false))
                .isInstanceOf(BadInputException.class)
                .hasMessage(tmp.resolve("toy") + " exists but was not installed by zoolab (it has no SHA256SUMS):"
                        + " move it away or delete it, then fetch again");
        assertThat(Files.readString(tmp.resolve("toy/mine.txt"))).isEqualTo("my notes");
    }

    @Test
    void aConcurrentFetchIsRefused() throws IOException {
        Files.createDirectories(tmp);
        try (FileChannel ch = FileChannel.open(tmp.resolve(".fetch.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            assertThatThrownBy(() -> installer(new WritingSource(1, -1), new ArrayList<>()).fetch("toy", null, false))
                    .isInstanceOf(BadInputException.class)
                    .hasMessage("another zoolab data fetch is running in " + tmp + ": wait for it to finish");
        }
        assertThat(tmp.resolve("toy")).doesNotExist();
    }

    @Test
    void unknownNamesAndMissingFromPathsAreClearErrors() {
        DatasetInstaller standard = new DatasetInstaller(DataDirectory.resolve(tmp), new FakeCommands(), l -> { });
        assertThatThrownBy(() -> standard.fetch("cifar-100", null, false))
                .isInstanceOf(BadInputException.class)
                .hasMessage("unknown data set 'cifar-100': known are mnist, fashion-mnist, cifar10, imagenet, photos");
        assertThatThrownBy(() -> standard.fetch("mnist", tmp.resolve("nope"), false))
                .isInstanceOf(BadInputException.class).hasMessage("--from " + tmp.resolve("nope") + ": no such file or folder");
    }

    @Test
    void listShowsEveryKnownDataSet() throws IOException {
        List<DatasetStatus> all = new DatasetInstaller(DataDirectory.resolve(tmp), new FakeCommands(), l -> { }).list();
        assertThat(all).extracting(DatasetStatus::name).containsExactly("mnist", "fashion-mnist", "cifar10", "imagenet", "photos");
        assertThat(all).allSatisfy(s -> assertThat(s.installed()).isFalse());
        assertThat(all.get(2).hint()).isEqualTo("download cifar-10-binary.tar.gz from https://www.cs.toronto.edu/~kriz/cifar.html"
                + " and run `zoolab data fetch cifar10 --from PATH`");
    }

    @Test
    void dataDirectoryPrecedence() {
        Path home = Path.of("/home/someone");
        assertThat(DataDirectory.resolve(Path.of("/x"), Map.of("ZOOLAB_DATA", "/y"), home).root()).isEqualTo(Path.of("/x"));
        assertThat(DataDirectory.resolve(null, Map.of("ZOOLAB_DATA", "/y"), home).root()).isEqualTo(Path.of("/y"));
        assertThat(DataDirectory.resolve(null, Map.of("ZOOLAB_DATA", " "), home).root()).isEqualTo(Path.of("/home/someone/.zoolab/data"));
        DataDirectory d = DataDirectory.resolve(null, Map.of(), home);
        assertThat(d.chosenBy()).isEqualTo("default");
        assertThat(d.datasetDir("mnist")).isEqualTo(Path.of("/home/someone/.zoolab/data/mnist"));
        assertThatThrownBy(() -> d.datasetDir("../etc")).isInstanceOf(BadInputException.class);
    }
}
