package org.zoolab.generative;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zoolab.io.AtomicFiles;
import org.zoolab.viz.GenerativeCurves;
import org.zoolab.viz.SampleGrid;
import org.zoolab.zoo.GanFamily;
import org.zoolab.zoo.ModelInfo;
import org.zoolab.zoo.ModelOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The GAN's training loop: per minibatch one D step then one G step ({@link Gan}); per epoch the mean losses,
 * D's mean outputs on real and fake images, LeNet-FID and class coverage into {@code metrics.csv}, every step's
 * losses into {@code iterations.csv}, a grid of samples from the same fixed noise into
 * {@code samples/epoch-NNN.png} (epoch 0 = the untrained G), {@code losses.png}, and a checkpoint with both nets
 * and both updaters.
 * <p>
 * LeNet-FID's scale is written once to {@code fid.json}: real-vs-real (two disjoint halves of the test set, A
 * and B, each {@code n} images) and untrained G (n samples vs half A); each epoch's value is n samples vs half A.
 */
final class GanTraining {
    private static final Logger log = LoggerFactory.getLogger(GanTraining.class);
    static final List<String> COLUMNS = List.of("epoch", "d_loss", "g_loss", "d_real", "d_fake", "lenet_fid",
            "fid_ratio", "classes_covered", "epoch_seconds");
    static final List<String> STEP_COLUMNS = List.of("iteration", "epoch", "d_loss", "g_loss", "d_real", "d_fake");
    private static final int GRID = 64;
    /** The checkpoint of the epoch with the lowest LeNet-FID so far, and its figures. */
    static final String BEST = "best.zip";
    static final String BEST_JSON = "best.json";
    /** The LeNet-5 used for LeNet-FID, inside the run directory. */
    static final String CLASSIFIER = "lenet5-fid.zip";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ModelInfo info;
    private final ModelOptions modelOptions;
    private final GenerativeOptions options;
    private final GenerativeData data;
    private final Path dir;

    GanTraining(ModelInfo info, ModelOptions modelOptions, GenerativeOptions options, GenerativeData data) {
        this.info = info;
        this.modelOptions = modelOptions;
        this.options = options;
        this.data = data;
        this.dir = options.runDir();
    }

    /** The best epoch so far by LeNet-FID, as written to {@code best.json}. */
    record BestEpoch(int epoch, double lenetFid, double fidRatio, int classesCovered) {
    }

    /** LeNet-FID's reference values. */
    record FidScale(int samples, double realVsReal, double untrainedGenerator, double classifierAccuracy) {
    }

