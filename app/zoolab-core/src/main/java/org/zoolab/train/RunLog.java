package org.zoolab.train;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A run's {@code train.log} ({@link RunDirectory#log()}): what happened, in words, one line per event, each
 * starting with the local time to the second ({@code 2026-01-31T14:05:09 epoch 3/90: ...}). Lines are appended;
 * a log that cannot be written is a warning, never a reason to stop training.
 */
public final class RunLog {
    private static final Logger log = LoggerFactory.getLogger(RunLog.class);
    private final Path file;

    public RunLog(Path file) {
        this.file = file;
    }

    /** The log of a run directory. */
    public static RunLog of(RunDirectory dir) {
        return new RunLog(dir.log());
    }

    public Path file() {
        return file;
    }

    /** Appends one timestamped line. */
    public void append(String message) {
        String line = LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 19) + " " + message + "\n";
        try {
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            log.warn("cannot write {}: {}", file, e.toString());
        }
    }
}
