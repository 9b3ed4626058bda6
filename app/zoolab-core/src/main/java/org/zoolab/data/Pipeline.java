package org.zoolab.data;

import org.zoolab.BadInputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * A {@link PipelineSpec} made concrete for one source and one use: training (random steps, shuffled each
 * epoch), evaluation (the eval steps in order: centre crop, or several {@link TestViews} per image: ten-crop,
 * 144-crop, dense), a preview (training steps without the
 * value-normalising ones, so the picture is in pixel units), or the fixed leading steps over which
 * {@code zoolab data mean} computes statistics.
 * <p>
 * Randomness: each example of each epoch gets its own generator seeded from (seed, epoch, example index), and
 * the epoch's order from (seed, epoch); so the same seed gives the same order, crops, flips and colour noise,
 * whatever the number of decode threads.
 */
public final class Pipeline {

    /** What the pipeline is for. */
    public enum Mode { TRAIN, EVAL, EVAL_TEN_CROP, EVAL_144_CROP, EVAL_DENSE, PREVIEW, STATS }

    private final PipelineSpec spec;
    private final Mode mode;
    private final ImageSource source;
    private final List<Transform> head;
    private final TestViews views;
    private final List<Transform> tail;
    private final int channels;
    private final int[] outputSize;
    private final int numClasses;
    private final List<String> notes;

    private Pipeline(PipelineSpec spec, Mode mode, ImageSource source, List<Transform> head, TestViews views,
                     List<Transform> tail, int[] outputSize, List<String> notes) {
        this.spec = spec;
        this.mode = mode;
        this.source = source;
        this.head = List.copyOf(head);
        this.views = views;
        this.tail = List.copyOf(tail);
        int[] fixed = source.fixedSize();
        this.channels = fixed != null ? fixed[0] : spec.decode().channels();
        this.outputSize = outputSize;
        this.numClasses = spec.source().type().equals("segmentation") ? spec.source().classes() : source.classNames().size();
        this.notes = List.copyOf(notes);
    }

    /** The training pipeline; {@code stats} may be null only when no step needs statistics. */
    public static Pipeline train(PipelineSpec spec, ImageSource source, MeanStats stats) {
        return build(spec, Mode.TRAIN, source, stats, spec.train(), -1, -1, null);
    }

    /** The evaluation pipeline, with the training set's statistics; 144-crop and dense at their default scales. */
    public static Pipeline eval(PipelineSpec spec, ImageSource source, MeanStats stats, PipelineSpec.EvalMode evalMode) {
        return eval(spec, source, stats, evalMode, null);
    }

    /**
     * The evaluation pipeline, with the training set's statistics. {@code scales} (shorter sides) apply to
     * 144-crop (default {@link GoogLeNetCrops#PAPER_SCALES}) and dense (default: the size of the eval
     * scale-shorter-side they replace); null for the defaults.
     */
    public static Pipeline eval(PipelineSpec spec, ImageSource source, MeanStats stats, PipelineSpec.EvalMode evalMode,
                                List<Integer> scales) {
        if (!spec.evalModes().contains(evalMode)) {
            throw new BadInputException(spec.file() + ": evaluation mode '" + evalMode.yamlName() + "' is not among its eval-modes "
                    + spec.evalModes().stream().map(PipelineSpec.EvalMode::yamlName).toList());
        }
        if (scales != null && evalMode != PipelineSpec.EvalMode.CROPS_144 && evalMode != PipelineSpec.EvalMode.DENSE) {
            throw new BadInputException("scales " + scales + " apply to 144-crop and dense evaluation, not " + evalMode.yamlName());
        }
        int at = spec.rescaleStep();
        return switch (evalMode) {
            case CENTER -> build(spec, Mode.EVAL, source, stats, spec.eval(), -1, -1, null);
            case TEN_CROP -> build(spec, Mode.EVAL_TEN_CROP, source, stats, spec.eval(), spec.tenCropStep(), spec.tenCropStep(),
                    new TenCrop(spec.eval().get(spec.tenCropStep()).integer("size")));
            case CROPS_144 -> {
                int size = spec.eval().get(at + 1).integer("size");
                List<Integer> q = scales != null ? scales : GoogLeNetCrops.PAPER_SCALES;
                for (int s : q) {
                    if (s < size) {
                        throw new BadInputException("144-crop scale " + s + " is below the crop size " + size + " of " + spec.file());
                    }
                }
                yield build(spec, Mode.EVAL_144_CROP, source, stats, spec.eval(), at, at + 1, new GoogLeNetCrops(size, q));
            }
            case DENSE -> build(spec, Mode.EVAL_DENSE, source, stats, spec.eval(), at, at + 1,
                    new DenseViews(scales != null ? scales : List.of(spec.eval().get(at).integer("size"))));
        };
    }

