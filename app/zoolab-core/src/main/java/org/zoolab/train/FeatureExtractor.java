package org.zoolab.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.zoolab.io.AtomicFiles;
import org.zoolab.BadInputException;
import org.zoolab.data.DataDirectory;
import org.zoolab.data.EpochShuffledIterator;
import org.zoolab.data.IdxDataset;
import org.zoolab.data.LabelledImages;
import org.zoolab.data.Split;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Embeddings: the output of one layer of a network for every image of a folder or a data set split, written as a
 * {@link FeatureCsv} (file name, label, numbers). Images are fed in batches; a folder's images are prepared like
 * {@code zoolab predict} prepares them ({@link Predictor#toInput}: scaled to the model's input, grey for a
 * one-channel model, values in [0, 1], the training padding added). Activations come from inference mode. A
 * convolution layer's maps {@code [C, H, W]} are flattened in C, H, W order ({@link Pool#NONE}) or reduced to one
 * number per channel ({@link Pool#AVG}, {@link Pool#MAX}).
 * <p>
 * A folder of class folders ({@code DIR/cat/x.jpg}) gives labels from the folder names; images directly in
 * {@code DIR} get an empty label. Files Java cannot read as images are skipped with their names reported.
 */
public final class FeatureExtractor {
    /** Image file endings read from folders. */
    public static final Set<String> IMAGE_ENDINGS = Set.of(".png", ".jpg", ".jpeg", ".gif", ".bmp");

    /** How a convolution layer's maps become one vector. */
    public enum Pool { NONE, AVG, MAX }

    /** What the progress callback hears. */
    @FunctionalInterface
    public interface Progress {
        void done(long images, long total);
    }

    /**
     * What was written.
     *
     * @param images  rows written
     * @param dims    numbers per row
     * @param skipped files that were not readable images
     * @param out     the CSV
     */
    public record Summary(long images, int dims, List<String> skipped, Path out) {
    }

    /** One image file and its label. */
    public record Item(String name, String label, Path path) {
    }

    private final ComputationGraph graph;
    private final ModelInput input;
    private final String layer;
    private final Pool pool;

    public FeatureExtractor(ModelSource model, String layer, Pool pool) {
        this.graph = model.graph();
        this.input = model.input();
        this.layer = layer;
        this.pool = pool;
        if (graph.getVertex(layer) == null) {
            List<String> names = new ArrayList<>();
            for (int idx : graph.topologicalSortOrder()) {
                var v = graph.getVertices()[idx];
                if (!v.isInputVertex()) names.add(v.getVertexName());
            }
            throw new BadInputException("--layer " + layer + ": no such layer; layers are " + String.join(", ", names));
        }
    }

    /** The embeddings of a batch {@code [n, C, H, W]}: {@code [n, dims]}. */
    public INDArray embed(INDArray batch) {
        INDArray a = graph.feedForward(batch, false).get(layer).castTo(DataType.FLOAT);
        if (a.rank() == 4 && pool != Pool.NONE) {
            return pool == Pool.AVG ? a.mean(2, 3) : a.max(2, 3);
        }
        return a.reshape('c', new long[]{a.size(0), a.length() / a.size(0)});
    }

    /** The images of a folder: class folders (label = folder name) and images at the top (no label), sorted. */
    public static List<Item> scan(Path dir) {
        if (!Files.isDirectory(dir)) throw new BadInputException("--data " + dir + ": no such folder");
        List<Item> items = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir, 2)) {
            s.filter(Files::isRegularFile).filter(FeatureExtractor::isImage).sorted().forEach(p -> {
                Path rel = dir.relativize(p);
                String label = rel.getNameCount() == 2 ? rel.getName(0).toString() : "";
                items.add(new Item(rel.toString().replace('\\', '/'), label, p));
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        if (items.isEmpty()) {
            throw new BadInputException("--data " + dir + ": no images (" + String.join(", ", IMAGE_ENDINGS)
                    + ") in it or in its class folders");
        }
        return items;
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return IMAGE_ENDINGS.stream().anyMatch(n::endsWith);
    }

    /** Embeds image files in batches of {@code batch} into {@code out}. */
    public Summary extract(List<Item> items, int batch, Path out, Progress progress) {
        if (input == null) {
            throw new BadInputException("the model does not say what input it takes; image files need a model written by zoolab");
        }
        Predictor prep = new Predictor(graph, input);
        List<String> skipped = new ArrayList<>();
        long[] written = {0};
        int[] dims = {-1};
        write(out, w -> {
            for (int s = 0; s < items.size(); s += batch) {
                List<Item> chunk = items.subList(s, Math.min(items.size(), s + batch));
                List<INDArray> xs = new ArrayList<>();
                List<Item> ok = new ArrayList<>();
                for (Item it : chunk) {
                    try {
                        xs.add(prep.toInput(it.path()));
                        ok.add(it);
                    } catch (BadInputException e) {
                        skipped.add(it.name());
                    }
                }
                if (!xs.isEmpty()) {
                    INDArray e = embed(Nd4j.concat(0, xs.toArray(new INDArray[0])));
                    writeRows(w, dims, e, ok.stream().map(Item::name).toList(), ok.stream().map(Item::label).toList());
                    written[0] += ok.size();
                }
                if (progress != null) progress.done(Math.min(items.size(), s + batch), items.size());
            }
        });
        if (written[0] == 0) throw new BadInputException("none of the " + items.size() + " files could be read as an image");
        return new Summary(written[0], dims[0], skipped, out);
    }

    /**
     * Embeds a data set split (mnist, fashion-mnist) in file order, the first {@code limit} images (0: all),
     * padded as the model was trained; file names are {@code split/index}.
     */
    public Summary extract(String data, Split split, int limit, Path dataDir, int batch, Path out, Progress progress) {
        if (!IdxDataset.NAMES.contains(data)) {
            throw new BadInputException("--data " + data + ": expected a folder of images or one of " + IdxDataset.NAMES);
        }
        LabelledImages d = IdxDataset.load(DataDirectory.resolve(dataDir), data, split);
        int n = limit > 0 ? Math.min(limit, d.size()) : d.size();
        LabelledImages subset = n < d.size() ? ((IdxDataset) d).subset(0, n) : d;
        int pad = input != null ? input.pad() : 0;
        EpochShuffledIterator it = new EpochShuffledIterator(subset, batch, -1, pad);
        long[] written = {0};
        int[] dims = {-1};
        String prefix = split == Split.TRAIN ? "train/" : "test/";
        write(out, w -> {
            while (it.hasNext()) {
                DataSet ds = it.next();
                INDArray e = embed(ds.getFeatures());
                int[] labels = Nd4j.argMax(ds.getLabels(), 1).toIntVector();
                List<String> names = new ArrayList<>();
                List<String> labs = new ArrayList<>();
                for (int i = 0; i < labels.length; i++) {
                    names.add(prefix + (written[0] + i));
                    labs.add(d.classNames().get(labels[i]));
                }
                writeRows(w, dims, e, names, labs);
                written[0] += labels.length;
                if (progress != null) progress.done(written[0], n);
            }
        });
        return new Summary(written[0], dims[0], List.of(), out);
    }

    private static void writeRows(BufferedWriter w, int[] dims, INDArray e, List<String> names, List<String> labels) throws IOException {
        if (dims[0] < 0) {
            dims[0] = (int) e.size(1);
            w.write(FeatureCsv.header(dims[0]));
            w.newLine();
        }
        float[][] rows = e.toFloatMatrix();
        for (int i = 0; i < rows.length; i++) {
            w.write(FeatureCsv.row(names.get(i), labels.get(i), rows[i]));
            w.newLine();
        }
    }

    private interface Rows {
        void write(BufferedWriter w) throws IOException;
    }

    private static void write(Path out, Rows body) {
        try {
            AtomicFiles.write(out, os -> {
                BufferedWriter w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16);
                body.write(w);
                w.flush();
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out, e);
        }
    }
}
