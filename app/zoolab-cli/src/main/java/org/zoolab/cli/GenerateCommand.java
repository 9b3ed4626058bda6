package org.zoolab.cli;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.zoolab.BadInputException;
import org.zoolab.io.AtomicFiles;
import org.zoolab.generative.GenerativeRun;
import org.zoolab.viz.SampleGrid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code zoolab generate RUN_DIR}: draws new images from a trained VAE or GAN run as a PNG grid, or, with
 * {@code --manifold}, the latent manifold of a 2-D VAE.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Draw images from a trained VAE or GAN run (its last checkpoint) as a PNG grid.",
                "With --manifold (2-D VAE only): decode a grid of latent points at the normal's quantiles."})
final class GenerateCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A run directory of `zoolab train vae|vae-2d|gan|dcgan`.")
    Path runDir;

    @Option(names = "--n", paramLabel = "N", defaultValue = "64", description = "Number of samples (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--out", paramLabel = "PNG", description = "Output PNG (default: RUN_DIR/generated.png, or RUN_DIR/manifold.png).")
    Path out;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of the noise (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--columns", paramLabel = "C", description = "Images per row (default: a square-ish grid).")
    Integer columns;

    @Option(names = "--scale", paramLabel = "K", defaultValue = "2", description = "Pixels per image pixel (default: ${DEFAULT-VALUE}).")
    int scale;

    @Option(names = "--best", description = "GANs: the epoch with the lowest LeNet-FID (best.zip) instead of the last one.")
    boolean best;

    @Option(names = "--manifold", description = "Draw the 2-D VAE's latent manifold instead of samples.")
    boolean manifold;

    @Option(names = "--steps", paramLabel = "S", defaultValue = "20", description = "Manifold grid size S x S (default: ${DEFAULT-VALUE}).")
    int steps;

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(runDir)) {
            throw new BadInputException(runDir + ": no such run directory");
        }
        if (scale < 1) throw new BadInputException("--scale must be at least 1, got " + scale);
        if (columns != null && columns < 1) throw new BadInputException("--columns must be at least 1, got " + columns);
        GenerativeRun run = GenerativeRun.open(runDir, best);
        INDArray images;
        int cols;
        if (manifold) {
            images = run.manifold(steps);
            cols = steps;
        } else {
            images = run.sample(n, seed);
            cols = columns != null ? columns : (int) Math.ceil(Math.sqrt(n));
        }
        Path target = out != null ? out : runDir.resolve(manifold ? "manifold.png" : "generated.png");
        AtomicFiles.writePng(target, SampleGrid.render(images, cols, 0, 1, scale));
        System.out.printf("%s  %s of %s (%s on %s, %sepoch %d)%n", target,
                manifold ? steps + "x" + steps + " manifold" : n + " samples", runDir,
                run.info().model(), run.info().data(), best ? "best " : "", run.epoch());
        return Main.EXIT_OK;
    }
}
