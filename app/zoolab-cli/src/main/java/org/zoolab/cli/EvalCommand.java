package org.zoolab.cli;

import org.zoolab.BadInputException;
import org.zoolab.data.BadFileReport;
import org.zoolab.data.Pipeline;
import org.zoolab.data.PipelineSpec;
import org.zoolab.train.DataSources;
import org.zoolab.train.DenseEvaluation;
import org.zoolab.train.EvaluationResult;
import org.zoolab.train.Evaluator;
import org.zoolab.train.ModelFile;
import org.zoolab.train.ModelInput;
import org.zoolab.train.SavedPipeline;
import org.zoolab.train.RunDirectory;
import org.zoolab.viz.ConfusionMatrixPlot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code zoolab eval}: top-1, top-5, per-class accuracy and the confusion matrix of a trained model on a test set. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate a trained model on a data set's test split.",
                "  zoolab eval runs/lenet5-mnist-20261122-210000",
                "  zoolab eval model.zip --data fashion-mnist --crop ten",
                "A run trained with --pipeline evaluates DIR/val (or DIR/test, or DIR itself without train/) through the run's",
                "own eval steps and mean: --crop center, or --crop ten (4 corners + centre, each mirrored, softmax averaged),",
                "--crop 144 (GoogLeNet: 4 scales x 3 squares x 6 crops x mirror) or --crop dense (VGG: fc layers as convolutions",
                "on the whole image and its mirror at each --scales Q, score maps averaged, softmax averaged over views).",
                "  zoolab eval runs/alexnet-photos-20261122-210000 --data photos --crop ten",
                "  zoolab eval runs/vgg-a-photos-20261122-210000 --data photos --crop dense --scales 256,384,512"})
