package org.zoolab.cli;

import org.zoolab.BadInputException;
import org.zoolab.data.Batch;
import org.zoolab.data.BadFileReport;
import org.zoolab.data.ImageSource;
import org.zoolab.data.ImageSources;
import org.zoolab.data.MeanStats;
import org.zoolab.data.Pipeline;
import org.zoolab.data.PipelineSpec;
import org.zoolab.data.PrefetchIterator;
import org.zoolab.viz.ImageGrid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code zoolab data preview PIPELINE --out grid.png}: a grid of augmented training samples, to look at. */
@Command(name = "preview", mixinStandardHelpOptions = true,
        description = {"Write a grid of augmented training samples of a pipeline as a PNG. Look at it: an upside-down cat"
                + " or a blue-tinted photo is a bug.",
                "Shown in pixel units: mean subtraction and value scaling are left out; PCA colour noise is kept when"
                        + " the mean file exists."})
public final class DataPreviewCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PIPELINE", description = "A pipeline name or .yaml file.")
    String pipelineName;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The PNG to write.")
    Path out;

    @Option(names = "--data", paramLabel = "DIR", description = "The pipeline's data set folder (DIR/train, DIR/val).")
    Path data;

    @Option(names = "--count", paramLabel = "N", description = "Samples in the grid (default: ${DEFAULT-VALUE}).", defaultValue = "16")
    int count;

    @Option(names = "--columns", paramLabel = "N", description = "Grid columns (default: square-ish).")
    Integer columns;

    @Option(names = "--seed", description = "Seed (default: ${DEFAULT-VALUE}).", defaultValue = "1")
    long seed;

    @Option(names = "--eval", description = "Show the evaluation views instead (centre crops).")
    boolean eval;

    @Option(names = "--strict", description = "Stop at the first bad file instead of skipping it.")
    boolean strict;

    @Override
    public Integer call() {
        if (count <= 0) {
            throw new BadInputException("--count must be positive, not " + count);
        }
        PrintWriter pw = spec.commandLine().getOut();
        PipelineSpec ps = PipelineSpec.load(pipelineName);
        BadFileReport report = new BadFileReport(strict);
        ImageSource train = ImageSources.open(ps, true, data, report);
        List<String> notes = new ArrayList<>();
        MeanStats stats = null;
        if (Pipeline.needsStats(ps)) {
            try {
                stats = Pipeline.loadStats(ps, train, null);
            } catch (BadInputException e) {
                notes.add("no usable statistics: " + e.getMessage());
            }
        }
        Pipeline p;
        if (eval) {
            ImageSource source = ImageSources.open(ps, false, data, report);
            if (stats == null && Pipeline.needsStats(ps)) {
                throw new BadInputException("the eval steps of " + ps.name() + " need the training statistics: zoolab data mean " + ps.name());
            }
            p = Pipeline.eval(ps, source, stats, PipelineSpec.EvalMode.CENTER);
        } else {
            p = Pipeline.preview(ps, train, stats);
            notes.addAll(p.notes());
        }
        List<ImageGrid.Tile> tiles = new ArrayList<>();
        int batch = Math.min(count, 32);
        try (PrefetchIterator it = p.batches(seed, 0, report, batch, ps.decodeThreads(), 2)) {
            while (it.hasNext() && tiles.size() < count) {
                Batch b = it.next();
                for (int i = 0; i < b.examples() && tiles.size() < count; i++) {
                    float[] chw = b.image(i).data();
                    tiles.add(new ImageGrid.Tile(chw, b.channels(), b.height(), b.width()));
                }
            }
        }
        if (tiles.isEmpty()) {
            throw new BadInputException(train.describe() + ": no usable image (" + report.summary() + ")");
        }
        int cols = columns != null ? columns : (int) Math.ceil(Math.sqrt(tiles.size()));
        Path file = ImageGrid.write(tiles, cols, out);
        pw.println("wrote " + file + ": " + tiles.size() + (eval ? " evaluation" : " training") + " samples of " + ps.name()
                + " from " + train.describe());
        pw.println("steps: " + p.describe());
        for (String n : notes) {
            pw.println("note:  " + n);
        }
        if (!report.isEmpty()) {
            pw.println("bad files: " + report.summary());
        }
        pw.flush();
        return Main.EXIT_OK;
    }
}
