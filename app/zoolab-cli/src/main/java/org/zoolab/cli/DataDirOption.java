package org.zoolab.cli;

import org.zoolab.data.DataDirectory;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The {@code --data-dir} option shared by the {@code zoolab data} commands (a picocli mixin). */
public final class DataDirOption {

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory (default: $ZOOLAB_DATA, else ~/.zoolab/data).")
    Path dataDir;

    /** The data directory this option (or the environment) chooses. */
    public DataDirectory resolve() {
        return DataDirectory.resolve(dataDir);
    }
}
