package org.zoolab.generative;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.zoolab.BadInputException;
import org.zoolab.zoo.GanFamily;
import org.zoolab.zoo.VaeFamily;
import org.zoolab.zoo.Zoo;

import java.nio.file.Path;

/**
 * A finished (or interrupted) generative run opened from its directory, for {@code zoolab generate}: the model
 * at its last checkpoint, able to draw samples and, for a 2-D VAE, the latent manifold.
 */
public final class GenerativeRun {
    private final RunInfo info;
    private final int epoch;
    private final Vae vae;
    private final Gan gan;

    private GenerativeRun(RunInfo info, int epoch, Vae vae, Gan gan) {
        this.info = info;
        this.epoch = epoch;
        this.vae = vae;
        this.gan = gan;
    }

    /** Opens {@code run.json} and {@code checkpoint.zip} (the last epoch) of a run directory. */
    public static GenerativeRun open(Path runDir) {
        return open(runDir, false);
    }

    /**
     * Opens a run at its last epoch ({@code checkpoint.zip}) or, with {@code best}, at the GAN epoch with the lowest
     * LeNet-FID ({@code best.zip}, written by GAN runs that measure LeNet-FID).
     */
    public static GenerativeRun open(Path runDir, boolean best) {
        RunInfo info = RunInfo.read(runDir);
        Path file = runDir.resolve(best ? GanTraining.BEST : GenerativeCheckpoint.FILE);
        if (best && !java.nio.file.Files.isRegularFile(file)) {
            throw new BadInputException(file + ": no best-epoch checkpoint; only GAN runs that measure LeNet-FID write one"
                    + " (this run: " + info.model() + ")");
        }
        GenerativeCheckpoint cp = GenerativeCheckpoint.read(file);
        return switch (info.kind()) {
            case "vae" -> new GenerativeRun(info, cp.epoch(), new Vae(cp.net("encoder"), cp.net("decoder"),
                    VaeFamily.latent(Zoo.info(info.model())), info.image()), null);
            case "gan" -> new GenerativeRun(info, cp.epoch(), null, new Gan(GanFamily.model(Zoo.info(info.model())),
                    cp.net("generator"), cp.net("discriminator"), info.image()));
            default -> throw new BadInputException(runDir.resolve(RunInfo.FILE) + ": unknown kind '" + info.kind() + "'; expected vae or gan");
        };
    }

    /** True if {@code dir} holds a generative run ({@code run.json} of kind vae or gan). */
    public static boolean isRunDirectory(Path dir) {
        if (!java.nio.file.Files.isRegularFile(dir.resolve(RunInfo.FILE))) return false;
        try {
            String kind = RunInfo.read(dir).kind();
            return kind.equals("vae") || kind.equals("gan");
        } catch (BadInputException e) {
            return false;
        }
    }

    public RunInfo info() {
        return info;
    }

    /** The epoch of the checkpoint. */
    public int epoch() {
        return epoch;
    }

    /** {@code n} new images [n, C, H, W] in [0, 1]: prior samples (VAE, Bernoulli means) or G's samples. */
    public INDArray sample(int n, long seed) {
        if (n < 1) throw new BadInputException("--n must be at least 1, got " + n);
        java.util.random.RandomGenerator rng = new java.util.SplittableRandom(seed);
        return vae != null ? vae.sample(n, rng) : gan.generateUnit(gan.noise(n, rng));
    }

    /** The VAE's latent manifold, {@code steps x steps} images in [0, 1]; only for a 2-D VAE. */
    public INDArray manifold(int steps) {
        if (vae == null) {
            throw new BadInputException("--manifold needs a VAE run; this run is " + info.model());
        }
        if (steps < 2) throw new BadInputException("--steps must be at least 2, got " + steps);
        return vae.manifold(steps);
    }
}
