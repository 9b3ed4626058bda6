package org.zoolab.generative;

import java.util.List;

/**
 * A data set for a generative run: its name ({@code mnist}, {@code fashion-mnist}), training and test images,
 * and class names (for the latent scatter and class coverage).
 */
public record GenerativeData(String name, ImageSet train, ImageSet test, List<String> classNames) {

    public GenerativeData {
        if (train.channels() != test.channels() || train.height() != test.height() || train.width() != test.width()) {
            throw new IllegalArgumentException("training and test images differ in shape");
        }
        classNames = List.copyOf(classNames);
    }

    /** The first {@code n} training images only (a quick run or a test). */
    public GenerativeData limitTrain(int n) {
        return n >= train.size() ? this : new GenerativeData(name, train.subset(0, n), test, classNames);
    }

    /** The first {@code n} test images only. */
    public GenerativeData limitTest(int n) {
        return n >= test.size() ? this : new GenerativeData(name, train, test.subset(0, n), classNames);
    }

    /** Class names of MNIST. */
    public static final List<String> MNIST_CLASSES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    /** Class names of Fashion-MNIST. */
    public static final List<String> FASHION_MNIST_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
            "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
}
