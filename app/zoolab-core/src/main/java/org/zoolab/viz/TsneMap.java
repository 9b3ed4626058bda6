package org.zoolab.viz;

import org.zoolab.BadInputException;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.IntConsumer;

/**
 * A 2-D map of embeddings (a features CSV written by {@code zoolab features}) by t-SNE (van der Maaten &amp; Hinton
 * 2008), points coloured by label.
 * <p>
 * <b>Which t-SNE.</b> This is the exact algorithm of the 2008 paper, written here: Gaussian affinities calibrated
 * per point to the given perplexity (binary search on the precision), symmetrised; Student-t similarities in the map;
 * gradient descent with momentum 0.5 then 0.8 (after iteration 250), per-coordinate adaptive gains, early
 * exaggeration 12 for the first 250 iterations, 1,000 iterations; inputs of more than 50 dimensions are first
 * reduced to 50 by PCA, as the paper does. Its cost is quadratic in the number of points, so at most
 * {@value #MAX_POINTS} points are mapped (a seeded random subset beyond that, said in {@link Result#note()}).
 * DL4J's Barnes-Hut t-SNE ({@code org.deeplearning4j.plot.BarnesHutTsne}) is not used: the last
 * {@code deeplearning4j-tsne} artifact is 1.0.0-beta7 (it is not published for 1.0.0-M2.1, where the class moved
 * into {@code deeplearning4j-nlp} with its native and NLP dependencies), and its issue tracker reports NaN maps
 * (deeplearning4j#8616).
 */
public final class TsneMap {
    /** The most points mapped. */
    public static final int MAX_POINTS = 5000;

    /**
     * Settings.
     *
     * @param perplexity effective number of neighbours (5 to 50; the paper suggests 30)
     * @param iterations gradient steps (1,000 in the paper)
     * @param seed       seeds the initial map and the subset
     */
    public record Settings(double perplexity, int iterations, long seed) {
        public static final Settings DEFAULT = new Settings(30, 1000, 42);

        public Settings {
            if (!(perplexity >= 2)) throw new BadInputException("--perplexity must be at least 2, got " + perplexity);
            if (iterations < 1) throw new BadInputException("--iterations must be at least 1, got " + iterations);
        }
    }

    /**
     * Embeddings read from a features CSV.
     *
     * @param files   the file column
     * @param labels  the label column ("" when unknown)
     * @param vectors the embeddings, one row per file
     */
    public record Features(List<String> files, List<String> labels, double[][] vectors) {
    }

    /**
     * A map.
     *
     * @param points 2-D coordinates, one row per mapped embedding
     * @param labels their labels
     * @param kl     the final Kullback-Leibler divergence KL(P || Q)
     * @param note   what was left out, or ""
     */
    public record Result(double[][] points, List<String> labels, double kl, String note) {
    }

    private TsneMap() {
    }

