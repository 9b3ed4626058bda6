package org.zoolab.train;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.zoolab.io.AtomicFiles;
import org.zoolab.BadInputException;
import org.zoolab.data.BorderWeightMap;
import org.zoolab.data.CompositeSegmentationSet;
import org.zoolab.data.DataDirectory;
import org.zoolab.data.ElasticDeformation;
import org.zoolab.data.Split;
import org.zoolab.zoo.ModelInfo;
import org.zoolab.zoo.ModelOptions;
import org.zoolab.zoo.UNetFamily;
import org.zoolab.zoo.UNetTable;
import org.zoolab.zoo.ZooConfigs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * U-Net segmentation runs on a {@link CompositeSegmentationSet}, with {@link Trainer}: a normal run directory
 * (checkpoints, resume, best.zip, model.zip) whose {@code metrics.csv} epoch rows carry the pixel accuracy
 * ({@code val_top1}: the validation set is scored per pixel by {@link Evaluator}), the mean per-pixel
 * cross-entropy ({@code val_loss}) and, in two extra columns, {@code val_mean_iou} and {@code val_dice}
 * ({@link SegmentationMetrics}). The validation set is the held-out composite set (test images on held-out
 * photos); the reported figures are those of the final model. {@value #SETTINGS_FILE} records how the data and the
 * network were made, so {@link #resume} rebuilds both.
 * <p>
 * <b>The network</b> is {@code unet-same} (Ronneberger et al. with same-padded 3x3 convolutions) from
 * {@code zoo-configs/unet.yaml}, with two documented departures that make it trainable on two CPU cores: the input
 * is {@code size x size x 3} (64 by default, not 512 x 512 x 1), and the widths are {@code widths} (default 8, 16, 32,
 * 64: four levels, the paper's 64 ... 1024 divided by 8 and its bottom level dropped) instead of the table's. The
 * paper's dropout at the end of the contracting path is kept. The loss is the per-pixel softmax cross-entropy of
 * the table (mean over pixels), the soft Dice loss ({@link DiceLoss}), or the paper's weighted cross-entropy
 * ({@link Loss#WEIGHTED}).
 * <p>
 * <b>Weighted loss</b> (Ronneberger et al. 2015, section 3, equations 1 and 2): the network is the cross-entropy one;
 * each training batch carries the {@link BorderWeightMap#paper()} map of its masks as DL4J's labels mask, which
 * {@code CnnLossLayer} passes to the loss as per-pixel weights, so the training score of an image is
 * {@code sum_x w(x) * (-ln p_label(x)(x)) / (H*W)} and the gradient is weighted alike. Validation batches carry no
 * weights: {@code val_loss} stays the plain mean per-pixel cross-entropy, comparable between runs.
 * <p>
 * <b>Elastic deformation</b> ({@link Settings#elastic()} pixels, 0 = off; the paper's 10): every training composite
 * and its mask are deformed ({@link ElasticDeformation}) afresh each epoch, before the weight map is computed.
 */
public final class SegmentationRun {
    /** The file in the run directory recording the data and network settings. */
    public static final String SETTINGS_FILE = "segmentation.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    /** The losses a run can use. */
    public enum Loss {
        /** Per-pixel softmax cross-entropy, mean over pixels. */
        XENT,
        /** Soft Dice ({@link DiceLoss}). */
        DICE,
        /** Per-pixel softmax cross-entropy weighted by the paper's border weight map ({@link BorderWeightMap}). */
        WEIGHTED
    }

    /**
     * How a run is made.
     *
     * @param objects   mnist or fashion-mnist
     * @param size      composite side (a multiple of 2^(levels - 1))
     * @param train     training composites
     * @param test      held-out composites
     * @param widths    U-Net widths, top to bottom
     * @param loss      xent, dice or weighted
     * @param seed      data and weights
     * @param elastic   standard deviation in pixels of the elastic deformation of the training composites, 0 for
     *                  none (null, as in runs made before the option: 0)
     */
    public record Settings(String objects, int size, int train, int test, List<Integer> widths, Loss loss, long seed, Double elastic) {
        public static final List<Integer> DEFAULT_WIDTHS = List.of(8, 16, 32, 64);

        public Settings {
            if (!CompositeSegmentationSet.OBJECTS.contains(objects)) {
                throw new BadInputException("--objects " + objects + ": expected one of " + CompositeSegmentationSet.OBJECTS);
            }
            widths = widths == null ? DEFAULT_WIDTHS : List.copyOf(widths);
            if (widths.size() < 2) throw new BadInputException("--widths needs at least two levels, got " + widths);
            int step = 1 << (widths.size() - 1);
            if (size % step != 0) {
                throw new BadInputException("--size " + size + ": a U-Net with " + widths.size() + " levels needs a multiple of " + step);
            }
            if (train < 1 || test < 1) throw new BadInputException("--train and --test must be positive");
            loss = loss == null ? Loss.XENT : loss;
            elastic = elastic == null ? 0.0 : elastic;
            if (!(elastic >= 0) || elastic.isInfinite()) {
                throw new BadInputException("--elastic " + elastic + ": expected a standard deviation in pixels >= 0 (0: no deformation, the paper: 10)");
            }
        }

        /** Settings without elastic deformation. */
        public Settings(String objects, int size, int train, int test, List<Integer> widths, Loss loss, long seed) {
            this(objects, size, train, test, widths, loss, seed, 0.0);
        }
    }

    /** A prepared run and its data. */
    public record Prepared(Trainer trainer, Settings settings, Recipe recipe, CompositeSegmentationSet trainSet,
                           CompositeSegmentationSet testSet) {
    }

    private SegmentationRun() {
    }

    /** The recipe when none is given: Adam 1e-3, batch 16, 10 epochs (the paper's SGD at momentum 0.99 with batch 1 is far slower to converge). */
    public static Recipe defaultRecipe() {
        return new Recipe("segmentation", List.of(), List.of(), "zoolab's default for U-Net on composites (the paper gives no rate)",
                Recipe.Optimizer.ADAM, 1e-3, 0.0, 0.0, 0.0, 16, 10, Schedule.NONE, 0.0, null,
                "Adam instead of the paper's SGD with momentum 0.99 and batch 1: converges within minutes on a CPU.");
    }

    /** The training batches of a run: deformed when {@link Settings#elastic()} > 0, weighted with {@link Loss#WEIGHTED}. */
    public static SegmentationData trainingData(Settings s, CompositeSegmentationSet set, int batch) {
        return new SegmentationData(set, batch, s.seed(), new ElasticDeformation(s.elastic()),
                s.loss() == Loss.WEIGHTED ? BorderWeightMap.paper() : null);
    }

    /** The U-Net configuration for these settings. */
    public static ComputationGraphConfiguration network(Settings s) {
        UNetTable base = ZooConfigs.load("unet", UNetTable.class);
        UNetTable.Model row = base.models().get("unet-same");
        UNetTable table = new UNetTable(base.optimizer(), s.widths(), base.dropout(), Map.of("unet-same", row));
        UNetFamily family = new UNetFamily(table);
        ModelInfo info = family.models().get(0);
        ModelOptions o = ModelOptions.builder().input(3, s.size(), s.size()).numClasses(2).seed(s.seed()).build().resolvedFor(info);
        ComputationGraphConfiguration conf = family.configure(info, o);
        if (s.loss() == Loss.DICE) {
            CnnLossLayer out = (CnnLossLayer) ((LayerVertex) conf.getVertices().get("output")).getLayerConf().getLayer();
            out.setLossFn(new DiceLoss((long) s.size() * s.size()));
        }
        return conf;
    }

    /** The composite sets of a run: training (train split) and held-out (test split). */
    public static CompositeSegmentationSet[] data(Settings s, Path dataDir) {
        DataDirectory dir = DataDirectory.resolve(dataDir);
        return new CompositeSegmentationSet[]{
                CompositeSegmentationSet.build(dir, s.objects(), Split.TRAIN, s.size(), s.train(), s.seed()),
                CompositeSegmentationSet.build(dir, s.objects(), Split.TEST, s.size(), s.test(), s.seed())};
    }

    /** A new run in {@code out}. */
    public static Prepared start(Settings s, Recipe recipe, Path out, Path dataDir) {
        CompositeSegmentationSet[] sets = data(s, dataDir);
        RunDirectory dir = RunDirectory.create(out);
        String data = "composite-" + s.objects();
        Experiment e = new Experiment("unet-same", data, null, null, recipe, null, null, null, s.seed(), 0,
                Experiment.Checkpoints.DEFAULT, null);
        e.write(dir.experiment());
        try {
            AtomicFiles.writeString(dir.root().resolve(SETTINGS_FILE), JSON.writeValueAsString(s) + "\n");
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write " + dir.root().resolve(SETTINGS_FILE), ex);
        }
        Trainer t = Trainer.start(network(s), recipe, trainingData(s, sets[0], recipe.batch()),
                new SegmentationData(sets[1], recipe.batch(), -1).epoch(0), dir, e.trainerOptions(input(s, data)).withLogEvery(5));
        t.withExtraMetrics(SegmentationMetrics.EXTRA);
        return new Prepared(t, s, recipe, sets[0], sets[1]);
    }

    /** Continues the run in {@code runDir}; {@code epochs} (nullable) extends it. */
    public static Prepared resume(Path runDir, Integer epochs, Path dataDir) {
        RunDirectory dir = RunDirectory.open(runDir);
        Settings s = settings(runDir);
        Experiment e = Experiment.read(dir.experiment());
        if (epochs != null) {
            e = e.withEpochs(epochs);
            e.write(dir.experiment());
        }
        Recipe recipe = e.recipe();
        CompositeSegmentationSet[] sets = data(s, dataDir);
        Trainer t = Trainer.resume(dir, recipe, trainingData(s, sets[0], recipe.batch()),
                new SegmentationData(sets[1], recipe.batch(), -1).epoch(0), e.trainerOptions(input(s, e.data())).withLogEvery(5));
        t.withExtraMetrics(SegmentationMetrics.EXTRA);
        return new Prepared(t, s, recipe, sets[0], sets[1]);
    }

    /** The settings recorded in a run directory. */
    public static Settings settings(Path runDir) {
        Path f = runDir.resolve(SETTINGS_FILE);
        if (!Files.isRegularFile(f)) {
            throw new BadInputException(runDir + " is not a segmentation run (no " + SETTINGS_FILE + ")");
        }
        try {
            return JSON.readValue(f.toFile(), Settings.class);
        } catch (IOException e) {
            throw new BadInputException(f + ": unreadable (" + e.getMessage() + ")");
        }
    }

    static ModelInput input(Settings s, String data) {
        return new ModelInput(3, s.size(), s.size(), 0, data, List.of("background", "object"));
    }

    /** Scores a model on a composite set: pixel accuracy, mean IoU, Dice over all its pixels. */
    public static SegmentationMetrics evaluate(org.deeplearning4j.nn.graph.ComputationGraph graph, CompositeSegmentationSet set, int batch) {
        EvaluationResult r = new Evaluator(graph).evaluate(new SegmentationData(set, batch, -1).epoch(0), List.of("background", "object"));
        return new SegmentationMetrics(r.confusion());
    }
}
