package org.zoolab.data;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a pipeline's examples come from: a numbered set of labelled images, decoded on demand (from files, in
 * parallel by the pipeline's decode threads) or held in memory (MNIST, CIFAR-10). Implementations must be
 * thread-safe for {@link #load(int)}.
 */
public interface ImageSource {

    /** The number of examples. */
    int size();

    /** Decodes example {@code index} (no transforms applied); a file that cannot be used is a BadImageException. */
    Sample load(int index) throws BadImageException;

    /** The class index of an example without decoding it; -1 where there are no class labels. */
    int label(int index);

    /** The class names, index = label. Empty for segmentation. */
    List<String> classNames();

    /** The file path or record name of an example, as reported in bad-file reports. */
    String name(int index);

    /** One line for messages, e.g. "class folders /data/photos/train (3000 images, 10 classes)". */
    String describe();

    /**
     * A short digest of the content (file names, sizes, labels): a mean computed on this source records it, and
     * a pipeline refuses a mean whose fingerprint differs.
     */
    String fingerprint();

    /** The folder where statistics of this source (mean image, channel mean, PCA) are saved. */
    Path statsDir();

    /** {channels, height, width} when every example has that size (in-memory sets), else null. */
    default int[] fixedSize() {
        return null;
    }
}
