package org.zoolab.distributed.spark;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * What a trained model takes and answers, stored in its model file as {@value #ENTRY} beside DL4J's entries: the
 * same entry {@code zoolab train} writes, so that {@code zoolab predict} and {@code zoolab eval} take models
 * trained on Spark, and {@code zoolab-spark score} takes models trained by the CLI.
 *
 * @param channels   input channels
 * @param height     input height (after padding)
 * @param width      input width
 * @param pad        zero pixels added on each side of the data's images
 * @param data       the data it was trained on
 * @param classNames one name per output
 */
public record ModelDescription(int channels, int height, int width, int pad, String data, List<String> classNames) {
    public static final String ENTRY = "zoolab-model.json";
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** The model file's bytes: DL4J's model zip with this description added. */
    public byte[] modelFile(ComputationGraph graph, boolean withUpdater) {
        try {
            ByteArrayOutputStream dl4j = new ByteArrayOutputStream();
            ModelSerializer.writeModel(graph, dl4j, withUpdater);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(dl4j.toByteArray()));
                 ZipOutputStream zip = new ZipOutputStream(out)) {
                for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                    zip.putNextEntry(new ZipEntry(e.getName()));
                    in.transferTo(zip);
                    zip.closeEntry();
                }
                zip.putNextEntry(new ZipEntry(ENTRY));
                zip.write(JSON.writeValueAsBytes(this));
                zip.closeEntry();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This description as JSON. */
    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A description from JSON ({@code what} names the source in errors). */
    public static ModelDescription fromJson(byte[] json, String what) {
        try {
            return JSON.readValue(json, ModelDescription.class);
        } catch (IOException e) {
            throw new org.zoolab.BadInputException(what + ": not a zoolab data description (" + e.getMessage() + ")");
        }
    }

    /** The description in a model file's bytes, or null if it has none (a model not written by zoolab). */
    public static ModelDescription read(byte[] modelFile) {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(modelFile))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equals(ENTRY)) {
                    return JSON.readValue(new String(in.readAllBytes(), StandardCharsets.UTF_8), ModelDescription.class);
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("reading the model file: " + e.getMessage(), e);
        }
    }
}
