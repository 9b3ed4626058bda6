package org.zoolab.generative;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.zoolab.io.AtomicFiles;
import org.zoolab.BadInputException;
import org.zoolab.zoo.FeatureShape;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a generative run is, kept as {@code run.json} in its directory so that {@code zoolab generate} and a
 * resumed run rebuild the same model: kind ({@code vae} or {@code gan}), zoo model, data set, seed and the
 * settings used.
 *
 * @param kind         {@code vae} or {@code gan}
 * @param model        the zoo model's canonical name
 * @param data         the data set's name
 * @param seed         the run's seed
 * @param epochs       epochs to train in total
 * @param batch        minibatch size
 * @param learningRate learning rate
 * @param trainImages  training images used
 * @param channels     image channels
 * @param height       image height
 * @param width        image width
 */
public record RunInfo(String kind, String model, String data, long seed, int epochs, int batch, double learningRate,
                      int trainImages, int channels, int height, int width) {
    /** The file name inside a run directory. */
    public static final String FILE = "run.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The shape of one image (not a field of {@code run.json}: that keeps channels, height and width). */
    @JsonIgnore
    public FeatureShape image() {
        return new FeatureShape(channels, height, width);
    }

    /** Writes {@code run.json} atomically. */
    public void write(Path runDir) throws IOException {
        AtomicFiles.write(runDir.resolve(FILE), out -> out.write(JSON.writeValueAsBytes(this)));
    }

    /** Reads {@code run.json} of a run directory. */
    public static RunInfo read(Path runDir) {
        Path f = runDir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            throw new BadInputException(runDir + ": not a generative run directory (no " + FILE + ")");
        }
        try {
            return JSON.readValue(f.toFile(), RunInfo.class);
        } catch (IOException e) {
            throw new BadInputException(f + ": cannot read (" + e.getMessage() + ")", e);
        }
    }
}
