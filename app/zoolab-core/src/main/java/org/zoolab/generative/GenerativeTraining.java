package org.zoolab.generative;

import org.zoolab.BadInputException;
import org.zoolab.zoo.ModelInfo;
import org.zoolab.zoo.ModelOptions;
import org.zoolab.zoo.Zoo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The library entry point of {@code zoolab train vae|vae-2d|gan|dcgan}: trains the model on a data set into a run
 * directory and returns it.
 *
 * <pre>{@code
 * Path run = GenerativeTraining.train(GenerativeOptions.builder("vae", Path.of("runs/vae")).epochs(30).build(), data);
 * }</pre>
 * A run directory holds {@code run.json}, {@code metrics.csv} (one row per epoch), {@code checkpoint.zip} (the
 * last finished epoch, written atomically), {@code samples/epoch-NNN.png} (fixed-noise samples per epoch) and the
 * final pictures. {@code --resume} continues from the checkpoint; a non-finite loss stops the run before that
 * step is applied ({@link NonFiniteLossException}) and leaves the last checkpoint as it was.
 */
public final class GenerativeTraining {
    private GenerativeTraining() {
    }

    /** True if {@code model} names a generative zoo model (a VAE or GAN). */
    public static boolean handles(String model) {
        try {
            String family = Zoo.info(model).family();
            return family.equals("vae") || family.equals("gan");
        } catch (BadInputException e) {
            return false;
        }
    }

    /** Trains and returns the run directory. */
    public static Path train(GenerativeOptions options, GenerativeData data) {
        ModelInfo info = Zoo.info(options.model());
        if (!info.family().equals("vae") && !info.family().equals("gan")) {
            throw new BadInputException("'" + options.model() + "' is not a generative model; expected vae, vae-2d, gan or dcgan");
        }
        if (options.trainLimit() != null) {
            data = data.limitTrain(options.trainLimit());
        }
        prepareRunDir(options);
        ModelOptions modelOptions = ModelOptions.builder().seed(options.seed())
                .input(data.train().channels(), data.train().height(), data.train().width()).build();
        try {
            if (info.family().equals("vae")) {
                new VaeTraining(info, modelOptions, options, data).run();
            } else {
                new GanTraining(info, modelOptions, options, data).run();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run in " + options.runDir(), e);
        }
        return options.runDir();
    }

    /**
     * Continues the run in {@code runDir} (its {@code run.json} names model, data, seed, batch and image count)
     * up to {@code epochs} in total ({@code null}: the epochs it was started with), loading the data from
     * {@code dataDirOrNull}.
     */
    public static Path resume(Path runDir, Integer epochs, java.nio.file.Path dataDirOrNull) {
        RunInfo info = RunInfo.read(runDir);
        GenerativeData data = GenerativeData.load(info.data(), dataDirOrNull);
        GenerativeOptions.Builder b = GenerativeOptions.builder(info.model(), runDir).resume(true).seed(info.seed())
                .batch(info.batch()).epochs(epochs != null ? epochs : info.epochs());
        if (info.trainImages() < data.train().size()) {
            b.trainLimit(info.trainImages());
        }
        if (info.kind().equals("gan") && !Files.isRegularFile(runDir.resolve(GanTraining.CLASSIFIER))) {
            b.fid(false); // the run was started without LeNet-FID
        }
        return train(b.build(), data);
    }

    private static void prepareRunDir(GenerativeOptions options) {
        Path dir = options.runDir();
        boolean hasCheckpoint = Files.isRegularFile(dir.resolve(GenerativeCheckpoint.FILE));
        if (options.resume() && !hasCheckpoint) {
            throw new BadInputException(dir + ": nothing to resume (no " + GenerativeCheckpoint.FILE + ")");
        }
        if (!options.resume() && (hasCheckpoint || Files.isRegularFile(dir.resolve(RunInfo.FILE)))) {
            throw new BadInputException(dir + " already holds a run; use --resume to continue it or choose another run directory (--out)");
        }
        try {
            Files.createDirectories(dir.resolve("samples"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /** Checks that a resumed run is the same run as the one on disk. */
    static void checkSameRun(RunInfo onDisk, RunInfo now, Path dir) {
        if (!onDisk.model().equals(now.model()) || !onDisk.data().equals(now.data()) || onDisk.seed() != now.seed()
                || onDisk.trainImages() != now.trainImages() || onDisk.batch() != now.batch()) {
            throw new BadInputException(dir + " holds a run of " + onDisk.model() + " on " + onDisk.data() + " (seed "
                    + onDisk.seed() + ", " + onDisk.trainImages() + " images, batch " + onDisk.batch()
                    + "); --resume must use the same model, data, seed, --limit and --batch");
        }
    }

    static String nonFiniteMessage(Path dir, int epoch, int iteration, String what) {
        String last = Files.isRegularFile(dir.resolve(GenerativeCheckpoint.FILE))
                ? "the last checkpoint (epoch " + (epoch - 1) + ") is in " + dir.resolve(GenerativeCheckpoint.FILE)
                : "no checkpoint was written yet";
        return "epoch " + epoch + ", iteration " + iteration + ": " + what + "; the step was not applied; " + last
                + " (resume with --resume, e.g. with a lower --lr)";
    }
}
