package org.zoolab.train;

import org.zoolab.BadInputException;
import org.zoolab.data.BadFileReport;
import org.zoolab.data.ImageSource;
import org.zoolab.data.MeanStats;
import org.zoolab.data.Pipeline;
import org.zoolab.data.PipelineSpec;
import org.zoolab.io.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The folder of a run directory that keeps the pipeline a run was trained with ({@value #NAME}/): the YAML as
 * trained ({@value #YAML_FILE}), the mean statistics it subtracted and the fingerprint of the training images
 * ({@value #IMAGES_FILE}), so {@code --resume}, {@code zoolab eval} and {@code zoolab predict} use exactly those
 * even if the original pipeline or mean file changes.
 */
public final class PipelineRunFolder {
    /** The folder's name in a run directory. */
    public static final String NAME = "pipeline";
    /** The pipeline's YAML. */
    public static final String YAML_FILE = "pipeline.yaml";
    /** The fingerprint and description of the training images: resume refuses other images. */
    public static final String IMAGES_FILE = "training-images.txt";

    private final Path folder;

    private PipelineRunFolder(Path folder) {
        this.folder = folder;
    }

    /** The folder of the run directory {@code runDir} (it may not exist yet). */
    public static PipelineRunFolder of(Path runDir) {
        return new PipelineRunFolder(runDir.resolve(NAME));
    }

    /**
     * The run directory a model belongs to: the directory itself, the folder of {@code model.zip}/{@code best.zip},
     * or the run of a checkpoint in {@code checkpoints/}; null when the file is not in a run directory.
     */
    public static Path runDirectoryOf(Path modelOrRun) {
        if (Files.isDirectory(modelOrRun)) {
            return modelOrRun;
        }
        Path parent = modelOrRun.toAbsolutePath().getParent();
        if (parent != null && Files.isDirectory(parent.resolve(NAME))) {
            return parent;
        }
        if (parent != null && parent.getFileName() != null && parent.getFileName().toString().equals("checkpoints")
                && parent.getParent() != null && Files.isDirectory(parent.getParent().resolve(NAME))) {
            return parent.getParent();
        }
        return null;
    }

    public Path path() {
        return folder;
    }

    /** Whether the folder keeps a pipeline. */
    public boolean exists() {
        return Files.isRegularFile(folder.resolve(YAML_FILE));
    }

    /** Keeps the pipeline, its statistics (may be null) and the training images' fingerprint; then the bad-file report. */
    public void save(PipelineSpec spec, MeanStats stats, ImageSource trainingImages, BadFileReport report, Path runDir) {
        try {
            Files.createDirectories(folder);
            AtomicFiles.writeString(folder.resolve(YAML_FILE), spec.yaml());
            AtomicFiles.writeString(folder.resolve(IMAGES_FILE), imagesLine(trainingImages) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + folder, e);
        }
        if (stats != null) {
            stats.save(folder);
        }
        report.writeTo(runDir);
    }

    /** The pipeline as trained. */
    public PipelineSpec spec() {
        Path yamlFile = folder.resolve(YAML_FILE);
        return PipelineSpec.parse(yamlFile.toString(), read(yamlFile, " is missing: the run was trained with a pipeline and keeps it there"));
    }

    /** The statistics file the pipeline needs (which may be missing). */
    public Path statsFile(PipelineSpec spec) {
        return MeanStats.jsonFile(folder, Pipeline.statsKey(spec));
    }

    /**
     * Refuses to resume on training images other than those the run was trained on (their fingerprint is kept
     * since the run started).
     */
    public void checkSameImages(Path runDir, String data, ImageSource trainingImages) {
        Path images = folder.resolve(IMAGES_FILE);
        if (Files.isRegularFile(images)) {
            String was = read(images, " is missing").strip();
            String now = imagesLine(trainingImages);
            if (!was.split("\t")[0].equals(now.split("\t")[0])) {
                throw new BadInputException(runDir + " was trained on other images than " + data + " holds now, so it cannot resume"
                        + " exactly: then " + was.replace('\t', ' ') + ", now " + now.replace('\t', ' '));
            }
        }
    }

    private static String imagesLine(ImageSource s) {
        return "fingerprint " + s.fingerprint() + "\t" + s.describe();
    }

    private static String read(Path file, String missing) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + missing);
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }
}
