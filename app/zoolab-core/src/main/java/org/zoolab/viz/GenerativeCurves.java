package org.zoolab.viz;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Map;

/**
 * Line charts of a generative run: the VAE's bound and its terms per epoch, the GAN's D and G losses per
 * iteration. One line per named series over a shared x axis; non-finite values are left out.
 */
public final class GenerativeCurves {
    private GenerativeCurves() {
    }

    /** One chart: {@code series} maps a legend name to y values, one per entry of {@code x}. */
    public static BufferedImage render(String title, String xLabel, String yLabel, double[] x,
                                       Map<String, double[]> series, int width, int height) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
                .xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            double[] y = e.getValue();
            if (y.length != x.length) throw new IllegalArgumentException("series '" + e.getKey() + "' has " + y.length + " values for " + x.length + " x values");
            int n = 0;
            for (double v : y) if (Double.isFinite(v)) n++;
            if (n == 0) continue;
            double[] xs = new double[n], ys = new double[n];
            for (int i = 0, j = 0; i < x.length; i++) {
                if (Double.isFinite(y[i])) {
                    xs[j] = x[i];
                    ys[j++] = y[i];
                }
            }
            XYSeries s = chart.addSeries(e.getKey(), xs, ys);
            s.setMarker(x.length > 50 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        }
        return BitmapEncoder.getBufferedImage(chart);
    }
}
