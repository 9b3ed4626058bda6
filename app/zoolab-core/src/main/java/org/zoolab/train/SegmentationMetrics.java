package org.zoolab.train;

import java.util.List;

/**
 * Segmentation scores from a pixel confusion matrix ({@code confusion[actual][predicted]}, pixels counted over a
 * whole data set, as {@link Evaluator} counts them for a per-pixel classifier).
 * <ul>
 *   <li>pixel accuracy: correct pixels / all pixels;</li>
 *   <li>IoU of class c (Jaccard): TP / (TP + FP + FN); mean IoU: the mean over classes that occur (in the labels
 *       or the predictions; a class absent from both is skipped, not counted as 1 or 0);</li>
 *   <li>Dice of class c: 2 TP / (2 TP + FP + FN); {@link #dice()} is the foreground Dice for two classes
 *       (class 1), else the mean over occurring classes.</li>
 * </ul>
 * Computed over the data set's pixels at once (not per image then averaged).
 *
 * @param confusion pixel counts, actual by predicted
 */
public record SegmentationMetrics(long[][] confusion) {
    /** The metrics.csv columns a segmentation run adds ({@link #EXTRA}). */
    public static final List<String> COLUMNS = List.of("val_mean_iou", "val_dice");

    /** Adds mean IoU and Dice to metrics.csv's epoch rows (val_top1 is then the pixel accuracy). */
    public static final ExtraMetrics EXTRA = new ExtraMetrics() {
        @Override
        public List<String> columns() {
            return COLUMNS;
        }

        @Override
        public double[] values(EvaluationResult validation) {
            SegmentationMetrics m = new SegmentationMetrics(validation.confusion());
            return new double[]{m.meanIou(), m.dice()};
        }
    };

    /** Metrics of predicted against actual class maps (same length, values in [0, classes)). */
    public static SegmentationMetrics of(int[] actual, int[] predicted, int classes) {
        if (actual.length != predicted.length) {
            throw new IllegalArgumentException("masks differ in size: " + actual.length + " and " + predicted.length + " pixels");
        }
        long[][] c = new long[classes][classes];
        for (int i = 0; i < actual.length; i++) c[actual[i]][predicted[i]]++;
        return new SegmentationMetrics(c);
    }

    public int classes() {
        return confusion.length;
    }

    public double pixelAccuracy() {
        long ok = 0, all = 0;
        for (int a = 0; a < confusion.length; a++) {
            for (int p = 0; p < confusion.length; p++) {
                all += confusion[a][p];
                if (a == p) ok += confusion[a][p];
            }
        }
        return all == 0 ? Double.NaN : (double) ok / all;
    }

    private long tp(int c) {
        return confusion[c][c];
    }

    private long fp(int c) {
        long s = 0;
        for (int a = 0; a < confusion.length; a++) if (a != c) s += confusion[a][c];
        return s;
    }

    private long fn(int c) {
        long s = 0;
        for (int p = 0; p < confusion.length; p++) if (p != c) s += confusion[c][p];
        return s;
    }

    /** IoU of class c; NaN when the class occurs neither in the labels nor in the predictions. */
    public double iou(int c) {
        long d = tp(c) + fp(c) + fn(c);
        return d == 0 ? Double.NaN : (double) tp(c) / d;
    }

    /** Dice (F1) of class c; NaN when the class occurs nowhere. */
    public double dice(int c) {
        long d = 2 * tp(c) + fp(c) + fn(c);
        return d == 0 ? Double.NaN : 2.0 * tp(c) / d;
    }

    /** Mean IoU over the classes that occur. */
    public double meanIou() {
        double s = 0;
        int n = 0;
        for (int c = 0; c < confusion.length; c++) {
            double v = iou(c);
            if (!Double.isNaN(v)) {
                s += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    /** Foreground Dice for a binary map (class 1), else the mean Dice over the classes that occur. */
    public double dice() {
        if (confusion.length == 2) return dice(1);
        double s = 0;
        int n = 0;
        for (int c = 0; c < confusion.length; c++) {
            double v = dice(c);
            if (!Double.isNaN(v)) {
                s += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }
}
