package org.zoolab.generative;

import org.zoolab.io.AtomicFiles;
import org.zoolab.BadInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A table of numbers with named columns, kept as CSV ({@code metrics.csv}, one row per epoch;
 * {@code iterations.csv}, one row per step) and rewritten atomically after each change.
 */
public final class MetricsTable {
    private final List<String> columns;
    private final List<double[]> rows = new ArrayList<>();

    public MetricsTable(List<String> columns) {
        this.columns = List.copyOf(columns);
    }

    public List<String> columns() {
        return columns;
    }

    /** Adds a row; one value per column. */
    public void add(double... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException(values.length + " values for " + columns.size() + " columns " + columns);
        }
        rows.add(values.clone());
    }

    public int size() {
        return rows.size();
    }

    /** One column's values, in row order. */
    public double[] column(String name) {
        int c = columns.indexOf(name);
        if (c < 0) throw new IllegalArgumentException("no column '" + name + "' in " + columns);
        return rows.stream().mapToDouble(r -> r[c]).toArray();
    }

    /** Keeps the rows whose {@code column} value is at most {@code max} (rows after a checkpoint are dropped on resume). */
    public void keepUpTo(String column, double max) {
        int c = columns.indexOf(column);
        rows.removeIf(r -> r[c] > max);
    }

    /** The CSV text: a header line, then one line per row. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder(String.join(",", columns)).append('\n');
        for (double[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                if (i > 0) sb.append(',');
                sb.append(format(r[i]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Writes the CSV atomically. */
    public void write(Path file) throws IOException {
        AtomicFiles.writeString(file, toCsv());
    }

    /** Reads a CSV written by {@link #write}; its header must be {@code columns}. */
    public static MetricsTable read(Path file, List<String> columns) {
        MetricsTable t = new MetricsTable(columns);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (lines.isEmpty() || !lines.get(0).equals(String.join(",", columns))) {
            throw new BadInputException(file + ": expected the header '" + String.join(",", columns) + "'");
        }
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            String[] cells = lines.get(i).split(",", -1);
            if (cells.length != columns.size()) {
                throw new BadInputException(file + ", line " + (i + 1) + ": expected " + columns.size() + " values, got " + cells.length);
            }
            t.add(Arrays.stream(cells).mapToDouble(MetricsTable::parse).toArray());
        }
        return t;
    }

    private static double parse(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }

    static String format(double v) {
        if (Double.isNaN(v)) return "";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%.6g", v).replaceFirst("(\\.\\d*?)0+(e|$)", "$1$2").replaceFirst("\\.(e|$)", "$1");
    }
}
