package org.zoolab.viz;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Points of a 2-D latent space coloured by class, e.g. a VAE's posterior means of the test set (Kingma &amp;
 * Welling's figure of the 2-D MNIST latent space): one colour per class, legend with the class names.
 */
public final class LatentScatter {
    private static final Color[] PALETTE = {
            new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
            new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127),
            new Color(188, 189, 34), new Color(23, 190, 207)};

    private LatentScatter() {
    }

    /**
     * @param x          first coordinate of each point
     * @param y          second coordinate of each point
     * @param labels     class of each point, 0 to {@code classNames.size() - 1}
     * @param classNames legend names
     */
    public static BufferedImage render(String title, double[] x, double[] y, int[] labels, List<String> classNames,
                                       int width, int height) {
        if (x.length != y.length || x.length != labels.length) {
            throw new IllegalArgumentException("x, y and labels must have the same length");
        }
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
                .xAxisTitle("z1").yAxisTitle("z2").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(3);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        for (int k = 0; k < classNames.size(); k++) {
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == k) {
                    xs.add(x[i]);
                    ys.add(y[i]);
                }
            }
            if (xs.isEmpty()) continue;
            XYSeries s = chart.addSeries(classNames.get(k), xs, ys);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(PALETTE[k % PALETTE.length]);
        }
        return BitmapEncoder.getBufferedImage(chart);
    }
}