    /**
     * The training steps without mean subtraction and value scaling, for looking at: values stay in pixel units.
     * PCA colour noise is kept when statistics are given, left out (and noted) otherwise.
     */
    public static Pipeline preview(PipelineSpec spec, ImageSource source, MeanStats statsOrNull) {
        return build(spec, Mode.PREVIEW, source, statsOrNull, spec.train(), -1, -1, null);
    }

    /** The fixed leading training steps, over which statistics are computed (output size may vary). */
    public static Pipeline statsPrefix(PipelineSpec spec, ImageSource source) {
        return build(spec, Mode.STATS, source, null, statsPrefixSteps(spec), -1, -1, null);
    }

    /** Whether any training or evaluation step needs {@code zoolab data mean}. */
    public static boolean needsStats(PipelineSpec spec) {
        return spec.train().stream().anyMatch(PipelineSpec.StepSpec::usesStats)
                || spec.eval().stream().anyMatch(PipelineSpec.StepSpec::usesStats);
    }

    /** The statistics key: the fixed leading training steps, e.g. "warp 256x256", or "decoded" if none. */
    public static String statsKey(PipelineSpec spec) {
        List<PipelineSpec.StepSpec> prefix = statsPrefixSteps(spec);
        if (prefix.isEmpty()) {
            return "decoded";
        }
        return prefix.stream().map(s -> s.create(new StepKind.StepContext(spec, null, null, spec.file())).describe())
                .collect(Collectors.joining(", "));
    }

    private static List<PipelineSpec.StepSpec> statsPrefixSteps(PipelineSpec spec) {
        List<PipelineSpec.StepSpec> prefix = new ArrayList<>();
        for (PipelineSpec.StepSpec s : spec.train()) {
            if (s.usesStats() || s.normalises() || s.create(new StepKind.StepContext(spec, null, null, spec.file())).isRandom()) {
                break;
            }
            prefix.add(s);
        }
        return prefix;
    }

    /**
     * Loads the statistics a pipeline needs from the training source's stats folder (or {@code file} if not
     * null) and checks they were computed on that source after the same leading steps; null when the pipeline
     * needs none.
     */
    public static MeanStats loadStats(PipelineSpec spec, ImageSource trainSource, Path file) {
        if (!needsStats(spec) && file == null) {
            return null;
        }
        String key = statsKey(spec);
        Path json = file != null ? file : MeanStats.jsonFile(trainSource.statsDir(), key);
        if (!Files.isRegularFile(json)) {
            throw new BadInputException("pipeline " + spec.name() + " subtracts a mean computed on its training data, and "
                    + json + " does not exist; run: zoolab data mean " + spec.name() + " (for " + trainSource.describe() + ")");
        }
        MeanStats stats = MeanStats.load(json);
        stats.checkMatches(json, trainSource, key);
        return stats;
    }

    /** Builds the steps; {@code views} (when not null) replace steps {@code viewsFrom..viewsTo}. */
    private static Pipeline build(PipelineSpec spec, Mode mode, ImageSource source, MeanStats stats,
                                  List<PipelineSpec.StepSpec> steps, int viewsFrom, int viewsTo, TestViews views) {
        List<Transform> head = new ArrayList<>();
        List<Transform> tail = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        boolean inTail = false;
        int[] fixed = source.fixedSize();
        int[] size = fixed == null ? null : new int[]{fixed[1], fixed[2]};
        String phase = mode == Mode.TRAIN || mode == Mode.PREVIEW || mode == Mode.STATS ? "train" : "eval";
        for (int i = 0; i < steps.size(); i++) {
            PipelineSpec.StepSpec s = steps.get(i);
            String where = spec.file() + ", " + phase + "[" + i + "] " + s.kind();
            if (mode == Mode.PREVIEW && s.normalises()) {
                continue;
            }
            if (s.usesStats() && stats == null) {
                if (mode == Mode.PREVIEW) {
                    notes.add(s.kind() + " left out (no statistics yet: zoolab data mean " + spec.name() + ")");
                    continue;
                }
                throw new BadInputException(where + ": needs the training set's statistics (zoolab data mean " + spec.name() + ")");
            }
            if (views != null && i >= viewsFrom && i <= viewsTo) {
                size = views.outputSize();
                inTail = true;
                continue;
            }
            Transform t = s.create(new StepKind.StepContext(spec, stats, size, where));
            size = t.outputSize(size);
            (inTail ? tail : head).add(t);
        }
        if (size == null && mode != Mode.STATS && mode != Mode.EVAL_DENSE) {
            throw new BadInputException(spec.file() + ": the " + phase + " steps end with images of varying size;"
                    + " end them with a crop or a warp so a batch has one shape");
        }
        return new Pipeline(spec, mode, source, head, views, tail, size, notes);
    }

