package org.zoolab.data;

/**
 * Subtracts a per-pixel mean image (AlexNet: "subtracting the mean activity over the training set from each
 * pixel"; the ResNet paper's CIFAR recipe). The mean has a fixed size, so the step must come after a fixed-size
 * step (warp, crop) or on a fixed-size source; the pipeline checks that when it is built, naming both sizes.
 */
public final class MeanImage implements ValueTransform {
    private final FloatImage mean;

    public MeanImage(FloatImage mean) {
        this.mean = mean;
    }

    public FloatImage mean() {
        return mean;
    }

    @Override
    public void apply(FloatImage img) {
        if (img.channels() != mean.channels() || img.height() != mean.height() || img.width() != mean.width()) {
            throw new IllegalStateException("mean image is " + mean.shape() + " but the image is " + img.shape());
        }
        float[] d = img.data();
        float[] m = mean.data();
        for (int i = 0; i < d.length; i++) {
            d[i] -= m[i];
        }
    }

    @Override
    public String describe() {
        return "mean-image " + mean.height() + "x" + mean.width();
    }
}
