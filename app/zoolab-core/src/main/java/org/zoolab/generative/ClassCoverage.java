package org.zoolab.generative;

/**
 * How many classes a classifier finds among generated images, to catch mode collapse: a class counts as covered
 * when at least {@code minShare} of the samples are classified into it (1% by default: 10 of 1,000 samples, a
 * tenth of a uniform share).
 *
 * @param counts  samples per predicted class
 * @param covered classes with at least {@code minCount} samples
 * @param minCount the threshold used
 */
public record ClassCoverage(int[] counts, int covered, int minCount) {

    /** The default share of samples a class needs to count as covered. */
    public static final double DEFAULT_MIN_SHARE = 0.01;

    /** Coverage of predicted classes {@code predictions} among {@code classes} classes. */
    public static ClassCoverage of(int[] predictions, int classes, double minShare) {
        int[] counts = new int[classes];
        for (int p : predictions) counts[p]++;
        int min = Math.max(1, (int) Math.ceil(minShare * predictions.length));
        int covered = 0;
        for (int c : counts) if (c >= min) covered++;
        return new ClassCoverage(counts, covered, min);
    }

    /** The number of classes. */
    public int classes() {
        return counts.length;
    }
}
