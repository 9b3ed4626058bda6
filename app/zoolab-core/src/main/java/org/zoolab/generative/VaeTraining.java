package org.zoolab.generative;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zoolab.io.AtomicFiles;
import org.zoolab.viz.GenerativeCurves;
import org.zoolab.viz.LatentScatter;
import org.zoolab.viz.SampleGrid;
import org.zoolab.zoo.ModelInfo;
import org.zoolab.zoo.ModelOptions;
import org.zoolab.zoo.VaeFamily;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The VAE's training loop: minibatch steps on the negative ELBO, then the test-set ELBO (reconstruction and KL
 * apart, nats per image) into {@code metrics.csv}, prior samples from fixed noise into
 * {@code samples/epoch-NNN.png}, and a checkpoint, every epoch. At the end: {@code reconstructions.png} (inputs
 * in odd rows, reconstructions below them), {@code prior-samples.png}, {@code elbo.png}, and for a 2-D latent
 * space {@code manifold.png} and {@code latent-scatter.png} (test-set posterior means coloured by class).
 */
final class VaeTraining {
    private static final Logger log = LoggerFactory.getLogger(VaeTraining.class);
    static final List<String> COLUMNS = List.of("epoch", "train_elbo", "train_reconstruction", "train_kl",
            "test_elbo", "test_reconstruction", "test_kl", "epoch_seconds");
    private static final int GRID = 64;
    private static final int EVAL_BATCH = 500;

    private final ModelInfo info;
    private final ModelOptions modelOptions;
    private final GenerativeOptions options;
    private final GenerativeData data;
    private final Path dir;

    VaeTraining(ModelInfo info, ModelOptions modelOptions, GenerativeOptions options, GenerativeData data) {
        this.info = info;
        this.modelOptions = modelOptions;
        this.options = options;
        this.data = data;
        this.dir = options.runDir();
    }

    void run() throws IOException {
        VaeFamily.Table table = VaeFamily.table();
        int epochs = options.epochs() != null ? options.epochs() : table.training().epochs();
        int batch = options.batch() != null ? options.batch() : table.training().batch();
        double lr = options.learningRate() != null ? options.learningRate() : table.training().learningRate();
        RunInfo runInfo = new RunInfo("vae", info.name(), data.name(), options.seed(), epochs, batch, lr,
                data.train().size(), data.train().channels(), data.train().height(), data.train().width());

        Vae vae;
        MetricsTable metrics;
        int start;
        if (options.resume()) {
            GenerativeTraining.checkSameRun(RunInfo.read(dir), runInfo, dir);
            GenerativeCheckpoint cp = GenerativeCheckpoint.read(dir.resolve(GenerativeCheckpoint.FILE));
            vae = new Vae(cp.net("encoder"), cp.net("decoder"), VaeFamily.latent(info), runInfo.image());
            if (options.learningRate() != null) {
                vae.encoder().setLearningRate(lr);
                vae.decoder().setLearningRate(lr);
            }
            start = cp.epoch() + 1;
            metrics = Files.isRegularFile(dir.resolve("metrics.csv"))
                    ? MetricsTable.read(dir.resolve("metrics.csv"), COLUMNS) : new MetricsTable(COLUMNS);
            metrics.keepUpTo("epoch", cp.epoch());
            log.info("resuming {} from epoch {} in {}", info.name(), cp.epoch(), dir);
        } else {
            vae = Vae.create(info, modelOptions, lr);
            start = 1;
            metrics = new MetricsTable(COLUMNS);
        }
        runInfo.write(dir);

        INDArray fixedNoise = Noise.normal(Noise.forEpoch(options.seed(), 0, 99), GRID, vae.latent());
        ImageSet train = data.train();
        for (int epoch = start; epoch <= epochs; epoch++) {
            long t0 = System.nanoTime();
            RandomGenerator rng = Noise.forEpoch(options.seed(), epoch, 0);
            int[] order = train.shuffledIndices(rng);
            ElboTerms trainTerms = ElboTerms.empty();
            int iteration = 0;
            for (int from = 0; from < order.length; from += batch) {
                int[] idx = Arrays.copyOfRange(order, from, Math.min(order.length, from + batch));
                iteration++;
                try {
                    trainTerms = trainTerms.plus(vae.trainStep(train.images(idx), Noise.normal(rng, idx.length, vae.latent())));
                } catch (NonFiniteLossException e) {
                    throw new NonFiniteLossException(GenerativeTraining.nonFiniteMessage(dir, epoch, iteration, e.getMessage()));
                }
                OffHeapMemory.afterStep(iteration);
            }
            ElboTerms test = vae.evaluate(data.test(), EVAL_BATCH, Noise.forEpoch(options.seed(), epoch, 1));
            double seconds = (System.nanoTime() - t0) / 1e9;
            metrics.add(epoch, trainTerms.elbo(), trainTerms.reconstruction(), trainTerms.kl(),
                    test.elbo(), test.reconstruction(), test.kl(), seconds);
            metrics.write(dir.resolve("metrics.csv"));
            AtomicFiles.writePng(dir.resolve(String.format(Locale.ROOT, "samples/epoch-%03d.png", epoch)),
                    SampleGrid.render(vae.decode(fixedNoise), 8, 0, 1, 2));
            new GenerativeCheckpoint(Map.of("encoder", vae.encoder(), "decoder", vae.decoder()), epoch)
                    .write(dir.resolve(GenerativeCheckpoint.FILE));
            log.info(String.format(Locale.ROOT, "%s epoch %d/%d  train ELBO %.2f  test ELBO %.2f nats (reconstruction %.2f, KL %.2f)  %.1f s",
                    info.name(), epoch, epochs, trainTerms.elbo(), test.elbo(), test.reconstruction(), test.kl(), seconds));
        }
        writePictures(vae, metrics);
    }

