package org.zoolab.distributed.spark;

import org.zoolab.data.DataDirectory;
import org.zoolab.data.DatasetInstaller;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Real MNIST for tests: the user's data directory ({@code $ZOOLAB_DATA} or {@code ~/.zoolab/data}) when it has
 * it, else {@code target/zoolab-test-data}, filled once by the real installer (a few seconds).
 */
public final class TestMnist {
    private TestMnist() {
    }

    /** A data directory in which MNIST is installed. */
    public static synchronized DataDirectory directory() {
        DataDirectory user = DataDirectory.resolve(null);
        if (DatasetInstaller.isInstalled(user, "mnist")) {
            return user;
        }
        DataDirectory dir = DataDirectory.resolve(Path.of("target", "zoolab-test-data").toAbsolutePath());
        try {
            new DatasetInstaller(dir, line -> System.out.println("[test data] " + line)).fetch("mnist", null, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }
}
