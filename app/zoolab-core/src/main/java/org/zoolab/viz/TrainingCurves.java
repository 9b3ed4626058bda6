package org.zoolab.viz;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.zoolab.io.AtomicFiles;
import org.zoolab.train.MetricsLog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * A run's training curves from its metrics.csv, as PNG: {@code loss.png} (minibatch loss per logging step,
 * mean train loss and validation loss per epoch, against iterations), {@code accuracy.png} (validation top-1 and
 * top-5 per epoch) and {@code lr.png} (learning rate against iterations).
 */
public final class TrainingCurves {
    private static final int WIDTH = 800;
    private static final int HEIGHT = 500;

    private TrainingCurves() {
    }

    /** Writes the three plots into {@code dir}; returns the files written. */
    public static List<Path> write(Path metricsCsv, Path dir) {
        System.setProperty("java.awt.headless", "true");
        List<MetricsLog.Row> rows = MetricsLog.read(metricsCsv);
        List<MetricsLog.Row> steps = rows.stream().filter(r -> !r.isEpoch()).toList();
        List<MetricsLog.Row> epochs = rows.stream().filter(MetricsLog.Row::isEpoch).toList();
        List<Path> written = new ArrayList<>();

        XYChart loss = chart("Loss", "iteration", "loss");
        add(loss, "minibatch", steps, r -> r.iteration(), MetricsLog.Row::loss, false);
        add(loss, "train (epoch mean)", epochs, r -> r.iteration(), MetricsLog.Row::trainLoss, true);
        add(loss, "validation", epochs, r -> r.iteration(), MetricsLog.Row::valLoss, true);
        written.add(save(loss, dir.resolve("loss.png")));

        XYChart acc = chart("Validation accuracy", "epoch", "accuracy (%)");
        add(acc, "top-1", epochs, r -> r.epoch(), r -> 100 * r.valTop1(), true);
        add(acc, "top-5", epochs, r -> r.epoch(), r -> 100 * r.valTop5(), true);
        written.add(save(acc, dir.resolve("accuracy.png")));

        XYChart lr = chart("Learning rate", "iteration", "learning rate");
        add(lr, "lr", steps, r -> r.iteration(), MetricsLog.Row::lr, false);
        written.add(save(lr, dir.resolve("lr.png")));
        return written;
    }

    private static XYChart chart(String title, String x, String y) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y).build();
        c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        return c;
    }

    private static void add(XYChart c, String name, List<MetricsLog.Row> rows, ToDoubleFunction<MetricsLog.Row> x,
                            ToDoubleFunction<MetricsLog.Row> y, boolean markers) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (MetricsLog.Row r : rows) {
            double v = y.applyAsDouble(r);
            if (Double.isFinite(v)) {
                xs.add(x.applyAsDouble(r));
                ys.add(v);
            }
        }
        if (xs.isEmpty()) return;
        XYSeries s = c.addSeries(name, xs, ys);
        s.setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
    }

    private static Path save(XYChart c, Path file) {
        if (c.getSeriesMap().isEmpty()) {
            c.addSeries("no data yet", new double[]{0}, new double[]{0});
        }
        try {
            AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(c, out, BitmapEncoder.BitmapFormat.PNG));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
