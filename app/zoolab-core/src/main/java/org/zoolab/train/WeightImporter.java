package org.zoolab.train;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.modelimport.keras.KerasModelImport;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zoolab.BadInputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Weights from elsewhere into a zoolab architecture: a DL4J model zip (ComputationGraph or MultiLayerNetwork, read by
 * {@link ModelFile}, never Java-deserialized) or a Keras HDF5 file ({@code .h5}, read by DL4J's Keras import,
 * {@code KerasModelImport}). zoolab downloads no weights: the file is the user's.
 * <p>
 * Layers are matched by name (after an optional renaming). A zoolab layer gets the source layer's parameters when
 * every parameter (W, b, gamma, ...) exists there with the same shape; otherwise it keeps its fresh initial weights
 * and the {@link Report} says why: {@code missing} (no such layer in the file), {@code shape} (a parameter's shape
 * differs, both shapes given) or {@code params} (different parameter names). Source layers with parameters that
 * no zoolab layer takes are listed as {@code unused}.
 * <p>
 * <b>Keras's flatten order.</b> A Keras model in channels_last order flattens a {@code H x W x C} map in H, W, C
 * order, DL4J's graphs (and zoolab's) in C, H, W order. When the source layer reads a channels_last map through
 * such a flatten, the rows of its weight matrix are permuted to zoolab's order, so the imported network computes
 * what the Keras one did. Convolution kernels need nothing: DL4J's import already stores them as
 * {@code [out, in, kh, kw]}.
 */
public final class WeightImporter {

    /** How one layer fared. */
    public enum Status { COPIED, MISSING, SHAPE, PARAMS, UNUSED }

    /**
     * One line of the report.
     *
     * @param layer  the zoolab layer (for {@code UNUSED}: the source layer)
     * @param source the source layer it was matched with, or ""
     * @param status what happened
     * @param detail the shapes or names in words
     */
    public record Line(String layer, String source, Status status, String detail) {
    }

    /** The whole report. */
    public record Report(String file, List<Line> lines) {
        public long count(Status s) {
            return lines.stream().filter(l -> l.status() == s).count();
        }

        /** Every zoolab layer with parameters got its weights from the file. */
        public boolean complete() {
            return lines.stream().noneMatch(l -> l.status() == Status.MISSING || l.status() == Status.SHAPE || l.status() == Status.PARAMS);
        }