    /** Reads a features CSV: header {@code file,label,f0,f1,...}, one embedding per row. */
    public static Features read(Path csv) {
        if (!Files.isRegularFile(csv)) throw new BadInputException(csv + ": no such features file");
        List<String> files = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null || !header.startsWith("file,label,")) {
                throw new BadInputException(csv + ": not a features CSV (expected a header 'file,label,f0,...' as zoolab features writes)");
            }
            int dims = header.split(",", -1).length - 2;
            String line;
            int n = 1;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) continue;
                List<String> cells = org.zoolab.train.FeatureCsv.split(line);
                if (cells.size() != dims + 2) {
                    throw new BadInputException(csv + ", line " + n + ": expected " + (dims + 2) + " columns, got " + cells.size());
                }
                double[] v = new double[dims];
                for (int i = 0; i < dims; i++) {
                    try {
                        v[i] = Double.parseDouble(cells.get(i + 2));
                    } catch (NumberFormatException e) {
                        throw new BadInputException(csv + ", line " + n + ": column " + (i + 3) + " is not a number: '" + cells.get(i + 2) + "'");
                    }
                }
                files.add(cells.get(0));
                labels.add(cells.get(1));
                rows.add(v);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv, e);
        }
        if (rows.size() < 3) throw new BadInputException(csv + ": t-SNE needs at least 3 embeddings, found " + rows.size());
        return new Features(files, labels, rows.toArray(new double[0][]));
    }

    /** Maps the embeddings to 2-D; {@code progress} hears the iteration number every 50 iterations. */
    public static Result map(double[][] x, List<String> labels, Settings s, IntConsumer progress) {
        String note = "";
        int[] keep = null;
        if (x.length > MAX_POINTS) {
            keep = subset(x.length, MAX_POINTS, s.seed());
            note = "mapped a random " + MAX_POINTS + " of " + x.length + " embeddings (t-SNE is quadratic in the points)";
        }
        double[][] data = keep == null ? x : pick(x, keep);
        List<String> lab = new ArrayList<>();
        if (keep == null) lab.addAll(labels);
        else for (int i : keep) lab.add(labels.get(i));
        int n = data.length;
        double perplexity = Math.min(s.perplexity(), (n - 1) / 3.0);
        if (perplexity < s.perplexity()) {
            note = (note.isEmpty() ? "" : note + "; ") + String.format(Locale.ROOT, "perplexity lowered to %.1f for %d points", perplexity, n);
        }
        double[][] reduced = data[0].length > 50 ? pca(data, 50) : data;
        double[] p = affinities(reduced, perplexity);
        double[][] y = new double[n][2];
        Random r = new Random(s.seed());
        for (double[] row : y) {
            row[0] = 1e-4 * r.nextGaussian();
            row[1] = 1e-4 * r.nextGaussian();
        }
        double[][] inc = new double[n][2];
        double[][] gains = new double[n][2];
        for (double[] g : gains) Arrays.fill(g, 1);
        double[] q = new double[n * n];
        double[][] grad = new double[n][2];
        double lr = Math.max(200, n / 12.0);
        for (int it = 0; it < s.iterations(); it++) {
            double exaggeration = it < 250 ? 12 : 1;
            double momentum = it < 250 ? 0.5 : 0.8;
            double sumQ = 0;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    double dx = y[i][0] - y[j][0], dy = y[i][1] - y[j][1];
                    double num = 1 / (1 + dx * dx + dy * dy);
                    q[i * n + j] = num;
                    q[j * n + i] = num;
                    sumQ += 2 * num;
                }
            }
            for (double[] g : grad) Arrays.fill(g, 0);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (i == j) continue;
                    double num = q[i * n + j];
                    double m = (exaggeration * p[i * n + j] - num / sumQ) * num;
                    grad[i][0] += 4 * m * (y[i][0] - y[j][0]);
                    grad[i][1] += 4 * m * (y[i][1] - y[j][1]);
                }
            }
            double mx = 0, my = 0;
            for (int i = 0; i < n; i++) {
                for (int d = 0; d < 2; d++) {
                    boolean same = Math.signum(grad[i][d]) == Math.signum(inc[i][d]);
                    gains[i][d] = Math.max(0.01, same ? gains[i][d] * 0.8 : gains[i][d] + 0.2);
                    inc[i][d] = momentum * inc[i][d] - lr * gains[i][d] * grad[i][d];
                    y[i][d] += inc[i][d];
                }
                mx += y[i][0];
                my += y[i][1];
            }
            for (double[] row : y) {
                row[0] -= mx / n;
                row[1] -= my / n;
            }
            if (progress != null && (it + 1) % 50 == 0) progress.accept(it + 1);
        }
        return new Result(y, lab, kl(p, y), note);
    }

    /** KL(P || Q) of a map. */
    static double kl(double[] p, double[][] y) {
        int n = y.length;
        double sumQ = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i == j) continue;
                double dx = y[i][0] - y[j][0], dy = y[i][1] - y[j][1];
                sumQ += 1 / (1 + dx * dx + dy * dy);
            }
        }
        double kl = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double pij = p[i * n + j];
                if (i == j || pij <= 0) continue;
                double dx = y[i][0] - y[j][0], dy = y[i][1] - y[j][1];
                double qij = 1 / (1 + dx * dx + dy * dy) / sumQ;
                kl += pij * Math.log(pij / Math.max(qij, 1e-300));
            }
        }
        return kl;
    }

    /** Symmetric joint affinities p_ij (row-major n x n, summing to 1) at the given perplexity. */
    static double[] affinities(double[][] x, double perplexity) {
        int n = x.length;
        double[] d2 = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double s = 0;
                for (int k = 0; k < x[i].length; k++) {
                    double t = x[i][k] - x[j][k];
                    s += t * t;
                }
                d2[i * n + j] = s;
                d2[j * n + i] = s;
            }
        }
        double[] p = new double[n * n];
        double logU = Math.log(perplexity);
        double[] row = new double[n];
        for (int i = 0; i < n; i++) {
            double beta = 1, lo = Double.NEGATIVE_INFINITY, hi = Double.POSITIVE_INFINITY;
            // scale-free start: 1 / mean squared distance
            double mean = 0;
            for (int j = 0; j < n; j++) mean += d2[i * n + j];
            mean /= Math.max(1, n - 1);
            if (mean > 0) beta = 1 / mean;
            for (int tries = 0; tries < 100; tries++) {
                double sum = 0, h = 0;
                double minD = Double.POSITIVE_INFINITY;
                for (int j = 0; j < n; j++) if (j != i) minD = Math.min(minD, d2[i * n + j]);
                for (int j = 0; j < n; j++) {
                    row[j] = j == i ? 0 : Math.exp(-beta * (d2[i * n + j] - minD));
                    sum += row[j];
                }
                for (int j = 0; j < n; j++) {
                    if (j == i) continue;
                    h += beta * (d2[i * n + j] - minD) * row[j];
                }
                h = h / sum + Math.log(sum);
                double diff = h - logU;
                for (int j = 0; j < n; j++) p[i * n + j] = row[j] / sum;
                if (Math.abs(diff) < 1e-5) break;
                if (diff > 0) {
                    lo = beta;
                    beta = Double.isInfinite(hi) ? beta * 2 : (beta + hi) / 2;
                } else {
                    hi = beta;
                    beta = Double.isInfinite(lo) ? beta / 2 : (beta + lo) / 2;
                }
            }
        }
        double[] sym = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                sym[i * n + j] = Math.max((p[i * n + j] + p[j * n + i]) / (2.0 * n), 1e-12);
            }
            sym[i * n + i] = 0;
        }
        return sym;
    }

    /** The data projected on its first {@code k} principal components. */
    static double[][] pca(double[][] x, int k) {
        org.nd4j.linalg.api.ndarray.INDArray m = org.nd4j.linalg.factory.Nd4j.create(x);
        m.subiRowVector(m.mean(0));
        org.nd4j.linalg.api.ndarray.INDArray factor = org.nd4j.linalg.dimensionalityreduction.PCA.pca_factor(m.dup(), k, false);
        return m.mmul(factor).toDoubleMatrix();
    }

    private static int[] subset(int n, int k, long seed) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        Random r = new Random(seed);
        for (int i = 0; i < k; i++) {
            int j = i + r.nextInt(n - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        int[] out = Arrays.copyOf(idx, k);
        Arrays.sort(out);
        return out;
    }

    private static double[][] pick(double[][] x, int[] rows) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) out[i] = x[rows[i]];
        return out;
    }

    /** Draws the map: one dot per point, coloured by label, with a legend (up to 20 labels) and a title. */
    public static BufferedImage render(Result r, String title) {
        System.setProperty("java.awt.headless", "true");
        TreeSet<String> names = new TreeSet<>(r.labels());
        names.remove("");
        List<String> legend = new ArrayList<>(names);
        int size = 760, left = 20, top = 40, legendW = legend.isEmpty() ? 20 : 200;
        BufferedImage img = new BufferedImage(left + size + legendW, top + size + 20, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, left, 24);
        double minX = Double.POSITIVE_INFINITY, maxX = Double.NEGATIVE_INFINITY, minY = minX, maxY = maxX;
        for (double[] p : r.points()) {
            minX = Math.min(minX, p[0]);
            maxX = Math.max(maxX, p[0]);
            minY = Math.min(minY, p[1]);
            maxY = Math.max(maxY, p[1]);
        }
        double span = Math.max(maxX - minX, maxY - minY);
        if (span <= 0) span = 1;
        int dot = r.points().length > 2000 ? 4 : 6;
        for (int i = 0; i < r.points().length; i++) {
            int k = legend.indexOf(r.labels().get(i));
            g.setColor(k < 0 ? Color.GRAY : new Color(Colormap.label(k)));
            int px = left + (int) Math.round((r.points()[i][0] - minX) / span * (size - dot));
            int py = top + (int) Math.round((r.points()[i][1] - minY) / span * (size - dot));
            g.fillOval(px, py, dot, dot);
        }
        g.setColor(Color.LIGHT_GRAY);
        g.setStroke(new BasicStroke(1));
        g.drawRect(left - 2, top - 2, size + 4, size + 4);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (int k = 0; k < Math.min(legend.size(), 20); k++) {
            g.setColor(new Color(Colormap.label(k)));
            g.fillOval(left + size + 16, top + 8 + 20 * k, 10, 10);
            g.setColor(Color.BLACK);
            String name = legend.get(k);
            g.drawString(name.length() > 22 ? name.substring(0, 21) + "…" : name, left + size + 32, top + 18 + 20 * k);
        }
        if (legend.size() > 20) g.drawString("+" + (legend.size() - 20) + " more", left + size + 16, top + 18 + 20 * 20);
        g.dispose();
        return img;
    }

    /** Reads {@code csv}, maps it and writes the picture to {@code out}. */
    public static Result write(Path csv, Path out, Settings s, IntConsumer progress) {
        Features f = read(csv);
        Result r = map(f.vectors(), f.labels(), s, progress);
        String title = String.format(Locale.ROOT, "t-SNE of %s: %d points, %d dimensions, perplexity %.0f, KL %.3f",
                csv.getFileName(), r.points().length, f.vectors()[0].length, s.perplexity(), r.kl());
        Colormap.writePng(render(r, title), out);
        return r;
    }
}
