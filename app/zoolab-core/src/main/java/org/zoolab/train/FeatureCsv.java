package org.zoolab.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The features CSV of {@code zoolab features}: header {@code file,label,f0,f1,...}, then one row per image: its
 * file name (relative to the data directory, or {@code split/index} for a data set), its label (the class folder
 * or class name; empty when unknown) and the embedding, as {@code %.6g} numbers. Text cells holding a comma, a
 * quote or a line break are quoted as RFC 4180 says.
 */
public final class FeatureCsv {
    private FeatureCsv() {
    }

    /** The header for {@code dims} features. */
    public static String header(int dims) {
        StringBuilder sb = new StringBuilder("file,label");
        for (int i = 0; i < dims; i++) sb.append(",f").append(i);
        return sb.toString();
    }

    /** One row. */
    public static String row(String file, String label, float[] v) {
        StringBuilder sb = new StringBuilder(quote(file)).append(',').append(quote(label == null ? "" : label));
        for (float f : v) sb.append(',').append(String.format(Locale.ROOT, "%.6g", f));
        return sb.toString();
    }

    /** Quotes a text cell when it must be. */
    public static String quote(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    /** Splits one line into cells, undoing {@link #quote}. */
    public static List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        cells.add(cur.toString());
        return cells;
    }
}
