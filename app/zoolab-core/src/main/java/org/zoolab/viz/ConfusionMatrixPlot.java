package org.zoolab.viz;

import org.zoolab.io.AtomicFiles;
import org.zoolab.train.EvaluationResult;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A confusion matrix as a PNG heat map: rows are the actual classes, columns the predicted ones, each cell shaded
 * by the fraction of its row (so per-class accuracy is the diagonal's shade) and, up to 20 classes, labelled
 * with its count.
 */
public final class ConfusionMatrixPlot {
    private static final int MAX_LABELLED = 20;

    private ConfusionMatrixPlot() {
    }

    public static Path write(EvaluationResult r, Path file) {
        System.setProperty("java.awt.headless", "true");
        int k = r.numClasses();
        int cell = Math.max(4, Math.min(48, 800 / k));
        int labelW = k <= MAX_LABELLED ? 110 : 20;
        int top = 50;
        int size = cell * k;
        BufferedImage img = new BufferedImage(labelW + size + 20, top + size + labelW, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(String.format(java.util.Locale.ROOT, "Confusion matrix (rows: actual, columns: predicted), top-1 %.2f%%",
                100 * r.top1()), 10, 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(8, Math.min(12, cell / 3))));
        FontMetrics fm = g.getFontMetrics();
        long[][] m = r.confusion();
        for (int a = 0; a < k; a++) {
            long total = r.support(a);
            for (int p = 0; p < k; p++) {
                double f = total == 0 ? 0 : (double) m[a][p] / total;
                int shade = (int) Math.round(255 * (1 - f));
                g.setColor(new Color(shade, shade, 255));
                int x = labelW + p * cell, y = top + a * cell;
                g.fillRect(x, y, cell, cell);
                if (k <= MAX_LABELLED && m[a][p] > 0) {
                    g.setColor(f > 0.5 ? Color.WHITE : Color.BLACK);
                    String s = Long.toString(m[a][p]);
                    g.drawString(s, x + (cell - fm.stringWidth(s)) / 2, y + (cell + fm.getAscent()) / 2 - 2);
                }
            }
        }
        g.setColor(Color.GRAY);
        g.drawRect(labelW, top, size, size);
        if (k <= MAX_LABELLED) {
            g.setColor(Color.BLACK);
            for (int i = 0; i < k; i++) {
                String name = clip(r.classNames().get(i));
                g.drawString(name, labelW - fm.stringWidth(name) - 6, top + i * cell + (cell + fm.getAscent()) / 2 - 2);
                Graphics2D rot = (Graphics2D) g.create();
                rot.translate(labelW + i * cell + (cell + fm.getAscent()) / 2 - 2, top + size + 6);
                rot.rotate(Math.PI / 2);
                rot.drawString(name, 0, 0);
                rot.dispose();
            }
        }
        g.dispose();
        try {
            AtomicFiles.write(file, out -> ImageIO.write(img, "png", out));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String clip(String s) {
        return s.length() <= 14 ? s : s.substring(0, 13) + "…";
    }
}
