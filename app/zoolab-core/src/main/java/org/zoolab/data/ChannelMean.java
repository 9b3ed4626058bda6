package org.zoolab.data;

import java.util.Arrays;

/**
 * Subtracts one mean value per channel (VGG: "subtracting the mean RGB value, computed on the training set"),
 * in the pipeline's channel order, which is RGB: {@code mean[0]} is red.
 */
public final class ChannelMean implements ValueTransform {
    private final float[] mean;

    public ChannelMean(float[] mean) {
        this.mean = mean.clone();
    }

    public float[] mean() {
        return mean.clone();
    }

    @Override
    public void apply(FloatImage img) {
        if (img.channels() != mean.length) {
            throw new IllegalStateException("channel mean has " + mean.length + " values but the image has " + img.channels() + " channels");
        }
        float[] d = img.data();
        int plane = img.height() * img.width();
        for (int c = 0; c < mean.length; c++) {
            float m = mean[c];
            for (int i = c * plane, end = i + plane; i < end; i++) {
                d[i] -= m;
            }
        }
    }

    @Override
    public String describe() {
        return "channel-mean " + Arrays.toString(mean);
    }
}
