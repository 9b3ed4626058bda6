package org.zoolab.train;

import org.zoolab.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Classification results on one dataset.
 *
 * @param examples   number of examples evaluated
 * @param loss       mean cross-entropy of the true class, {@code -log(max(p, 1e-12))} (no regularisation term)
 * @param top1       fraction whose highest-scoring class is the true one
 * @param top5       fraction whose true class is among the 5 highest (ties counted in its favour); equals
 *                   1 when there are 5 classes or fewer
 * @param confusion  confusion[actual][predicted] counts
 * @param classNames one name per class
 */
public record EvaluationResult(long examples, double loss, double top1, double top5, long[][] confusion, List<String> classNames) {

    public int numClasses() {
        return confusion.length;
    }

    /** Per-class accuracy (recall): correct / examples of that class; NaN for a class with no examples. */
    public double[] perClassAccuracy() {
        double[] acc = new double[confusion.length];
        for (int c = 0; c < confusion.length; c++) {
            long total = 0;
            for (long v : confusion[c]) total += v;
            acc[c] = total == 0 ? Double.NaN : (double) confusion[c][c] / total;
        }
        return acc;
    }

    /** Examples of class {@code c}. */
    public long support(int c) {
        long total = 0;
        for (long v : confusion[c]) total += v;
        return total;
    }

    /** Writes the confusion matrix as CSV: header "actual\predicted,name0,name1,...", one row per actual class. */
    public void writeConfusionCsv(Path file) {
        StringBuilder sb = new StringBuilder("actual\\predicted");
        for (String n : classNames) sb.append(',').append(csv(n));
        sb.append('\n');
        for (int a = 0; a < confusion.length; a++) {
            sb.append(csv(classNames.get(a)));
            for (long v : confusion[a]) sb.append(',').append(v);
            sb.append('\n');
        }
        write(file, sb.toString());
    }

    /** Writes per-class accuracy as CSV: class,examples,correct,accuracy. */
    public void writePerClassCsv(Path file) {
        StringBuilder sb = new StringBuilder("class,examples,correct,accuracy\n");
        double[] acc = perClassAccuracy();
        for (int c = 0; c < confusion.length; c++) {
            sb.append(csv(classNames.get(c))).append(',').append(support(c)).append(',').append(confusion[c][c]).append(',')
                    .append(Double.isNaN(acc[c]) ? "" : String.format(Locale.ROOT, "%.6f", acc[c])).append('\n');
        }
        write(file, sb.toString());
    }

    /**
     * Writes the headline figures as JSON ({@code summary.json}): what was evaluated, on what, how, and the
     * result; {@code scripts/results-table} builds docs/results.md's table from these files.
     */
    public void writeSummaryJson(Path file, String model, String data, String crop, double seconds) {
        var m = new java.util.LinkedHashMap<String, Object>();
        m.put("model", model);
        m.put("data", data);
        m.put("crop", crop);
        m.put("examples", examples);
        m.put("top1", top1);
        m.put("top5", top5);
        m.put("loss", loss);
        m.put("seconds", seconds);
        try {
            write(file, new com.fasterxml.jackson.databind.ObjectMapper()
                    .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(m) + "\n");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            AtomicFiles.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
