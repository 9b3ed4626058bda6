package org.zoolab.data;

import org.zoolab.BadInputException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens the source a pipeline names, for training or for evaluation. This is the one place that knows where
 * data sets live and how the IDX (MNIST, Fashion-MNIST) and CIFAR-10 readers are reached.
 * <p>
 * Folder sources (class-folder, segmentation) read {@code DATA/<split>} where DATA is the folder given with
 * {@code --data} or, without it, the data set's folder in the zoolab data directory; when DATA has no
 * {@code <split>} sub-folder, DATA itself is the split (handy for a quick look at one folder of class folders,
 * e.g. the installed {@code photos}). In-memory sources (idx, cifar10) come from the zoolab data directory
 * ({@code dataRoot} overrides its location).
 */
public final class ImageSources {
    private ImageSources() {
    }

    /**
     * @param spec     the pipeline
     * @param training the training split, else the evaluation split
     * @param data     folder sources: the data set's folder; in-memory sources: the data directory; null for the default
     * @param report   where scan-time problems go (empty files, empty class folders ...)
     */
    public static ImageSource open(PipelineSpec spec, boolean training, Path data, BadFileReport report) {
        PipelineSpec.SourceSpec s = spec.source();
        String split = training ? s.train() : s.eval();
        ImageDecoder decoder = new ImageDecoder(spec.decode().channels(), spec.decode().maxPixels());
        Split idxSplit = training ? Split.TRAIN : Split.TEST;
        switch (s.type()) {
            case "class-folder" -> {
                return ClassFolderReader.open(splitDir(spec, data, split), decoder, report);
            }
            case "segmentation" -> {
                return SegmentationPairReader.open(splitDir(spec, data, split), s.images(), s.masks(), decoder,
                        s.classes(), s.encoding(), report);
            }
            case "idx" -> {
                return LabelledImageSources.idx(DataDirectory.resolve(data), s.dataset(), idxSplit);
            }
            case "cifar10" -> {
                return LabelledImageSources.cifar10(DataDirectory.resolve(data), idxSplit);
            }
            default -> throw new BadInputException(spec.file() + ": unknown source type " + s.type());
        }
    }

    private static Path splitDir(PipelineSpec spec, Path data, String split) {
        Path root = data != null ? data : DataDirectory.resolve(null).datasetDir(spec.source().dataset());
        if (!Files.isDirectory(root)) {
            throw new BadInputException(root + ": no such directory (pipeline " + spec.name() + " reads the "
                    + spec.source().dataset() + " data set; give its folder with --data DIR)");
        }
        Path dir = root.resolve(split);
        return Files.isDirectory(dir) ? dir : root;
    }
}
