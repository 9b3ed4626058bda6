package org.zoolab.data;

import org.zoolab.BadInputException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens the source a pipeline names, for training or for evaluation. This is the one place that knows where
 * data sets live and how the IDX (MNIST, Fashion-MNIST) and CIFAR-10 readers are reached.
 * <p>
 * Folder sources (class-folder, segmentation) read {@code DATA/<split>} where DATA is the folder given with
 * {@code --data}; when DATA has no {@code <split>} sub-folder, DATA itself is the split (handy for a quick
 * look at one folder of class folders).
 */
public final class ImageSources {
    private ImageSources() {
    }

    /**
     * @param spec     the pipeline
     * @param training the training split, else the evaluation split
     * @param data     the data set's folder, or null for the zoolab data directory's copy of the spec's data set
     * @param report   where scan-time problems go (empty files, empty class folders ...)
     */
    public static ImageSource open(PipelineSpec spec, boolean training, Path data, BadFileReport report) {
        PipelineSpec.SourceSpec s = spec.source();
        String split = training ? s.train() : s.eval();
        ImageDecoder decoder = new ImageDecoder(spec.decode().channels(), spec.decode().maxPixels());
        switch (s.type()) {
            case "class-folder" -> {
                return ClassFolderReader.open(splitDir(spec, data, split), decoder, report);
            }
            case "segmentation" -> {
                return SegmentationPairReader.open(splitDir(spec, data, split), s.images(), s.masks(), decoder,
                        s.classes(), s.encoding(), report);
            }
            case "idx", "cifar10" -> throw new BadInputException("pipeline " + spec.name() + " reads the " + s.dataset()
                    + " data set (source type " + s.type() + "), whose reader is not in this build yet");
            default -> throw new BadInputException(spec.file() + ": unknown source type " + s.type());
        }
    }

    private static Path splitDir(PipelineSpec spec, Path data, String split) {
        if (data == null) {
            throw new BadInputException("pipeline " + spec.name() + " reads the " + spec.source().dataset()
                    + " data set: give its folder with --data DIR (DIR/" + spec.source().train() + " and DIR/" + spec.source().eval()
                    + " hold the class folders)");
        }
        if (!Files.isDirectory(data)) {
            throw new BadInputException(data + ": no such directory");
        }
        Path dir = data.resolve(split);
        return Files.isDirectory(dir) ? dir : data;
    }
}
