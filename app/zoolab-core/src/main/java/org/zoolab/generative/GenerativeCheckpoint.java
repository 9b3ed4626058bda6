package org.zoolab.generative;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.zoolab.io.AtomicFiles;
import org.zoolab.BadInputException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The checkpoint of a generative run, one zip written atomically: each net as a DL4J model zip with its updater
 * state ({@code encoder.zip} and {@code decoder.zip}, or {@code generator.zip} and {@code discriminator.zip}:
 * both GAN nets and both updaters), and {@code state.json} (the last finished epoch).
 */
public final class GenerativeCheckpoint {
    /** The file name inside a run directory. */
    public static final String FILE = "checkpoint.zip";
    private static final String STATE = "state.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, ExternalLossGraph> nets;
    private final int epoch;

    public GenerativeCheckpoint(Map<String, ExternalLossGraph> nets, int epoch) {
        this.nets = new LinkedHashMap<>(nets);
        this.epoch = epoch;
    }

    /** The nets by name ({@code encoder}, {@code decoder}, {@code generator}, {@code discriminator}). */
    public ExternalLossGraph net(String name) {
        ExternalLossGraph g = nets.get(name);
        if (g == null) throw new BadInputException("the checkpoint has no net '" + name + "'; it has " + nets.keySet());
        return g;
    }

    /** The last finished epoch. */
    public int epoch() {
        return epoch;
    }

    /** Writes the checkpoint atomically. */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            for (Map.Entry<String, ExternalLossGraph> e : nets.entrySet()) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                ModelSerializer.writeModel(e.getValue(), bytes, true);
                zip.putNextEntry(new ZipEntry(e.getKey() + ".zip"));
                bytes.writeTo(zip);
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry(STATE));
            zip.write(JSON.writeValueAsBytes(Map.of("epoch", epoch)));
            zip.closeEntry();
            zip.finish();
        });
    }

    /** Reads a checkpoint written by {@link #write}. */
    public static GenerativeCheckpoint read(Path file) {
        if (!Files.isRegularFile(file)) throw new BadInputException(file + ": no such checkpoint");
        Map<String, ExternalLossGraph> nets = new LinkedHashMap<>();
        Integer epoch = null;
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                byte[] content = zip.readAllBytes();
                String name = entry.getName();
                if (name.equals(STATE)) {
                    epoch = JSON.readTree(content).path("epoch").asInt(-1);
                } else if (name.endsWith(".zip")) {
                    ComputationGraph g = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(content), true);
                    nets.put(name.substring(0, name.length() - 4), ExternalLossGraph.copyOf(g));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file, e);
        }
        if (epoch == null || epoch < 0 || nets.isEmpty()) {
            throw new BadInputException(file + ": not a zoolab generative checkpoint (expected nets and " + STATE + ")");
        }
        return new GenerativeCheckpoint(nets, epoch);
    }
}
