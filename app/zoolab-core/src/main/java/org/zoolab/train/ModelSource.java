package org.zoolab.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.zoolab.BadInputException;
import org.zoolab.zoo.ModelInfo;
import org.zoolab.zoo.ModelOptions;
import org.zoolab.zoo.Zoo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A network named on the command line as {@code MODEL}: a run directory (its model.zip, else best.zip, else the
 * latest checkpoint), a model file written by zoolab (or any DL4J model zip), or a zoo model name, which gives
 * the architecture with fresh, untrained weights (fine for looking at shapes; its filters are noise).
 *
 * @param graph the network with its weights
 * @param input what it takes and answers; for a DL4J zip without zoolab's entry, null
 * @param from  where it came from, in words
 */
public record ModelSource(ComputationGraph graph, ModelInput input, String from) {

    /** Loads {@code spec}; a zoo model gets its paper's input size and classes. */
    public static ModelSource load(String spec) {
        return load(spec, null);
    }

    /**
     * Loads {@code spec}; a zoo model is sized for {@code dataShape} (padded to the paper's input like
     * {@code zoolab train} does) when it is given, else gets its paper's input size and classes.
     */
    public static ModelSource load(String spec, DataSources.Shape dataShape) {
        Path p = Path.of(spec);
        if (Files.isDirectory(p)) {
            Path file = RunDirectory.open(p).modelForEvaluation();
            ModelFile.Contents c = ModelFile.read(file, false);
            return new ModelSource(c.graph(), c.input(), file.toString());
        }
        if (Files.isRegularFile(p) || spec.endsWith(".zip")) {
            ModelFile.Contents c = ModelFile.read(p, false);
            return new ModelSource(c.graph(), c.input(), p.toString());
        }
        ModelInfo info;
        try {
            info = Zoo.info(spec);
        } catch (BadInputException e) {
            throw new BadInputException(spec + ": no such run directory or model file, and " + e.getMessage());
        }
        ModelOptions.Builder o = ModelOptions.builder();
        ModelInput in;
        if (dataShape != null) {
            int pad = ExperimentRunner.padFor(info, dataShape);
            int h = dataShape.height() + 2 * pad, w = dataShape.width() + 2 * pad;
            o.numClasses(dataShape.numClasses()).input(dataShape.channels(), h, w);
            in = new ModelInput(dataShape.channels(), h, w, pad, null, dataShape.classNames());
        } else {
            in = new ModelInput(info.inputChannels(), info.inputHeight(), info.inputWidth(), 0, null, List.of());
        }
        ComputationGraph g = Zoo.get(spec, o.build()).init();
        return new ModelSource(g, in, "zoo model " + info.name() + " (untrained weights)");
    }

    /** The input description, or a {@link BadInputException} saying the file lacks one. */
    public ModelInput requireInput() {
        if (input == null) {
            throw new BadInputException(from + " does not say what input it takes (no " + ModelInput.ENTRY
                    + "); it was not written by zoolab");
        }
        return input;
    }
}
