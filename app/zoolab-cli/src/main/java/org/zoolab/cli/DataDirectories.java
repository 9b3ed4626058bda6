package org.zoolab.cli;

import java.nio.file.Path;

/** Where data sets live, for display (the data package resolves it for real). */
final class DataDirectories {
    private DataDirectories() {
    }

    static String describe(Path override) {
        if (override != null) return override + " (--data-dir)";
        String env = System.getenv("ZOOLAB_DATA");
        if (env != null && !env.isBlank()) return env + " (ZOOLAB_DATA)";
        return Path.of(System.getProperty("user.home"), ".zoolab", "data") + " (default; set ZOOLAB_DATA or --data-dir)";
    }
}
