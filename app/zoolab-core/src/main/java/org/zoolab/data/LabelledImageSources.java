package org.zoolab.data;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The in-memory data sets of the zoolab data directory (MNIST and Fashion-MNIST IDX, CIFAR-10 binary) as
 * pipeline sources. Pixels come as CHW bytes ({@link LabelledImages}), which {@link ArrayImageSource} takes as is;
 * statistics ({@code zoolab data mean cifar10}) are saved in the data set's folder.
 */
final class LabelledImageSources {
    private LabelledImageSources() {
    }

    /** {@code mnist} or {@code fashion-mnist}, one split. */
    static ImageSource idx(DataDirectory dir, String name, Split split) {
        return of(IdxDataset.load(dir, name, split), name, split, dir.datasetDir(name));
    }

    /** CIFAR-10, one split. */
    static ImageSource cifar10(DataDirectory dir, Split split) {
        return of(Cifar10Dataset.load(dir, split), Cifar10Dataset.NAME, split, dir.datasetDir(Cifar10Dataset.NAME));
    }

    static ImageSource of(LabelledImages d, String name, Split split, Path statsDir) {
        String description = name + " " + split.name().toLowerCase(Locale.ROOT) + " (" + d.size() + " images, "
                + d.numClasses() + " classes)";
        return new ArrayImageSource(description, d.size(), d.channels(), d.height(), d.width(), d::pixels, d::label,
                d.classNames(), statsDir.resolve(".zoolab"));
    }
}
