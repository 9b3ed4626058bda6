package org.zoolab.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs the outside programs data sets come from ({@code npm}, {@code apt-get}, {@code dpkg-deb}). The installer goes
 * through this interface so that tests can stand in for an unreachable registry or a download cut off halfway.
 */
public interface ExternalCommand {

    /** What a finished program left: its exit code and its output (standard output and error, merged). */
    record Result(int exitCode, String output) {
        /** The last non-blank line of the output, for error messages ("" if none). */
        public String lastLine() {
            String[] lines = output.strip().split("\n");
            return lines.length == 0 ? "" : lines[lines.length - 1].strip();
        }
    }

    /** Thrown when a program cannot be started at all (not installed, not executable). */
    final class CannotStartException extends IOException {
        public CannotStartException(String program, IOException cause) {
            super(program + " could not be started: " + cause.getMessage(), cause);
        }
    }

    /** Reads a running program's standard output. */
    @FunctionalInterface
    interface OutputReader {
        void read(InputStream stdout) throws IOException;
    }

    /**
     * Runs {@code command} in {@code workDir} to completion.
     *
     * @throws CannotStartException if the program cannot be started (not installed)
     * @throws IOException if the wait is interrupted ({@link java.io.InterruptedIOException})
     */
    Result run(List<String> command, Path workDir) throws IOException;

    /**
     * Runs {@code command} in {@code workDir}, handing its standard output to {@code reader} while it runs.
     * The result's output holds the program's standard error.
     */
    Result stream(List<String> command, Path workDir, OutputReader reader) throws IOException;

    /** Whether the programs run with root rights (then {@code apt-get update} may be run to refresh stale lists). */
    boolean runsAsRoot();

    /** The real thing: {@link ProcessBuilder}. */
    static ExternalCommand system() {
        return new ProcessExternalCommand();
    }
}
