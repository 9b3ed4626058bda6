package org.zoolab.data;

import org.zoolab.BadInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The files a pipeline skipped or converted, with the reason, collected from all decode threads. A file is
 * listed once however many epochs meet it. By default bad files are skipped and listed here (printed at the end
 * of an epoch and written to the run directory as {@value #FILE_NAME}); in strict mode the first skipped file
 * stops the run with a {@link BadInputException} naming the file and the reason.
 */
public final class BadFileReport {
    /** The name of the report file in a run directory. */
    public static final String FILE_NAME = "bad-files.tsv";

    /** What happened to a file. */
    public enum Outcome {
        /** Not used; the reason says why. */
        SKIPPED,
        /** Used after a well-defined conversion (16-bit to 8-bit, grey to RGB, CMYK to RGB, alpha dropped). */
        CONVERTED
    }

    /** One line of the report. */
    public record Entry(String file, Outcome outcome, String reason) {
    }

    private final boolean strict;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public BadFileReport(boolean strict) {
        this.strict = strict;
    }

    public boolean strict() {
        return strict;
    }

    /** Records a skipped file; in strict mode throws instead. */
    public void skipped(String file, String reason) {
        if (strict) {
            throw new BadInputException(file + ": " + reason + " (--strict stops at the first bad file)");
        }
        entries.put(file, new Entry(file, Outcome.SKIPPED, reason));
    }

    /** Records a file used after a conversion. */
    public void converted(String file, String conversion) {
        entries.putIfAbsent(file, new Entry(file, Outcome.CONVERTED, conversion));
    }

    /** All entries, sorted by file. */
    public List<Entry> entries() {
        List<Entry> list = new ArrayList<>(entries.values());
        list.sort(Comparator.comparing(Entry::file));
        return list;
    }

    public List<Entry> entries(Outcome outcome) {
        return entries().stream().filter(e -> e.outcome() == outcome).collect(Collectors.toList());
    }

    /** The entry for a file, or null. */
    public Entry entry(String file) {
        return entries.get(file);
    }

    public int skippedCount() {
        return (int) entries.values().stream().filter(e -> e.outcome() == Outcome.SKIPPED).count();
    }

    public int convertedCount() {
        return (int) entries.values().stream().filter(e -> e.outcome() == Outcome.CONVERTED).count();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** One line, e.g. "3 files skipped (2 truncated or corrupt jpeg, 1 empty file), 1 converted". */
    public String summary() {
        Map<String, Integer> kinds = new TreeMap<>();
        for (Entry e : entries.values()) {
            if (e.outcome() == Outcome.SKIPPED) {
                kinds.merge(kind(e.reason()), 1, Integer::sum);
            }
        }
        int skipped = skippedCount();
        StringBuilder sb = new StringBuilder().append(skipped).append(skipped == 1 ? " file" : " files").append(" skipped");
        if (!kinds.isEmpty()) {
            sb.append(" (").append(kinds.entrySet().stream().map(k -> k.getValue() + " " + k.getKey())
                    .collect(Collectors.joining(", "))).append(')');
        }
        return sb.append(", ").append(convertedCount()).append(" converted").toString();
    }

    private static String kind(String reason) {
        int paren = reason.indexOf(" (");
        return (paren < 0 ? reason : reason.substring(0, paren)).replaceAll("[0-9]+", "N");
    }

    /** The report as text: a header line, then "outcome TAB file TAB reason" per line. */
    public String toTsv() {
        StringBuilder sb = new StringBuilder("outcome\tfile\treason\n");
        for (Entry e : entries()) {
            sb.append(e.outcome().name().toLowerCase()).append('\t').append(e.file()).append('\t')
                    .append(e.reason().replace('\t', ' ').replace('\n', ' ')).append('\n');
        }
        return sb.toString();
    }

    /** Writes {@value #FILE_NAME} into a directory (atomically) and returns its path. */
    public Path writeTo(Path directory) {
        Path target = directory.resolve(FILE_NAME);
        writeAtomically(target, toTsv().getBytes(StandardCharsets.UTF_8));
        return target;
    }

    /** Writes bytes to a temporary file beside the target, forces them to disk and renames it into place. */
    static void writeAtomically(Path target, byte[] bytes) {
        try {
            Path dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            try {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                    ch.force(true);
                }
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }
}
