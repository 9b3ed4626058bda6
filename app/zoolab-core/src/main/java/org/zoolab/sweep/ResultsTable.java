package org.zoolab.sweep;

import org.zoolab.BadInputException;
import org.zoolab.io.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A sweep's {@code results.csv}, the record a resumed sweep trusts: one row per candidate, in candidate order,
 * with the columns
 * <pre>
 * candidate,status,KEY1,KEY2,...,score,val_top1,val_loss,epochs,seconds,run,error
 * </pre>
 * {@code candidate} is the candidate's index in the generator's sequence (for a grid: its grid index, the first
 * key varying fastest); {@code status} is {@code ok}, {@code failed}, {@code running} (the sweep stopped while it
 * trained) or {@code interrupted}; one column per key of the search space holds the value the candidate trained
 * with; {@code score} is the sweep's score (a copy of val_top1 or val_loss); {@code epochs} the epochs trained,
 * {@code seconds} its training time; {@code run} its run directory relative to the sweep directory;
 * {@code error} the failure in one line. The file is rewritten atomically after every change, so a crash leaves
 * the previous complete table.
 */
public final class ResultsTable {
    static final String FILE = "results.csv";
    private static final List<String> TAIL = List.of("score", "val_top1", "val_loss", "epochs", "seconds", "run", "error");

    /** A candidate's state. */
    public enum Status {
        OK, FAILED, RUNNING, INTERRUPTED;

        public String csv() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Finished one way or the other: a resumed sweep does not run it again. */
        public boolean isDone() {
            return this == OK || this == FAILED;
        }
    }

