package org.zoolab.generative;

import java.util.List;

/**
 * A data set for a generative run: its name ({@code mnist}, {@code fashion-mnist}), training and test images,
 * and class names (for the latent scatter and class coverage).
 */
public record GenerativeData(String name, ImageSet train, ImageSet test, List<String> classNames) {

    public GenerativeData {
        if (!train.shape().equals(test.shape())) {
            throw new IllegalArgumentException("training and test images differ in shape");
        }
        classNames = List.copyOf(classNames);
    }

    /**
     * MNIST or Fashion-MNIST from the data directory ({@code null}: {@code $ZOOLAB_DATA} or
     * {@code ~/.zoolab/data}), installed with {@code zoolab data fetch NAME}.
     */
    public static GenerativeData load(String name, java.nio.file.Path dataDirOrNull) {
        if (!org.zoolab.data.IdxDataset.NAMES.contains(name)) {
            throw new org.zoolab.BadInputException("--data must be one of " + org.zoolab.data.IdxDataset.NAMES
                    + " for a generative model, got '" + name + "'");
        }
        org.zoolab.data.DataDirectory dir = org.zoolab.data.DataDirectory.resolve(dataDirOrNull);
        org.zoolab.data.IdxDataset train = org.zoolab.data.IdxDataset.load(dir, name, org.zoolab.data.Split.TRAIN);
        org.zoolab.data.IdxDataset test = org.zoolab.data.IdxDataset.load(dir, name, org.zoolab.data.Split.TEST);
        return new GenerativeData(name, ImageSet.of(train), ImageSet.of(test), train.classNames());
    }

    /** The first {@code n} training images only (a quick run or a test). */
    public GenerativeData limitTrain(int n) {
        return n >= train.size() ? this : new GenerativeData(name, train.subset(0, n), test, classNames);
    }

    /** The first {@code n} test images only. */
    public GenerativeData limitTest(int n) {
        return n >= test.size() ? this : new GenerativeData(name, train, test.subset(0, n), classNames);
    }
}
