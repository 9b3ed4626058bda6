package org.zoolab.viz;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.zoolab.sweep.Dimension;
import org.zoolab.sweep.ResultsTable;
import org.zoolab.sweep.SweepDefinition;
import org.zoolab.io.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A sweep's plots from its results.csv, as PNG: {@code score-vs-KEY.png} for every swept key (each finished
 * candidate's score against its value; a log axis for log-uniform keys; text keys such as the model on a
 * category axis), and {@code best-so-far.png} (each candidate's score and the best score so far, against
 * the candidate index). Accuracy is shown in percent. Failed candidates have no score and are counted in the titles.
 */
public final class SweepPlots {
    private static final int WIDTH = 800;
    private static final int HEIGHT = 500;

    private SweepPlots() {
    }

    /** Writes the plots into {@code dir}; returns the files written. */
    public static List<Path> write(ResultsTable table, SweepDefinition sweep, Path dir) {
        System.setProperty("java.awt.headless", "true");
        List<ResultsTable.Row> ok = table.rows().stream().filter(r -> r.status() == ResultsTable.Status.OK && !Double.isNaN(r.score())).toList();
        long failed = table.rows().stream().filter(r -> r.status() == ResultsTable.Status.FAILED).count();
        boolean top1 = sweep.score().metric() == SweepDefinition.Metric.VAL_TOP1;
        String yTitle = top1 ? "validation top-1 (%)" : "validation loss";
        String note = failed == 0 ? "" : " (" + failed + " failed, not shown)";
        List<Path> written = new ArrayList<>();

        for (Dimension d : sweep.sweptDimensions()) {
            String key = d.key().yamlName();
            XYChart c = chart(sweep.score().metric().key() + " against " + key + note, key, yTitle);
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            if (d.isNumeric()) {
                for (ResultsTable.Row r : ok) {
                    double x = r.number(key);
                    if (!Double.isNaN(x)) {
                        xs.add(x);
                        ys.add(y(r, top1));
                    }
                }
                // a margin around the range, so that points on its ends are not clipped by the plot's edge
                double lo = xs.stream().mapToDouble(Double::doubleValue).min().orElse(d.min());
                double hi = xs.stream().mapToDouble(Double::doubleValue).max().orElse(d.max());
                if (d.isLogScale()) {
                    c.getStyler().setXAxisLogarithmic(true);
                    c.getStyler().setXAxisMin(lo / 1.5).setXAxisMax(hi * 1.5);
                } else if (hi > lo) {
                    c.getStyler().setXAxisMin(lo - 0.05 * (hi - lo)).setXAxisMax(hi + 0.05 * (hi - lo));
                }
            } else {
                List<String> labels = new ArrayList<>();
                for (Object v : d.values()) labels.add(String.valueOf(v));
                for (ResultsTable.Row r : ok) {
                    int i = labels.indexOf(r.values().get(key));
                    if (i >= 0) {
                        xs.add((double) i);
                        ys.add(y(r, top1));
                    }
                }
                c.getStyler().setXAxisMin(-0.5).setXAxisMax(labels.size() - 0.5);
                c.getStyler().setxAxisTickLabelsFormattingFunction(x -> {
                    long i = Math.round(x);
                    return Math.abs(x - i) < 1e-9 && i >= 0 && i < labels.size() ? labels.get((int) i) : "";
                });
            }
            c.getStyler().setLegendVisible(false);
            if (!xs.isEmpty()) {
                XYSeries s = c.addSeries("candidates", xs, ys);
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                s.setMarker(SeriesMarkers.CIRCLE);
            }
            written.add(save(c, dir.resolve("score-vs-" + key + ".png")));
        }

        XYChart best = chart("Best " + sweep.score().metric().key() + " so far" + note, "candidate", yTitle);
        List<Double> xs = new ArrayList<>(), ys = new ArrayList<>(), bx = new ArrayList<>(), by = new ArrayList<>();
        double bestSoFar = Double.NaN;
        for (ResultsTable.Row r : ok) {
            xs.add((double) r.candidate());
            ys.add(y(r, top1));
            if (Double.isNaN(bestSoFar) || sweep.score().better(r.score(), bestSoFar)) bestSoFar = r.score();
            bx.add((double) r.candidate());
            by.add(top1 ? 100 * bestSoFar : bestSoFar);
        }
        if (!xs.isEmpty()) {
            XYSeries s = best.addSeries("candidate's score", xs, ys);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.CIRCLE);
            XYSeries b = best.addSeries("best so far", bx, by);
            b.setMarker(SeriesMarkers.NONE);
            b.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
        }
        written.add(save(best, dir.resolve("best-so-far.png")));
        return written;
    }

    private static double y(ResultsTable.Row r, boolean top1) {
        return top1 ? 100 * r.score() : r.score();
    }

    private static XYChart chart(String title, String x, String y) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y).build();
        c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        // outside the plot area: an inside legend hides the points under it
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        return c;
    }

    private static Path save(XYChart c, Path file) {
        if (c.getSeriesMap().isEmpty()) {
            c.addSeries("no finished candidate yet", new double[]{0}, new double[]{0});
        }
        try {
            AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(c, out, BitmapEncoder.BitmapFormat.PNG));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
