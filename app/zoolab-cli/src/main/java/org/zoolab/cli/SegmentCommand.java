package org.zoolab.cli;

import org.zoolab.BadInputException;
import org.zoolab.data.MaskPairs;
import org.zoolab.train.MetricsLog;
import org.zoolab.train.ModelSource;
import org.zoolab.train.Recipe;
import org.zoolab.train.Recipes;
import org.zoolab.train.RunDirectory;
import org.zoolab.train.SegmentationMetrics;
import org.zoolab.train.SegmentationRun;
import org.zoolab.train.Segmenter;
import org.zoolab.train.TrainingResult;
import org.zoolab.viz.SegmentationOverlay;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code zoolab segment}: U-Net segmentation: the mask of an image, training on composites, evaluation. */
@Command(name = "segment", mixinStandardHelpOptions = true,
        description = {"Segment an image with a trained U-Net and draw the mask over it; train and evaluate U-Nets.",
                "  zoolab segment RUN_DIR photo.jpg --out overlay.png",
                "  zoolab segment train --objects mnist --out runs/unet-composites",
                "  zoolab segment train --recipe unet --loss weighted --elastic 10   (the paper's recipe, weight map, deformation)",
                "  zoolab segment eval RUN_DIR",
                "  zoolab segment pairs RUN_DIR DIR   (image + NAME_mask.png pairs, e.g. opencv-doc's scene text)"},
        subcommands = {SegmentCommand.Train.class, SegmentCommand.Eval.class, SegmentCommand.Pairs.class})
