package org.zoolab.train;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zoolab.io.AtomicFiles;
import org.zoolab.BadInputException;
import org.zoolab.backend.OneDnnHelpers;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * zoolab's model and checkpoint file: DL4J's model zip ({@code configuration.json}, {@code coefficients.bin},
 * {@code updaterState.bin}, readable by {@code ModelSerializer.restoreComputationGraph}) plus zoolab's own JSON
 * entries (a checkpoint's {@value #STATE_ENTRY}).
 * <p>
 * Reading never uses Java serialization: only the configuration JSON and the ND4J binary arrays are read.
 * DL4J's own reader deserializes {@code preprocessor.bin} with {@code ObjectInputStream} and its normalizer
 * paths can too; zoolab ignores such entries and says so. A file that is not a zip with a configuration and
 * parameters is rejected with a {@link BadInputException} naming it. Writes are atomic ({@link AtomicFiles}).
 */
public final class ModelFile {
    public static final String CONFIGURATION = "configuration.json";
    public static final String COEFFICIENTS = "coefficients.bin";
    public static final String UPDATER_STATE = "updaterState.bin";
    public static final String STATE_ENTRY = "zoolab-state.json";
    private static final String NO_PARAMS = "noParams.marker";
    private static final java.util.Set<String> JAVA_SERIALIZED = java.util.Set.of("preprocessor.bin", "normalizer.bin");

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ModelFile.class);

    /** A model read back: the network and zoolab's JSON entries (entry name to text). */
    public record Contents(ComputationGraph graph, Map<String, String> entries, boolean hasUpdaterState) {

        /** The model's input description, or null for a file not written by a zoolab run. */
        public ModelInput input() {
            String json = entries.get(ModelInput.ENTRY);
            if (json == null) return null;
            try {
                return new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, ModelInput.class);
            } catch (java.io.IOException e) {
                throw new BadInputException("unreadable " + ModelInput.ENTRY + ": " + e.getMessage());
            }
        }
    }

    private ModelFile() {
    }

    /** Writes the network (with its updater state if asked) and extra JSON entries, atomically. */
    public static void write(ComputationGraph graph, Path file, boolean withUpdater, Map<String, String> entries) throws IOException {
        write(graph, file, withUpdater, entries, UnaryOperator.identity());
    }

    static void write(ComputationGraph graph, Path file, boolean withUpdater, Map<String, String> entries,
                      UnaryOperator<OutputStream> wrap) throws IOException {
        AtomicFiles.write(file, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            zip.putNextEntry(new ZipEntry(CONFIGURATION));
            zip.write(graph.getConfiguration().toJson().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            DataOutputStream dos = new DataOutputStream(zip);
            zip.putNextEntry(new ZipEntry(COEFFICIENTS));
            Nd4j.write(graph.params(), dos);
            dos.flush();
            zip.closeEntry();
            if (withUpdater && graph.getUpdater() != null) {
                INDArray state = graph.getUpdater().getStateViewArray();
                if (state != null && state.length() > 0) {
                    zip.putNextEntry(new ZipEntry(UPDATER_STATE));
                    Nd4j.write(state, dos);
                    dos.flush();
                    zip.closeEntry();
                }
            }
            for (Map.Entry<String, String> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
            zip.finish();
        }, wrap);
    }

    /** Loads a network for inference or further training (with its updater state when the file has one). */
    public static ComputationGraph load(Path file) {
        return read(file, true).graph();
    }

    /** Reads a model or checkpoint file, checking first that it is one. */
    public static Contents read(Path file, boolean withUpdater) {
        check(file);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (String n : JAVA_SERIALIZED) {
                if (zip.getEntry(n) != null) {
                    log.warn("{}: ignoring entry {} (Java-serialized; zoolab never deserializes it)", file, n);
                }
            }
            String json = new String(readEntry(zip, CONFIGURATION), StandardCharsets.UTF_8);
            INDArray params = readArray(zip, COEFFICIENTS);
            INDArray updater = withUpdater && zip.getEntry(UPDATER_STATE) != null ? readArray(zip, UPDATER_STATE) : null;
            Map<String, String> extra = new LinkedHashMap<>();
            for (var en = zip.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                if (e.getName().endsWith(".json") && !e.getName().equals(CONFIGURATION)) {
                    extra.put(e.getName(), new String(readEntry(zip, e.getName()), StandardCharsets.UTF_8));
                }
            }
            OneDnnHelpers.enable();
            ComputationGraph graph = build(file, json, params);
            if (updater != null && graph.getUpdater() != null) {
                graph.getUpdater().setStateViewArray(updater);
            }
            return new Contents(graph, extra, updater != null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Checks that {@code file} is a zoolab/DL4J model: a zip holding {@value #CONFIGURATION} and
     * {@value #COEFFICIENTS}. Throws {@link BadInputException} otherwise.
     */
    public static void check(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": no such model file");
        }
        byte[] magic = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(magic, 0, 4) < 4 || magic[0] != 'P' || magic[1] != 'K') {
                throw new BadInputException(file + " is not a zoolab/DL4J model: not a zip file");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            TreeSet<String> names = new TreeSet<>();
            zip.stream().forEach(e -> names.add(e.getName()));
            if (!names.contains(CONFIGURATION) || !(names.contains(COEFFICIENTS) || names.contains(NO_PARAMS))) {
                throw new BadInputException(file + " is not a zoolab/DL4J model: expected zip entries " + CONFIGURATION
                        + " and " + COEFFICIENTS + ", found " + (names.isEmpty() ? "none" : String.join(", ", names)));
            }
        } catch (ZipException e) {
            throw new BadInputException(file + " is not a zoolab/DL4J model: damaged zip (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static ComputationGraph build(Path file, String json, INDArray params) {
        ComputationGraphConfiguration conf;
        try {
            conf = ComputationGraphConfiguration.fromJson(json);
            if (conf.getNetworkInputs() == null || conf.getVertices() == null || conf.getVertices().isEmpty()) {
                throw new IllegalArgumentException("no graph inputs or vertices");
            }
        } catch (RuntimeException graphError) {
            MultiLayerConfiguration mln;
            try {
                mln = MultiLayerConfiguration.fromJson(json);
            } catch (RuntimeException e) {
                throw new BadInputException(file + " is not a zoolab/DL4J model: " + CONFIGURATION
                        + " is not a DL4J network configuration (" + firstLine(graphError.getMessage()) + ")");
            }
            MultiLayerNetwork net = new MultiLayerNetwork(mln);
            net.init(params, false);
            return net.toComputationGraph();
        }
        if (params != null) {
            conf.setDataType(params.dataType());
        }
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init(params, false);
        return graph;
    }

    private static byte[] readEntry(ZipFile zip, String name) throws IOException {
        ZipEntry e = zip.getEntry(name);
        try (InputStream in = zip.getInputStream(e)) {
            return in.readAllBytes();
        }
    }

    private static INDArray readArray(ZipFile zip, String name) throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) return null;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(zip.getInputStream(e)))) {
            return Nd4j.read(in);
        } catch (RuntimeException ex) {
            throw new BadInputException(zip.getName() + " is not a zoolab/DL4J model: entry " + name
                    + " is not an ND4J array (" + firstLine(ex.getMessage()) + ")");
        }
    }

    private static String firstLine(String s) {
        if (s == null) return "no detail";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
