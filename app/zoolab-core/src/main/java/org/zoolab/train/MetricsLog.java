package org.zoolab.train;

import org.zoolab.io.AtomicFiles;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A run's {@code metrics.csv}: one row per logging step ({@code kind=step}) and one per epoch
 * ({@code kind=epoch}), in the columns of {@link #HEADER}. Empty cells mean "not measured in this kind of row".
 * <ul>
 *   <li>{@code epoch}: 1-based epoch; {@code iteration}: parameter updates so far;</li>
 *   <li>{@code loss}: the last minibatch's loss as DL4J reports it (data loss plus the L2 penalty when the recipe
 *       uses L2); {@code lr}: learning rate of that step; {@code images_per_s}: training throughput since the
 *       previous step row (including data loading);</li>
 *   <li>{@code train_loss}: mean minibatch loss over the epoch; {@code val_loss}: mean cross-entropy on the
 *       validation set (no penalty term); {@code val_top1}, {@code val_top5}: validation accuracies in [0, 1];</li>
 *   <li>{@code time_s}: training wall time so far in seconds, over all sessions of the run.</li>
 * </ul>
 * A run may add its own per-epoch columns after these ({@link #open(Path, List)}; segmentation: {@code val_mean_iou},
 * {@code val_dice}); step rows leave them empty. Rows are flushed as they are written. On resume, rows written after the checkpoint being resumed are dropped
 * ({@link #truncateAfter}) so the file describes exactly one history.
 */
public final class MetricsLog implements Closeable {
    public static final String HEADER = "kind,epoch,iteration,loss,lr,images_per_s,train_loss,val_loss,val_top1,val_top5,time_s";

    /** One row of metrics.csv; NaN where the cell is empty. */
    public record Row(String kind, int epoch, int iteration, double loss, double lr, double imagesPerSecond,
                      double trainLoss, double valLoss, double valTop1, double valTop5, double timeSeconds) {
        public boolean isEpoch() {
            return "epoch".equals(kind);
        }
    }

    private final Path file;
    private final BufferedWriter out;
    private final List<String> extraColumns;

    private MetricsLog(Path file, List<String> extraColumns) throws IOException {
        this.file = file;
        this.extraColumns = List.copyOf(extraColumns);
        boolean fresh = !Files.exists(file) || Files.size(file) == 0;
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        if (fresh) {
            out.write(HEADER);
            for (String c : this.extraColumns) out.write("," + c);
            out.newLine();
            out.flush();
        }
    }

    /** Opens (creating or appending to) a metrics file. */
    public static MetricsLog open(Path file) {
        return open(file, List.of());
    }

    /** Opens (creating or appending to) a metrics file with extra per-epoch columns after {@link #HEADER}'s. */
    public static MetricsLog open(Path file, List<String> extraColumns) {
        try {
            return new MetricsLog(file, extraColumns);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file, e);
        }
    }

    public Path file() {
        return file;
    }

    /** Appends a step row. */
    public void step(int epoch, int iteration, double loss, double lr, double imagesPerSecond, double timeSeconds) {
        write(new Row("step", epoch, iteration, loss, lr, imagesPerSecond, Double.NaN, Double.NaN, Double.NaN, Double.NaN, timeSeconds));
    }

    /** Appends an epoch row; {@code extra} fills the extra columns (NaN: empty). */
    public void epoch(int epoch, int iteration, double lr, double imagesPerSecond, double trainLoss, double valLoss,
                      double valTop1, double valTop5, double timeSeconds, double... extra) {
        write(new Row("epoch", epoch, iteration, Double.NaN, lr, imagesPerSecond, trainLoss, valLoss, valTop1, valTop5, timeSeconds), extra);
    }

    private void write(Row r) {
        write(r, new double[0]);
    }

    private void write(Row r, double[] extra) {
        try {
            out.write(String.join(",", r.kind(), Integer.toString(r.epoch()), Integer.toString(r.iteration()),
                    num(r.loss()), num(r.lr()), num(r.imagesPerSecond()), num(r.trainLoss()), num(r.valLoss()),
                    num(r.valTop1()), num(r.valTop5()), num(r.timeSeconds())));
            for (int i = 0; i < extraColumns.size(); i++) out.write("," + (i < extra.length ? num(extra[i]) : ""));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String num(double v) {
        if (Double.isNaN(v)) return "";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%.6g", v);
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file, e);
        }
    }

    /** Reads every row of a metrics file. */
    public static List<Row> read(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !(lines.get(0).equals(HEADER) || lines.get(0).startsWith(HEADER + ","))) {
                throw new org.zoolab.BadInputException(file + ": not a zoolab metrics.csv (expected header '" + HEADER + "')");
            }
            int columns = lines.get(0).split(",", -1).length;
            List<Row> rows = new ArrayList<>();
            for (int i = 1; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank()) continue;
                String[] c = line.split(",", -1);
                if (c.length != columns) {
                    // a line cut short by a crash in the middle of a write: the last line only
                    if (i == lines.size() - 1) break;
                    throw new org.zoolab.BadInputException(file + ", line " + (i + 1) + ": expected " + columns + " columns, got " + c.length);
                }
                rows.add(new Row(c[0], Integer.parseInt(c[1]), Integer.parseInt(c[2]), d(c[3]), d(c[4]), d(c[5]), d(c[6]),
                        d(c[7]), d(c[8]), d(c[9]), d(c[10])));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static double d(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }

    /** Rewrites {@code file} atomically without the rows after iteration {@code iteration}. */
    public static void truncateAfter(Path file, int iteration) {
        if (!Files.exists(file)) return;
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty()) return;
            StringBuilder sb = new StringBuilder(lines.get(0)).append('\n');
            int columns = lines.get(0).split(",", -1).length;
            for (int i = 1; i < lines.size(); i++) {
                String[] c = lines.get(i).split(",", -1);
                if (c.length == columns && Integer.parseInt(c[2]) <= iteration) {
                    sb.append(lines.get(i)).append('\n');
                }
            }
            AtomicFiles.writeString(file, sb.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite " + file, e);
        }
    }
}