public final class SegmentCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", description = "A segmentation run directory or model file.")
    String model;

    @Parameters(index = "1", arity = "0..1", paramLabel = "IMAGE", description = "The image to segment.")
    Path image;

    @Option(names = "--out", paramLabel = "FILE", description = "Overlay PNG (default: IMAGE-NAME.overlay.png here).")
    Path out;

    @Option(names = "--long-side", paramLabel = "PX", defaultValue = "0",
            description = "Run at this longer side (a multiple of 8 both ways) instead of the network's input size.")
    int longSide;

    @Override
    public Integer call() {
        if (model == null || image == null) {
            throw new BadInputException("give MODEL and IMAGE (zoolab segment RUN_DIR photo.jpg --out overlay.png), or a subcommand: train, eval, pairs");
        }
        PrintStream o = System.out;
        ModelSource m = ModelSource.load(model);
        Segmenter s = new Segmenter(m, multiple(model));
        Segmenter.Result r = s.segment(Segmenter.read(image), longSide);
        Path file = out != null ? out : Path.of(image.getFileName().toString().replaceFirst("\\.[^.]+$", "") + ".overlay.png");
        SegmentationOverlay.write(r.image(), r.labels(), null, file);
        long fg = Arrays.stream(r.labels()).filter(v -> v != 0).count();
        o.printf(Locale.ROOT, "%-8s %s%n", "model", m.from());
        o.printf(Locale.ROOT, "%-8s %s at %dx%d: %.1f%% of the pixels are objects%n", "image", image, r.width(), r.height(),
                100.0 * fg / r.labels().length);
        o.printf(Locale.ROOT, "%-8s %s%n", "wrote", file);
        return Main.EXIT_OK;
    }

    /** The size step of a run's U-Net (2^(levels-1)), 16 when unknown (the zoo's five levels). */
    static int multiple(String model) {
        Path p = Path.of(model);
        if (Files.isDirectory(p) && Files.isRegularFile(p.resolve(SegmentationRun.SETTINGS_FILE))) {
            return 1 << (SegmentationRun.settings(p).widths().size() - 1);
        }
        return 16;
    }

    /** {@code zoolab segment train}. */
    @Command(name = "train", mixinStandardHelpOptions = true,
            description = {"Train unet-same on composites: MNIST/Fashion-MNIST objects on textures cut from the photos data set.",
                    "Validation (and the reported figures) use held-out composites: test images on held-out photos."})
    static final class Train implements Callable<Integer> {
        @Option(names = "--objects", defaultValue = "mnist", paramLabel = "mnist|fashion-mnist", description = "Objects (default: ${DEFAULT-VALUE}).")
        String objects;
        @Option(names = "--size", defaultValue = "64", paramLabel = "PX", description = "Composite side (default: ${DEFAULT-VALUE}).")
        int size;
        @Option(names = "--train", defaultValue = "6000", paramLabel = "N", description = "Training composites (default: ${DEFAULT-VALUE}).")
        int train;
        @Option(names = "--test", defaultValue = "1000", paramLabel = "N", description = "Held-out composites (default: ${DEFAULT-VALUE}).")
        int test;
        @Option(names = "--widths", split = ",", paramLabel = "W,...", description = "U-Net widths, top to bottom (default: 8,16,32,64; the paper: 64,...,1024).")
        List<Integer> widths;
        @Option(names = "--loss", defaultValue = "xent", paramLabel = "xent|dice|weighted", description = "Per-pixel softmax cross-entropy, soft Dice, or the U-Net paper's cross-entropy "
                + "weighted by its border weight map (w0 10, sigma 5 px; the validation loss stays unweighted) (default: ${DEFAULT-VALUE}).")
        String loss;
        @Option(names = "--elastic", defaultValue = "0", paramLabel = "PX", description = "Elastic deformation of the training composites and masks: displacements on a 3x3 grid "
                + "with this standard deviation in pixels, bicubic in between (the paper: 10; default ${DEFAULT-VALUE} = off).")
        double elastic;
        @Option(names = "--recipe", paramLabel = "NAME", description = "A recipe of zoo-configs/recipes.yaml, e.g. unet (the paper's SGD with momentum 0.99, "
                + "batch 4, lr 0.001). Default: Adam 0.001, batch 16, 10 epochs.")
        String recipe;
        @Option(names = "--epochs", paramLabel = "N", description = "Epochs (default: the recipe's; 10).")
        Integer epochs;
        @Option(names = "--batch", paramLabel = "B", description = "Batch size (default: the recipe's; 16).")
        Integer batch;
        @Option(names = "--lr", paramLabel = "RATE", description = "Learning rate (default: the recipe's; Adam 0.001).")
        Double lr;
        @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Seed of data and weights (default: ${DEFAULT-VALUE}).")
        long seed;
        @Option(names = "--out", paramLabel = "DIR", description = "Run directory (default: runs/unet-composite-OBJECTS).")
        Path out;
        @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue a stopped run (with --epochs: train longer).")
        Path resume;
        @Option(names = "--data-dir", paramLabel = "DIR", description = "Where data sets live.")
        Path dataDir;
        @Option(names = "--max-minutes", paramLabel = "M", description = "Stop (with a checkpoint) after this much training time; resume later.")
        Double maxMinutes;

        @Override
        public Integer call() throws Exception {
            PrintStream o = System.out;
            SegmentationRun.Prepared p;
            if (resume != null) {
                p = SegmentationRun.resume(resume, epochs, dataDir);
            } else {
                SegmentationRun.Loss l = switch (loss.toLowerCase(Locale.ROOT)) {
                    case "xent", "cross-entropy" -> SegmentationRun.Loss.XENT;
                    case "dice" -> SegmentationRun.Loss.DICE;
                    case "weighted" -> SegmentationRun.Loss.WEIGHTED;
                    default -> throw new BadInputException("--loss " + loss + ": expected xent, dice or weighted");
                };
                SegmentationRun.Settings s = new SegmentationRun.Settings(objects, size, train, test, widths, l, seed, elastic);
                Recipe base = recipe == null ? SegmentationRun.defaultRecipe() : Recipes.load().named(recipe);
                Recipe r = base.withOverrides(epochs, batch, lr);
                p = SegmentationRun.start(s, r, out != null ? out : Path.of("runs", "unet-composite-" + objects), dataDir);
            }
            var s = p.settings();
            o.printf(Locale.ROOT, "%-8s unet-same, widths %s, %dx%dx3 in, 2 classes, %s loss%s%n", "model", s.widths(), s.size(), s.size(),
                    s.loss().name().toLowerCase(Locale.ROOT), s.elastic() > 0
                            ? String.format(Locale.ROOT, ", elastic deformation sigma %s px", trim(s.elastic())) : "");
            o.printf(Locale.ROOT, "%-8s %s; object pixels %.1f%%%n", "train", p.trainSet().description(), 100 * p.trainSet().objectFraction());
            o.printf(Locale.ROOT, "%-8s %s%n", "held out", p.testSet().description());
            o.printf(Locale.ROOT, "%-8s %s: %s%n", "recipe", p.recipe().name(), p.recipe().summary());
            o.printf(Locale.ROOT, "%-8s %s%n", "run", p.trainer().runDirectory().root());
            p.trainer().addListener(new ProgressDisplay(o, ProgressDisplay.isTerminal()));
            if (maxMinutes != null) {
                long deadline = System.nanoTime() + (long) (maxMinutes * 60e9);
                var trainer = p.trainer();
                trainer.addListener(new org.zoolab.train.RunListener() {
                    @Override
                    public void step(Step step) {
                        if (System.nanoTime() > deadline) trainer.requestStop();
                    }
                });
            }
            TrainingResult r = p.trainer().fit();
            SegmentationMetrics m = SegmentationRun.evaluate(p.trainer().graph(), p.testSet(), 32);
            o.printf(Locale.ROOT, "%-8s %d epochs, %d iterations in %s%s%n", "done", r.epochsDone(), r.iterations(),
                    ProgressDisplay.clock(Math.round(r.seconds())), r.status() == TrainingResult.Status.INTERRUPTED
                            ? " (stopped at --max-minutes; resume with zoolab segment train --resume " + r.runDir() + ")" : "");
            o.printf(Locale.ROOT, "%-8s pixel accuracy %.4f, mean IoU %.4f, Dice %.4f (final model, %d held-out composites)%n", "held out",
                    m.pixelAccuracy(), m.meanIou(), m.dice(), p.testSet().count());
            o.printf(Locale.ROOT, "%-8s %s%n", "model", r.model());
            return r.status() == TrainingResult.Status.INTERRUPTED ? 130 : Main.EXIT_OK;
        }
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** {@code zoolab segment eval}. */
    @Command(name = "eval", mixinStandardHelpOptions = true,
            description = "Pixel accuracy, mean IoU and Dice of a segmentation run's model on its held-out composites.")
    static final class Eval implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A run of zoolab segment train.")
        Path run;
        @Option(names = "--data-dir", paramLabel = "DIR", description = "Where data sets live.")
        Path dataDir;
        @Option(names = "--examples", paramLabel = "DIR", description = "Also write the first 16 held-out composites with overlays here.")
        Path examples;

        @Override
        public Integer call() {
            PrintStream o = System.out;
            SegmentationRun.Settings s = SegmentationRun.settings(run);
            Path file = RunDirectory.open(run).modelForEvaluation();
            ModelSource m = ModelSource.load(file.toString());
            var sets = SegmentationRun.data(s, dataDir);
            long t0 = System.nanoTime();
            SegmentationMetrics r = SegmentationRun.evaluate(m.graph(), sets[1], 32);
            o.printf(Locale.ROOT, "%-8s %s%n", "model", file);
            o.printf(Locale.ROOT, "%-8s %s, %.1f s%n", "data", sets[1].description(), (System.nanoTime() - t0) / 1e9);
            o.printf(Locale.ROOT, "%-8s %.4f%n", "pixel acc", r.pixelAccuracy());
            o.printf(Locale.ROOT, "%-8s %.4f (background %.4f, object %.4f)%n", "mean IoU", r.meanIou(), r.iou(0), r.iou(1));
            o.printf(Locale.ROOT, "%-8s %.4f (object)%n", "Dice", r.dice());
            List<MetricsLog.Row> rows = Files.exists(run.resolve("metrics.csv")) ? MetricsLog.read(run.resolve("metrics.csv")) : List.of();
            o.printf(Locale.ROOT, "%-8s %d epochs in metrics.csv%n", "history", rows.stream().filter(MetricsLog.Row::isEpoch).count());
            if (examples != null) {
                Segmenter seg = new Segmenter(m, 1 << (s.widths().size() - 1));
                sets[1].writePngs(examples, 16);
                for (int i = 0; i < Math.min(16, sets[1].count()); i++) {
                    Path img = examples.resolve(String.format(Locale.ROOT, "%04d.png", i));
                    Segmenter.Result p = seg.segment(Segmenter.read(img), 0);
                    int[] ref = Segmenter.maskLabels(Segmenter.read(examples.resolve(String.format(Locale.ROOT, "%04d_mask.png", i))), p.width(), p.height());
                    SegmentationOverlay.write(p.image(), p.labels(), ref, examples.resolve(String.format(Locale.ROOT, "%04d_overlay.png", i)));
                }
                o.printf(Locale.ROOT, "%-8s %s (NNNN.png, NNNN_mask.png, NNNN_overlay.png: prediction left, reference right)%n", "examples", examples);
            }
            return Main.EXIT_OK;
        }
    }

    /** {@code zoolab segment pairs}. */
    @Command(name = "pairs", mixinStandardHelpOptions = true,
            description = {"Segment real image/mask pairs (NAME.jpg + NAME_mask.png, e.g. the scene-text samples of Debian's",
                    "opencv-doc in /usr/share/doc/opencv-doc/examples/text/scenetext_segmented_word0*) and score each."})
    static final class Pairs implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "MODEL", description = "A segmentation run directory or model file.")
        String model;
        @Parameters(index = "1", paramLabel = "DIR", description = "Folder of image/mask pairs.")
        Path dir;
        @Option(names = "--out", paramLabel = "DIR", description = "Where overlays go (default: pairs-overlays).")
        Path out;
        @Option(names = "--long-side", paramLabel = "PX", defaultValue = "320", description = "Longer side the images are run at (default: ${DEFAULT-VALUE}).")
        int longSide;

        @Override
        public Integer call() {
            PrintStream o = System.out;
            ModelSource m = ModelSource.load(model);
            Segmenter seg = new Segmenter(m, multiple(model));
            Path to = out != null ? out : Path.of("pairs-overlays");
            long[][] total = new long[2][2];
            o.printf(Locale.ROOT, "%-32s %9s %9s %9s%n", "pair", "pixel acc", "IoU obj", "Dice");
            for (MaskPairs.Pair pair : MaskPairs.list(dir)) {
                Segmenter.Result r = seg.segment(Segmenter.read(pair.image()), longSide);
                int[] ref = Segmenter.maskLabels(Segmenter.read(pair.mask()), r.width(), r.height());
                SegmentationMetrics s = SegmentationMetrics.of(ref, r.labels(), 2);
                for (int a = 0; a < 2; a++) for (int p = 0; p < 2; p++) total[a][p] += s.confusion()[a][p];
                SegmentationOverlay.write(r.image(), r.labels(), ref, to.resolve(pair.name() + "_overlay.png"));
                o.printf(Locale.ROOT, "%-32s %9.4f %9.4f %9.4f%n", pair.name(), s.pixelAccuracy(), s.iou(1), s.dice());
            }
            SegmentationMetrics all = new SegmentationMetrics(total);
            o.printf(Locale.ROOT, "%-32s %9.4f %9.4f %9.4f  (mean IoU %.4f)%n", "all pixels", all.pixelAccuracy(), all.iou(1), all.dice(), all.meanIou());
            o.printf(Locale.ROOT, "%-8s %s (prediction left, reference right)%n", "wrote", to);
            return Main.EXIT_OK;
        }
    }
}