    /**
     * One candidate.
     *
     * @param candidate index in the generator's sequence
     * @param status    its state
     * @param values    key to value as written (numbers in their shortest exact form)
     * @param score     the sweep's score, NaN when none
     * @param valTop1   last epoch's validation top-1, NaN when none
     * @param valLoss   last epoch's validation loss, NaN when none
     * @param epochs    epochs trained
     * @param seconds   training wall time
     * @param run       run directory, relative to the sweep directory
     * @param error     why it failed, one line; empty otherwise
     */
    public record Row(int candidate, Status status, Map<String, String> values, double score, double valTop1, double valLoss,
                      int epochs, double seconds, String run, String error) {
        public Row {
            values = new LinkedHashMap<>(values);
            error = error == null ? "" : error.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
        }

        /** The value of {@code key} as a number, NaN when it is not one. */
        public double number(String key) {
            try {
                return Double.parseDouble(values.get(key));
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        }
    }

    private final Path file;
    private final List<String> keys;
    private final TreeMap<Integer, Row> rows = new TreeMap<>();

    private ResultsTable(Path file, List<String> keys) {
        this.file = file;
        this.keys = List.copyOf(keys);
    }

    /** The table of the sweep directory {@code dir} for {@code keys}: read when it exists, else empty. */
    public static ResultsTable open(Path dir, List<String> keys) {
        ResultsTable t = new ResultsTable(dir.resolve(FILE), keys);
        if (Files.exists(t.file)) t.read();
        return t;
    }

    /** Reads the results.csv of a sweep directory, whatever its keys. */
    public static ResultsTable read(Path dir) {
        Path f = dir.resolve(FILE);
        if (!Files.exists(f)) throw new BadInputException(dir + " has no " + FILE);
        List<String> header = parse(firstLine(f));
        int from = header.indexOf("status") + 1, to = header.indexOf("score");
        if (from <= 0 || to < from) throw new BadInputException(f + ": not a zoolab sweep results file (header " + header + ")");
        ResultsTable t = new ResultsTable(f, header.subList(from, to));
        t.read();
        return t;
    }

    public Path file() {
        return file;
    }

    public List<String> keys() {
        return keys;
    }

    public synchronized List<Row> rows() {
        return List.copyOf(rows.values());
    }

    public synchronized Optional<Row> row(int candidate) {
        return Optional.ofNullable(rows.get(candidate));
    }

    /** Indices of the candidates that finished (ok or failed). */
    public synchronized List<Integer> done() {
        return rows.values().stream().filter(r -> r.status().isDone()).map(Row::candidate).toList();
    }

    /** The best finished candidate under {@code score}. */
    public synchronized Optional<Row> best(SweepDefinition.Score score) {
        Row best = null;
        for (Row r : rows.values()) {
            if (r.status() != Status.OK || Double.isNaN(r.score())) continue;
            if (best == null || score.better(r.score(), best.score())) best = r;
        }
        return Optional.ofNullable(best);
    }

    /** Adds or replaces a row and rewrites the file atomically. */
    public synchronized void put(Row row) {
        rows.put(row.candidate(), row);
        write();
    }

    /** Rows whose status is running or interrupted are dropped (their candidates will run again); rewrites the file. */
    public synchronized List<Row> dropUnfinished() {
        List<Row> dropped = rows.values().stream().filter(r -> !r.status().isDone()).toList();
        for (Row r : dropped) rows.remove(r.candidate());
        if (!dropped.isEmpty()) write();
        return dropped;
    }

    private void write() {
        StringBuilder sb = new StringBuilder();
        List<String> header = new ArrayList<>(List.of("candidate", "status"));
        header.addAll(keys);
        header.addAll(TAIL);
        sb.append(String.join(",", header)).append('\n');
        for (Row r : rows.values()) {
            List<String> cells = new ArrayList<>();
            cells.add(Integer.toString(r.candidate()));
            cells.add(r.status().csv());
            for (String k : keys) cells.add(csv(r.values().getOrDefault(k, "")));
            cells.add(num(r.score()));
            cells.add(num(r.valTop1()));
            cells.add(num(r.valLoss()));
            cells.add(Integer.toString(r.epochs()));
            cells.add(String.format(Locale.ROOT, "%.1f", r.seconds()));
            cells.add(csv(r.run()));
            cells.add(csv(r.error()));
            sb.append(String.join(",", cells)).append('\n');
        }
        try {
            AtomicFiles.writeString(file, sb.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private void read() {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (lines.isEmpty()) return;
        List<String> header = parse(lines.get(0));
        List<String> expected = new ArrayList<>(List.of("candidate", "status"));
        expected.addAll(keys);
        expected.addAll(TAIL);
        if (!header.equals(expected)) {
            throw new BadInputException(file + " has the columns " + header + ", but this sweep writes " + expected
                    + "; was it written by another sweep?");
        }
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            List<String> c = parse(lines.get(i));
            if (c.size() != expected.size()) {
                throw new BadInputException(file + ", line " + (i + 1) + ": expected " + expected.size() + " cells, got " + c.size());
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (int k = 0; k < keys.size(); k++) values.put(keys.get(k), c.get(2 + k));
            int t = 2 + keys.size();
            Status status;
            try {
                status = Status.valueOf(c.get(1).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new BadInputException(file + ", line " + (i + 1) + ": unknown status '" + c.get(1) + "'");
            }
            Row r = new Row(Integer.parseInt(c.get(0)), status, values, d(c.get(t)), d(c.get(t + 1)), d(c.get(t + 2)),
                    Integer.parseInt(c.get(t + 3)), Double.parseDouble(c.get(t + 4)), c.get(t + 5), c.get(t + 6));
            rows.put(r.candidate(), r);
        }
    }

    private static String firstLine(Path f) {
        try (var lines = Files.lines(f, StandardCharsets.UTF_8)) {
            return lines.findFirst().orElse("");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }

    /** Splits one CSV line (RFC 4180 quoting). */
    static List<String> parse(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        out.add(cell.toString());
        return out;
    }

    static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    /** Formats a value for the table. */
    static String cell(Object v) {
        if (v instanceof Double d) return SweptKey.format(d);
        return String.valueOf(v);
    }

    static Map<String, String> cells(Map<String, Object> values, Collection<String> keys) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String k : keys) m.put(k, values.containsKey(k) ? cell(values.get(k)) : "");
        return m;
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }

    private static double d(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }
}