        /** An aligned table, one layer per line, then a summary line. */
        public String table() {
            int w = Math.max(5, lines.stream().mapToInt(l -> l.layer().length()).max().orElse(5));
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "%-" + w + "s  %-7s  %s%n", "layer", "status", "detail"));
            for (Line l : lines) {
                sb.append(String.format(Locale.ROOT, "%-" + w + "s  %-7s  %s%n", l.layer(), l.status().name().toLowerCase(Locale.ROOT), l.detail()));
            }
            sb.append(String.format(Locale.ROOT, "%d copied, %d missing, %d with other shapes, %d with other parameters, %d unused in %s%n",
                    count(Status.COPIED), count(Status.MISSING), count(Status.SHAPE), count(Status.PARAMS), count(Status.UNUSED), file));
            return sb.toString();
        }
    }

    private WeightImporter() {
    }

    /**
     * A network read from a file.
     *
     * @param graph the network as a graph
     * @param names the file's own layer names by vertex name, where they differ (a MultiLayerNetwork becomes a
     *              graph with vertices "0", "1", ...; its layers keep their names here)
     */
    public record Source(ComputationGraph graph, Map<String, String> names) {
        /** The file's name for a vertex. */
        public String name(String vertex) {
            return names.getOrDefault(vertex, vertex);
        }
    }

    /** Reads a DL4J model zip or a Keras .h5 file. */
    public static Source readSource(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": no such weights file (zoolab downloads no weights: give a DL4J model zip"
                    + " or a Keras .h5 file you have)");
        }
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".h5") || n.endsWith(".hdf5") || n.endsWith(".keras")) {
            return readKeras(file);
        }
        ComputationGraph g = ModelFile.load(file);
        Map<String, String> names = new LinkedHashMap<>();
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
            String json = new String(zip.getInputStream(zip.getEntry(ModelFile.CONFIGURATION)).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!json.contains("\"networkInputs\"")) {
                names = layerNames(org.deeplearning4j.nn.conf.MultiLayerConfiguration.fromJson(json));
            }
        } catch (java.io.IOException | RuntimeException e) {
            // a graph configuration: its vertex names are the layer names
        }
        return new Source(g, names);
    }

    private static Map<String, String> layerNames(org.deeplearning4j.nn.conf.MultiLayerConfiguration conf) {
        Map<String, String> names = new LinkedHashMap<>();
        for (int i = 0; i < conf.getConfs().size(); i++) {
            String n = conf.getConf(i).getLayer().getLayerName();
            if (n != null && !n.isBlank()) names.put(Integer.toString(i), n);
        }
        return names;
    }

    private static Source readKeras(Path file) {
        Exception graphError;
        try {
            return new Source(KerasModelImport.importKerasModelAndWeights(file.toString(), false), Map.of());
        } catch (Exception e) {
            graphError = e;
        }
        try {
            MultiLayerNetwork net = KerasModelImport.importKerasSequentialModelAndWeights(file.toString(), false);
            return new Source(net.toComputationGraph(), layerNames(net.getLayerWiseConfigurations()));
        } catch (Exception e) {
            throw new BadInputException(file + ": DL4J's Keras import cannot read it (" + firstLine(e.getMessage())
                    + "; as a functional model: " + firstLine(graphError.getMessage()) + ")");
        }
    }

    /**
     * Copies what matches from {@code source} into {@code target} (in place).
     *
     * @param rename source layer name to zoolab layer name, for layers whose names differ
     */
    public static Report copy(Source from, ComputationGraph target, Map<String, String> rename, String file) {
        ComputationGraph source = from.graph();
        Map<String, String> toSource = new LinkedHashMap<>();
        Set<String> sourceLayers = new HashSet<>();
        for (var v : source.getVertices()) {
            if (v.hasLayer() && v.getLayer().numParams() > 0) sourceLayers.add(v.getVertexName());
        }
        for (String s : sourceLayers) toSource.put(rename.getOrDefault(from.name(s), from.name(s)), s);
        List<Line> lines = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (int idx : target.topologicalSortOrder()) {
            var v = target.getVertices()[idx];
            if (!v.hasLayer() || v.getLayer().numParams() == 0) continue;
            String name = v.getVertexName();
            String src = toSource.get(name);
            if (src == null) {
                lines.add(new Line(name, "", Status.MISSING, "no layer '" + name + "' with parameters in the file; keeps its initial weights"));
                continue;
            }
            used.add(src);
            Map<String, INDArray> want = target.getLayer(name).paramTable();
            Map<String, INDArray> have = new LinkedHashMap<>(source.getLayer(src).paramTable());
            permuteFlattenRows(source, src, have, want);
            if (!want.keySet().equals(have.keySet())) {
                lines.add(new Line(name, src, Status.PARAMS, "zoolab has " + want.keySet() + ", the file has " + have.keySet()));
                continue;
            }
            List<String> diffs = new ArrayList<>();
            for (String k : want.keySet()) {
                if (!Arrays.equals(want.get(k).shape(), have.get(k).shape())) {
                    diffs.add(k + ": expected " + Arrays.toString(want.get(k).shape()) + ", found " + Arrays.toString(have.get(k).shape()));
                }
            }
            if (!diffs.isEmpty()) {
                lines.add(new Line(name, src, Status.SHAPE, String.join("; ", diffs) + "; keeps its initial weights"));
                continue;
            }
            for (String k : want.keySet()) {
                target.getLayer(name).setParam(k, have.get(k).castTo(want.get(k).dataType()));
            }
            lines.add(new Line(name, from.name(src), Status.COPIED, (from.name(src).equals(name) ? "" : "from '" + from.name(src) + "': ") + shapes(want)));
        }
        for (String s : sourceLayers.stream().sorted().toList()) {
            if (!used.contains(s)) {
                String n = from.name(s);
                lines.add(new Line(n, n, Status.UNUSED, "in the file, no zoolab layer '" + rename.getOrDefault(n, n) + "' takes it"));
            }
        }
        return new Report(file, lines);
    }

    /**
     * When the source layer reads a channels_last map through a flatten, reorders its weight rows from (H, W, C) to
     * zoolab's (C, H, W).
     */
    static void permuteFlattenRows(ComputationGraph source, String layer, Map<String, INDArray> have, Map<String, INDArray> want) {
        GraphVertex conf = source.getConfiguration().getVertices().get(layer);
        if (!(conf instanceof LayerVertex lv) || !(lv.getPreProcessor() instanceof CnnToFeedForwardPreProcessor p)) return;
        if (p.getFormat() != CNN2DFormat.NHWC || p.getInputHeight() * p.getInputWidth() == 1) return;
        INDArray w = have.get("W");
        if (w == null || w.rank() != 2) return;
        int h = (int) p.getInputHeight(), wd = (int) p.getInputWidth(), c = (int) p.getNumChannels();
        if (w.size(0) != (long) h * wd * c) return;
        int[] rows = new int[h * wd * c];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < wd; x++) {
                    rows[ch * h * wd + y * wd + x] = (y * wd + x) * c + ch;   // zoolab row <- Keras row
                }
            }
        }
        have.put("W", org.nd4j.linalg.factory.Nd4j.pullRows(w, 1, rows));
    }

    private static String shapes(Map<String, INDArray> params) {
        List<String> s = new ArrayList<>();
        for (Map.Entry<String, INDArray> e : params.entrySet()) s.add(e.getKey() + " " + Arrays.toString(e.getValue().shape()));
        return String.join(", ", s);
    }

    private static String firstLine(String s) {
        if (s == null) return "no detail";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
