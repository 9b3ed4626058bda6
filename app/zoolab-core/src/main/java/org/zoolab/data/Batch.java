package org.zoolab.data;

import java.util.List;

/**
 * One batch as the pipeline made it: features as float32 NCHW in one array, and per example the class label
 * (or, for segmentation, an {@code H x W} mask of class indices). Where files were skipped the batch is smaller
 * than the batch size; every example keeps its own label, so nothing shifts. In ten-crop evaluation each image
 * gives {@code views} consecutive examples.
 *
 * @param features NCHW, {@code examples * channels * height * width} values
 * @param labels   class index per example (-1 for segmentation)
 * @param masks    segmentation only: {@code examples * height * width} class indices, else null
 * @param names    file or record name per example
 * @param skipped  how many files of this batch were skipped as bad
 */
public record Batch(float[] features, int examples, int channels, int height, int width, int[] labels, float[] masks,
                    int views, List<String> names, int skipped) {

    /** {@code [examples, channels, height, width]} */
    public long[] shape() {
        return new long[]{examples, channels, height, width};
    }

    /** Example {@code i} as an image (a copy). */
    public FloatImage image(int i) {
        int n = channels * height * width;
        float[] d = new float[n];
        System.arraycopy(features, i * n, d, 0, n);
        return new FloatImage(channels, height, width, d);
    }
}