    /** Runs the steps on one decoded example: one output, or {@link #views()} of them (ten-crop, 144-crop, dense). */
    public List<Sample> run(Sample s, RandomGenerator rng) throws BadImageException {
        if (s.image().channels() != channels) {
            throw new IllegalStateException(s.name() + ": decoded " + s.image().shape() + ", expected " + channels + " channels");
        }
        for (Transform t : head) {
            t.apply(s, rng);
        }
        if (views == null) {
            return List.of(s);
        }
        List<Sample> out = new ArrayList<>(views.count());
        for (FloatImage view : views.views(s.image())) {
            Sample v = Sample.of(view, s.label(), s.name());
            for (Transform t : tail) {
                t.apply(v, rng);
            }
            out.add(v);
        }
        return out;
    }

    /** The generator of one example in one epoch. */
    public static RandomGenerator sampleRandom(long seed, int epoch, int index) {
        return new SplittableRandom(mix(mix(seed, epoch), index));
    }

    /** The order of the examples in an epoch: shuffled for training, in source order otherwise. */
    public int[] order(long seed, int epoch) {
        int n = source.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (mode == Mode.TRAIN || mode == Mode.PREVIEW) {
            SplittableRandom rng = new SplittableRandom(mix(mix(seed, epoch), -1L));
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    private static long mix(long a, long b) {
        long z = a * 0x9E3779B97F4A7C15L + b + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Batches of one epoch with the spec's batch size, prefetch depth and decode threads. */
    public PrefetchIterator batches(long seed, int epoch, BadFileReport report) {
        return batches(seed, epoch, report, spec.batchSize(), spec.decodeThreads(), spec.prefetch());
    }

    /** Batches of one epoch with explicit settings. */
    public PrefetchIterator batches(long seed, int epoch, BadFileReport report, int batchSize, int threads, int prefetch) {
        if (mode == Mode.EVAL_DENSE) {
            throw new IllegalStateException("dense views differ in size from image to image: run each image (run) and score"
                    + " its views one scale at a time");
        }
        return new PrefetchIterator(this, order(seed, epoch), batchSize, threads, prefetch, seed, epoch, report);
    }

    public PipelineSpec spec() {
        return spec;
    }

    public Mode mode() {
        return mode;
    }

    public ImageSource source() {
        return source;
    }

    /** The steps as built, for messages: "warp 256x256 -> mean-image 256x256 -> random-crop 227 ...". */
    public String describe() {
        List<String> parts = new ArrayList<>();
        head.forEach(t -> parts.add(t.describe()));
        if (views != null) {
            parts.add(views.describe());
            tail.forEach(t -> parts.add(t.describe()));
        }
        return parts.isEmpty() ? "(no steps)" : String.join(" -> ", parts);
    }

    /** Channels of the output. */
    public int channels() {
        return channels;
    }

    /** {height, width} of the output, or null (statistics prefix or dense views: the size varies). */
    public int[] outputSize() {
        return outputSize == null ? null : outputSize.clone();
    }

    /** Outputs per example: 10 in ten-crop mode, 144 in 144-crop mode, 2 per scale in dense mode, else 1. */
    public int views() {
        return views == null ? 1 : views.count();
    }

    /** The views that replace the centre crop, or null (training, centre crop). */
    public TestViews testViews() {
        return views;
    }

    /** Number of classes (labels, or mask classes for segmentation). */
    public int numClasses() {
        return numClasses;
    }

    /** Whether the labels are masks. */
    public boolean segmentation() {
        return spec.source().type().equals("segmentation");
    }

    /** Steps left out (previews without statistics). */
    public List<String> notes() {
        return notes;
    }
}