    private void writePictures(Vae vae, MetricsTable metrics) throws IOException {
        ImageSet test = data.test();
        int n = Math.min(32, test.size());
        if (n > 0) {
            INDArray inputs = test.images(0, n);
            AtomicFiles.writePng(dir.resolve("reconstructions.png"),
                    SampleGrid.render(interleaveRows(inputs, vae.reconstruct(inputs), 8), 8, 0, 1, 2));
        }
        AtomicFiles.writePng(dir.resolve("prior-samples.png"),
                SampleGrid.render(vae.sample(GRID, Noise.forEpoch(options.seed(), 0, 98)), 8, 0, 1, 2));
        if (metrics.size() > 0) {
            Map<String, double[]> series = new LinkedHashMap<>();
            series.put("train ELBO", metrics.column("train_elbo"));
            series.put("test ELBO", metrics.column("test_elbo"));
            series.put("test reconstruction", metrics.column("test_reconstruction"));
            series.put("test -KL", Arrays.stream(metrics.column("test_kl")).map(v -> -v).toArray());
            AtomicFiles.writePng(dir.resolve("elbo.png"), GenerativeCurves.render(info.name() + " on " + data.name(),
                    "epoch", "nats per image", metrics.column("epoch"), series, 800, 500));
        }
        if (vae.latent() == 2) {
            AtomicFiles.writePng(dir.resolve("manifold.png"), SampleGrid.render(vae.manifold(20), 20, 0, 1, 1));
            INDArray mu = vae.posterior(test.all())[0];
            double[] x = mu.getColumn(0).toDoubleVector(), y = mu.getColumn(1).toDoubleVector();
            AtomicFiles.writePng(dir.resolve("latent-scatter.png"), LatentScatter.render(
                    "test-set posterior means, " + data.name(), x, y, test.labels(), data.classNames(), 800, 700));
        }
    }

    /** Rows of {@code columns} inputs followed by the matching rows of outputs. */
    static INDArray interleaveRows(INDArray inputs, INDArray outputs, int columns) {
        int n = (int) inputs.size(0);
        INDArray[] parts = new INDArray[2 * ((n + columns - 1) / columns)];
        for (int r = 0, p = 0; r * columns < n; r++) {
            int from = r * columns, to = Math.min(n, from + columns);
            parts[p++] = inputs.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to));
            parts[p++] = outputs.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to));
        }
        return Nd4j.concat(0, parts);
    }
}