public final class EvalCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_DIR|MODEL", description = "A run directory (its model.zip, best.zip or latest checkpoint) or a model file.")
    Path model;

    @Option(names = "--data", paramLabel = "NAME|DIR", description = "Data set, or image directory for a pipeline run (default: the one the model was trained on).")
    String data;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where data sets live.")
    Path dataDir;

    @Option(names = "--crop", paramLabel = "center|ten|144|dense", defaultValue = "center", description = "Test views: centre crop, ten-crop, GoogLeNet's 144 crops or VGG's dense evaluation (144, dense: pipeline runs only; default: ${DEFAULT-VALUE}).")
    String crop;

    @Option(names = "--scales", paramLabel = "Q1,Q2,...", split = ",", description = "Shorter sides for --crop dense (default: the pipeline's eval size; the paper: 256,384,512) or --crop 144 (default: 256,288,320,352).")
    List<Integer> scales;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "256", description = "Evaluation batch size in images; with --crop 144, B/144 images (at least 1) per forward pass (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write confusion.csv, confusion.png, per-class.csv, summary.json (default: RUN_DIR/eval, or beside the model file).")
    Path out;

    @Override
    public Integer call() {
        PrintStream o = System.out;
        boolean isRun = Files.isDirectory(model);
        if (!isRun && !Files.exists(model)) {
            throw new BadInputException(model + ": no such run directory or model file (eval needs a trained model)");
        }
        Path file = isRun ? RunDirectory.open(model).modelForEvaluation() : model;
        ModelFile.Contents c = ModelFile.read(file, false);
        ModelInput in = c.input();
        String d = data != null ? data : in != null ? in.data() : null;
        if (d == null) throw new BadInputException(file + " does not say what data it was trained on: give --data");
        int pad = in != null ? in.pad() : 0;
        PipelineSpec.EvalMode views = switch (crop) {
            case "center", "centre" -> PipelineSpec.EvalMode.CENTER;
            case "ten" -> PipelineSpec.EvalMode.TEN_CROP;
            case "144" -> PipelineSpec.EvalMode.CROPS_144;
            case "dense" -> PipelineSpec.EvalMode.DENSE;
            default -> throw new BadInputException("--crop " + crop + ": expected center, ten, 144 or dense");
        };
        boolean rescales = views == PipelineSpec.EvalMode.CROPS_144 || views == PipelineSpec.EvalMode.DENSE;
        if (scales != null && !rescales) {
            throw new BadInputException("--scales applies to --crop dense and --crop 144, not --crop " + crop);
        }
        if (scales != null && (scales.isEmpty() || scales.stream().anyMatch(q -> q == null || q < 1))) {
            throw new BadInputException("--scales " + scales + ": expected positive shorter sides, e.g. 256,384,512");
        }
        String cropName = switch (views) {
            case CENTER -> "center";
            case TEN_CROP -> "ten";
            case CROPS_144 -> "144";
            case DENSE -> "dense";
        };
        long t0 = System.nanoTime();
        EvaluationResult r;
        String what;
        BadFileReport report = new BadFileReport(false);
        if (in != null && in.pipeline() != null) {
            // trained through an image pipeline: the run's own eval steps (and mean) and its test views
            SavedPipeline saved = SavedPipeline.of(isRun ? model : file, in);
            if (views == PipelineSpec.EvalMode.DENSE) {
                Pipeline p = saved.evalPipeline(d, dataDir, views, scales, in.classNames(), report);
                DenseEvaluation dense = DenseEvaluation.of(c.graph());
                o.printf(Locale.ROOT, "%-8s %s; %s%n", "dense", dense.net(), p.describe());
                r = dense.evaluate(p, report, in.classNames());
                what = p.source().describe() + " through pipeline " + saved.spec().name();
            } else {
                int images = views == PipelineSpec.EvalMode.CROPS_144 ? Math.max(1, batch / 144) : batch;
                SavedPipeline.EvalData ed = saved.evalData(d, dataDir, views, scales, in.classNames(), images, report);
                r = new Evaluator(c.graph(), ed.views()).evaluate(ed.iterator(), in.classNames());
                what = ed.source() + " through pipeline " + saved.spec().name();
            }
        } else {
            if (rescales) {
                throw new BadInputException("--crop " + crop + " rescales the decoded images, so it needs a model trained through an"
                        + " image pipeline (zoolab train --pipeline); " + file + " was trained on " + d + " as arrays");
            }
            Evaluator.Crop mode = views == PipelineSpec.EvalMode.TEN_CROP ? Evaluator.Crop.TEN : Evaluator.Crop.CENTER;
            int[] hw = in == null ? null : new int[]{in.height(), in.width()};
            var names = in != null && !in.classNames().isEmpty() ? in.classNames() : DataSources.shape(d, dataDir).classNames();
            r = new Evaluator(c.graph(), mode, hw).evaluate(DataSources.test(d, dataDir, batch, pad), names);
            what = d + " test split";
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Path dir = out != null ? out : isRun ? model.resolve("eval") : file.toAbsolutePath().getParent().resolve(file.getFileName() + "-eval");
        r.writeConfusionCsv(dir.resolve("confusion.csv"));
        r.writePerClassCsv(dir.resolve("per-class.csv"));
        ConfusionMatrixPlot.write(r, dir.resolve("confusion.png"));
        r.writeSummaryJson(dir.resolve("summary.json"), file.toString(), what, cropName, seconds);
        o.printf(Locale.ROOT, "%-8s %s%n", "model", file);
        o.printf(Locale.ROOT, "%-8s %s: %,d images (%s crop), %.1f s%n", "data", what, r.examples(), cropName, seconds);
        if (!report.isEmpty()) {
            report.writeTo(dir);
            o.printf(Locale.ROOT, "%-8s %s (listed in %s)%n", "skipped", report.summary(), dir.resolve(BadFileReport.FILE_NAME));
        }
        o.printf(Locale.ROOT, "%-8s %6.2f%%%n", "top-1", 100 * r.top1());
        o.printf(Locale.ROOT, "%-8s %6.2f%%%n", "top-5", 100 * r.top5());
        o.printf(Locale.ROOT, "%-8s %.4f (mean cross-entropy)%n", "loss", r.loss());
        if (r.numClasses() <= 20) {
            o.println("per class (accuracy, images):");
            int w = r.classNames().stream().mapToInt(String::length).max().orElse(5);
            double[] acc = r.perClassAccuracy();
            for (int k = 0; k < r.numClasses(); k++) {
                o.printf(Locale.ROOT, "  %-" + w + "s  %6.2f%%  %,6d%n", r.classNames().get(k), 100 * acc[k], r.support(k));
            }
        } else {
            o.printf(Locale.ROOT, "%-8s per-class accuracy of %d classes in %s%n", "", r.numClasses(), dir.resolve("per-class.csv"));
        }
        o.printf(Locale.ROOT, "%-8s %s (confusion.csv, confusion.png, per-class.csv, summary.json)%n", "wrote", dir);
        return Main.EXIT_OK;
    }
}