    void run() throws IOException {
        GanFamily.Model spec = GanFamily.model(info);
        int epochs = options.epochs() != null ? options.epochs() : spec.training().epochs();
        int batch = options.batch() != null ? options.batch() : spec.training().batch();
        double lr = options.learningRate() != null ? options.learningRate() : spec.training().learningRate();
        RunInfo runInfo = new RunInfo("gan", info.name(), data.name(), options.seed(), epochs, batch, lr,
                data.train().size(), data.train().channels(), data.train().height(), data.train().width());

        Gan gan;
        MetricsTable metrics;
        MetricsTable steps;
        int start;
        if (options.resume()) {
            GenerativeTraining.checkSameRun(RunInfo.read(dir), runInfo, dir);
            GenerativeCheckpoint cp = GenerativeCheckpoint.read(dir.resolve(GenerativeCheckpoint.FILE));
            gan = new Gan(spec, cp.net("generator"), cp.net("discriminator"), runInfo.image());
            if (options.learningRate() != null) {
                gan.generator().setLearningRate(lr);
                gan.discriminator().setLearningRate(lr);
            }
            start = cp.epoch() + 1;
            metrics = Files.isRegularFile(dir.resolve("metrics.csv"))
                    ? MetricsTable.read(dir.resolve("metrics.csv"), COLUMNS) : new MetricsTable(COLUMNS);
            metrics.keepUpTo("epoch", cp.epoch());
            steps = Files.isRegularFile(dir.resolve("iterations.csv"))
                    ? MetricsTable.read(dir.resolve("iterations.csv"), STEP_COLUMNS) : new MetricsTable(STEP_COLUMNS);
            steps.keepUpTo("epoch", cp.epoch());
            log.info("resuming {} from epoch {} in {}", info.name(), cp.epoch(), dir);
        } else {
            gan = Gan.create(info, modelOptions, lr);
            start = 1;
            metrics = new MetricsTable(COLUMNS);
            steps = new MetricsTable(STEP_COLUMNS);
        }
        runInfo.write(dir);

        INDArray fixedNoise = gan.noise(GRID, Noise.forEpoch(options.seed(), 0, 99));
        LeNetFid fid = null;
        FidScale scale = null;
        int n = 0;
        if (options.fid()) {
            fid = classifier();
            n = Math.min(options.fidSamples(), data.test().size() / 2);
            scale = fidScale(fid, gan, n, start == 1);
        }
        if (start == 1) {
            writeGrid(gan, fixedNoise, 0);
        }

        ImageSet train = data.train();
        int iteration = steps.size();
        for (int epoch = start; epoch <= epochs; epoch++) {
            long t0 = System.nanoTime();
            RandomGenerator rng = Noise.forEpoch(options.seed(), epoch, 0);
            int[] order = train.shuffledIndices(rng);
            double dSum = 0, gSum = 0, realSum = 0, fakeSum = 0;
            int count = 0;
            for (int from = 0; from < order.length; from += batch) {
                int[] idx = Arrays.copyOfRange(order, from, Math.min(order.length, from + batch));
                iteration++;
                Gan.DiscriminatorStep d;
                double g;
                try {
                    d = gan.discriminatorStep(gan.toModelRange(train.images(idx)), gan.noise(idx.length, rng));
                    g = gan.generatorStep(gan.noise(idx.length, rng));
                } catch (NonFiniteLossException e) {
                    throw new NonFiniteLossException(GenerativeTraining.nonFiniteMessage(dir, epoch, iteration, e.getMessage()));
                }
                steps.add(iteration, epoch, d.loss(), g, d.realScore(), d.fakeScore());
                dSum += d.loss();
                gSum += g;
                realSum += d.realScore();
                fakeSum += d.fakeScore();
                count++;
                OffHeapMemory.afterStep(iteration);
            }
            double fidValue = Double.NaN, ratio = Double.NaN, covered = Double.NaN;
            if (fid != null) {
                RandomGenerator evalRng = Noise.forEpoch(options.seed(), epoch, 2);
                fidValue = fid.distance(generateUnit(gan, n, evalRng), data.test().images(0, n));
                ratio = fidValue / scale.realVsReal();
                ClassCoverage cov = ClassCoverage.of(fid.predict(generateUnit(gan, options.coverageSamples(), evalRng)),
                        data.classNames().size(), ClassCoverage.DEFAULT_MIN_SHARE);
                covered = cov.covered();
                log.info("{} epoch {}: samples per class {}", info.name(), epoch, Arrays.toString(cov.counts()));
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            metrics.add(epoch, dSum / count, gSum / count, realSum / count, fakeSum / count, fidValue, ratio, covered, seconds);
            metrics.write(dir.resolve("metrics.csv"));
            steps.write(dir.resolve("iterations.csv"));
            writeGrid(gan, fixedNoise, epoch);
            writeLossChart(steps);
            GenerativeCheckpoint checkpoint = new GenerativeCheckpoint(
                    Map.of("generator", gan.generator(), "discriminator", gan.discriminator()), epoch);
            BestEpoch best = bestSoFar(metrics);
            if (best != null && best.epoch() == epoch) {
                // the best epoch first, then the last: a crash in between leaves both files whole
                checkpoint.write(dir.resolve(BEST));
                AtomicFiles.write(dir.resolve(BEST_JSON), out -> out.write(JSON.writeValueAsBytes(best)));
            }
            checkpoint.write(dir.resolve(GenerativeCheckpoint.FILE));
            log.info(String.format(Locale.ROOT, "%s epoch %d/%d  D loss %.3f  G loss %.3f  D(x) %.2f  D(G(z)) %.2f  LeNet-FID %.2f (%.1fx real-vs-real)  classes %s  %.1f s",
                    info.name(), epoch, epochs, dSum / count, gSum / count, realSum / count, fakeSum / count,
                    fidValue, ratio, Double.isNaN(covered) ? "-" : (int) covered + "/" + data.classNames().size(), seconds));
        }
    }

    /**
     * The epoch with the lowest LeNet-FID among the metrics so far (the earliest on a tie), or null when none was
     * measured; a resumed run's metrics hold the epochs before it, so it goes on comparing against them.
     */
    private static BestEpoch bestSoFar(MetricsTable metrics) {
        double[] epochs = metrics.column("epoch");
        double[] fid = metrics.column("lenet_fid");
        double[] ratio = metrics.column("fid_ratio");
        double[] covered = metrics.column("classes_covered");
        BestEpoch best = null;
        for (int i = 0; i < fid.length; i++) {
            if (Double.isFinite(fid[i]) && (best == null || fid[i] < best.lenetFid())) {
                best = new BestEpoch((int) epochs[i], fid[i], ratio[i], (int) covered[i]);
            }
        }
        return best;
    }

    private LeNetFid classifier() throws IOException {
        Path cached = dir.resolve(CLASSIFIER);
        if (options.classifier() != null && !Files.isRegularFile(cached)) {
            LeNetFid given = FidClassifier.load(options.classifier());
            // a copy in the run directory keeps the run self-contained: a resumed run measures with the same net
            AtomicFiles.write(cached, out -> Files.copy(options.classifier(), out));
            return given;
        }
        if (Files.isRegularFile(cached)) {
            return FidClassifier.load(cached);
        }
        log.info("training LeNet-5 on {} for LeNet-FID ({} epochs; pass --classifier to reuse one)", data.name(), options.classifierEpochs());
        return FidClassifier.trainAndSave(data, options.classifierEpochs(), options.seed(), cached);
    }

    private FidScale fidScale(LeNetFid fid, Gan gan, int n, boolean fresh) throws IOException {
        Path file = dir.resolve("fid.json");
        if (!fresh && Files.isRegularFile(file)) {
            try {
                return JSON.readValue(file.toFile(), FidScale.class);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        INDArray halfA = data.test().images(0, n);
        INDArray halfB = data.test().images(n, 2 * n);
        double realVsReal = fid.distance(halfB, halfA);
        double untrained = fresh ? fid.distance(generateUnit(gan, n, Noise.forEpoch(options.seed(), 0, 2)), halfA) : Double.NaN;
        FidScale s = new FidScale(n, realVsReal, untrained, fid.accuracy(data.test()));
        AtomicFiles.write(file, out -> out.write(JSON.writeValueAsBytes(s)));
        log.info(String.format(Locale.ROOT, "LeNet-FID scale (%d images each): real-vs-real %.3f, untrained G %.2f; classifier test accuracy %.4f",
                n, realVsReal, untrained, s.classifierAccuracy()));
        return s;
    }

    private static INDArray generateUnit(Gan gan, int n, RandomGenerator rng) {
        INDArray[] parts = new INDArray[(n + 499) / 500];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = gan.generateUnit(gan.noise(Math.min(500, n - i * 500), rng));
        }
        return parts.length == 1 ? parts[0] : org.nd4j.linalg.factory.Nd4j.concat(0, parts);
    }

    private void writeGrid(Gan gan, INDArray fixedNoise, int epoch) throws IOException {
        AtomicFiles.writePng(dir.resolve(String.format(Locale.ROOT, "samples/epoch-%03d.png", epoch)),
                SampleGrid.render(gan.generateUnit(fixedNoise), 8, 0, 1, 2));
    }

    private void writeLossChart(MetricsTable steps) throws IOException {
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("D loss", steps.column("d_loss"));
        series.put("G loss", steps.column("g_loss"));
        AtomicFiles.writePng(dir.resolve("losses.png"), GenerativeCurves.render(info.name() + " on " + data.name(),
                "iteration", "loss (nats)", steps.column("iteration"), series, 900, 500));
    }
}
