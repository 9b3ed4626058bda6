package org.zoolab.cli;

import org.zoolab.BadInputException;
import org.zoolab.data.BadFileReport;
import org.zoolab.data.ImageSource;
import org.zoolab.data.ImageSources;
import org.zoolab.data.MeanStats;
import org.zoolab.data.Pipeline;
import org.zoolab.data.PipelineSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code zoolab data mean PIPELINE|DIR}: one streaming pass over the training data computes the mean image,
 * per-channel mean and PCA eigen-pairs, saved beside the data where the pipeline looks for them.
 */
@Command(name = "mean", mixinStandardHelpOptions = true,
        description = {"Compute the mean image, per-channel mean and RGB PCA of a pipeline's training data (or of a"
                + " class-folder DIR) in one streaming pass, and save them beside the data (TRAIN_DIR/.zoolab/mean-KEY.json).",
                "KEY is the pipeline's fixed leading steps (e.g. 'warp 256x256'); training refuses a mean of other data or another size."})
public final class DataMeanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PIPELINE|DIR", description = "A pipeline name or .yaml file, or a class-folder directory.")
    String target;

    @Option(names = "--data", paramLabel = "DIR", description = "The pipeline's data set folder (DIR/train, DIR/val).")
    Path data;

    @Option(names = "--size", paramLabel = "WxH", description = "With a DIR: warp images to this size first (gives a mean image).")
    String size;

    @Option(names = "--threads", paramLabel = "N", description = "Decode threads (default: ${DEFAULT-VALUE}).", defaultValue = "2")
    int threads;

    @Option(names = "--strict", description = "Stop at the first bad file instead of skipping it.")
    boolean strict;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PipelineSpec pipeline;
        Path dataDir = data;
        Path asDir = Path.of(target);
        if (Files.isDirectory(asDir)) {
            pipeline = dirSpec(size);
            dataDir = asDir;
        } else {
            if (size != null) {
                throw new BadInputException("--size is for a DIR; a pipeline's steps fix the size");
            }
            pipeline = PipelineSpec.load(target);
        }
        BadFileReport report = new BadFileReport(strict);
        ImageSource source = ImageSources.open(pipeline, true, dataDir, report);
        Pipeline prefix = Pipeline.statsPrefix(pipeline, source);
        out.println("mean of " + source.describe() + " after '" + Pipeline.statsKey(pipeline) + "' ...");
        out.flush();
        long start = System.nanoTime();
        MeanStats stats = MeanStats.compute(prefix, report, threads, null);
        Path file = stats.save(source.statsDir());
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] cm = stats.channelMean();
        out.printf(Locale.ROOT, "images:        %d used, %d skipped (%.1f s, %.0f images/s)%n", stats.images(), stats.skipped(),
                seconds, (stats.images() + stats.skipped()) / Math.max(seconds, 1e-9));
        out.printf(Locale.ROOT, "channel mean:  %s (pixel units 0..255, %s order)%n", join(cm, "%.3f"), cm.length == 3 ? "RGB" : "grey");
        if (stats.meanImage() != null) {
            out.printf("mean image:    %dx%d%n", stats.meanImage().width(), stats.meanImage().height());
        }
        if (stats.eigenvalues() != null) {
            out.printf(Locale.ROOT, "PCA (RGB/255): eigenvalues %s%n", join(stats.eigenvalues(), "%.5f"));
            double[][] v = stats.eigenvectors();
            out.printf(Locale.ROOT, "               eigenvectors %s %s %s%n", join(v[0], "%.4f"), join(v[1], "%.4f"), join(v[2], "%.4f"));
        }
        out.println("saved:         " + file);
        if (!report.isEmpty()) {
            out.println("bad files:     " + report.summary() + " (zoolab data inspect lists them)");
        }
        out.flush();
        return Main.EXIT_OK;
    }

    private static PipelineSpec dirSpec(String size) {
        String steps = "[]";
        if (size != null) {
            String[] wh = size.toLowerCase(Locale.ROOT).split("x");
            if (wh.length != 2 || !wh[0].matches("[0-9]+") || !wh[1].matches("[0-9]+")) {
                throw new BadInputException("--size: expected WIDTHxHEIGHT like 256x256, not '" + size + "'");
            }
            steps = "[{warp: {width: " + wh[0] + ", height: " + wh[1] + "}}]";
        }
        return PipelineSpec.parse("--size", "name: dir\nsource: {type: class-folder, dataset: dir}\ntrain: " + steps
                + "\neval: []\nbatch-size: 1\n");
    }

    private static String join(double[] v, String fmt) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            sb.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, fmt, v[i]));
        }
        return sb.append(']').toString();
    }
}
