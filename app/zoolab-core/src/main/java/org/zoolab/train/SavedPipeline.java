package org.zoolab.train;

import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.zoolab.BadInputException;
import org.zoolab.data.BadFileReport;
import org.zoolab.data.BadImageException;
import org.zoolab.data.ClassFolderReader;
import org.zoolab.data.ImageDecoder;
import org.zoolab.data.ImageSource;
import org.zoolab.data.ImageSources;
import org.zoolab.data.MeanStats;
import org.zoolab.data.Pipeline;
import org.zoolab.data.PipelineDataSetIterator;
import org.zoolab.data.PipelineSpec;
import org.zoolab.data.Sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The pipeline a run was trained with, as kept in its run directory ({@link PipelineRunFolder}), for evaluation
 * ({@link #evalData}) and prediction ({@link #predictionPipeline}, {@link #prepare}).
 *
 * @param spec  the pipeline
 * @param stats its statistics, or null when it needs none
 */
public record SavedPipeline(PipelineSpec spec, MeanStats stats) {

    /**
     * The pipeline of the model {@code modelOrRun} (a run directory or a model file in one), trained with
     * {@code input}; refuses a model trained with a pipeline whose run directory is not at hand.
     */
    public static SavedPipeline of(Path modelOrRun, ModelInput input) {
        Path run = PipelineRunFolder.runDirectoryOf(modelOrRun);
        PipelineRunFolder folder = run == null ? null : PipelineRunFolder.of(run);
        if (folder == null || !folder.exists()) {
            throw new BadInputException(modelOrRun + " was trained with pipeline " + input.pipeline() + "; its preprocessing"
                    + " (pipeline.yaml and mean statistics) is kept in the run directory's " + PipelineRunFolder.NAME
                    + "/ folder: give the run directory or a model file inside it");
        }
        PipelineSpec spec = folder.spec();
        MeanStats stats = null;
        if (Pipeline.needsStats(spec)) {
            Path json = folder.statsFile(spec);
            if (!Files.isRegularFile(json)) {
                throw new BadInputException(json + " is missing: the run's pipeline subtracts the mean kept there");
            }
            stats = MeanStats.load(json);
        }
        return new SavedPipeline(spec, stats);
    }

    /**
     * Evaluation batches through a run's pipeline.
     *
     * @param iterator the batches ({@code views} rows per image)
     * @param views    10 for ten-crop, else 1
     * @param source   what is evaluated, in words
     */
    public record EvalData(DataSetIterator iterator, int views, String source) {
    }

    /**
     * The evaluation images of {@code data} through the run's EVAL steps: for a class-folder pipeline DIR's
     * validation folder (the pipeline's eval split, val/ or test/), or DIR itself when it has no train/; its
     * classes must be the model's.
     */
    public EvalData evalData(String data, Path dataDir, PipelineSpec.EvalMode mode, List<String> modelClasses,
                             int batch, BadFileReport report) {
        return evalData(data, dataDir, mode, null, modelClasses, batch, report);
    }

    /**
     * As {@link #evalData(String, Path, PipelineSpec.EvalMode, List, int, BadFileReport)} with the shorter sides of
     * 144-crop ({@code scales}, null for the paper's); dense evaluation has no batches: use {@link #evalPipeline}.
     */
    public EvalData evalData(String data, Path dataDir, PipelineSpec.EvalMode mode, List<Integer> scales,
                             List<String> modelClasses, int batch, BadFileReport report) {
        Pipeline p = evalPipeline(data, dataDir, mode, scales, modelClasses, report);
        return new EvalData(new PipelineDataSetIterator(p, 0, report, 0, batch), p.views(), p.source().describe());
    }

    /**
     * The run's evaluation pipeline over the images of {@code data} (found as for {@link #evalData}), in
     * {@code mode}, with {@code scales} for 144-crop and dense (null for their defaults).
     */
    public Pipeline evalPipeline(String data, Path dataDir, PipelineSpec.EvalMode mode, List<Integer> scales,
                                 List<String> modelClasses, BadFileReport report) {
        ImageSource source;
        if (spec.source().type().equals("class-folder")) {
            Path root = Path.of(data);
            if (!Files.isDirectory(root)) {
                throw new BadInputException("--data " + data + ": no such directory (expected DIR/val/<class>/* or DIR/<class>/*)");
            }
            Path dir = PipelineData.validationDir(root, spec);
            if (dir == null) {
                if (Files.isDirectory(root.resolve(spec.source().train()))) {
                    throw new BadInputException(root + " has " + spec.source().train() + "/ but no " + spec.source().eval()
                            + "/, val/ or test/ folder to evaluate on; give that folder (or a tree of class folders) as --data");
                }
                dir = root;
            }
            ClassFolderReader r = ClassFolderReader.open(dir, new ImageDecoder(spec.decode().channels(), spec.decode().maxPixels()), report);
            if (!modelClasses.isEmpty() && !r.classNames().equals(modelClasses)) {
                throw new BadInputException(dir + ": its classes " + r.classNames() + " are not the model's " + modelClasses);
            }
            source = r;
        } else {
            source = ImageSources.open(spec, false, dataDir, report);
        }
        return Pipeline.eval(spec, source, stats, mode, scales);
    }

    /**
     * The run's EVAL pipeline (centre crop) for single images: {@link #prepare} turns a file's bytes into the
     * model's input.
     */
    public Pipeline predictionPipeline(List<String> classNames) {
        return Pipeline.eval(spec, new NoImages(classNames), stats, PipelineSpec.EvalMode.CENTER);
    }

    /** Decodes encoded image bytes and runs the pipeline's steps: {@code {c, h, w}} values, CHW order. */
    public static float[] prepare(Pipeline pipeline, byte[] encoded, String name) {
        PipelineSpec spec = pipeline.spec();
        ImageDecoder decoder = new ImageDecoder(spec.decode().channels(), spec.decode().maxPixels());
        try {
            ImageDecoder.Decoded d = decoder.decode(encoded);
            Sample s = Sample.of(d.image(), 0, name);
            return pipeline.run(s, Pipeline.sampleRandom(0, 0, 0)).get(0).image().data();
        } catch (BadImageException e) {
            throw new BadInputException(name + ": " + e.reason());
        }
    }

    /** A source with no images, for building a pipeline that runs on images given one at a time. */
    private record NoImages(List<String> classNames) implements ImageSource {
        @Override
        public int size() {
            return 0;
        }

        @Override
        public Sample load(int index) {
            throw new IndexOutOfBoundsException(index);
        }

        @Override
        public int label(int index) {
            throw new IndexOutOfBoundsException(index);
        }

        @Override
        public String name(int index) {
            throw new IndexOutOfBoundsException(index);
        }

        @Override
        public String describe() {
            return "images given one at a time";
        }

        @Override
        public String fingerprint() {
            return "";
        }

        @Override
        public Path statsDir() {
            return Path.of(".");
        }
    }
}
