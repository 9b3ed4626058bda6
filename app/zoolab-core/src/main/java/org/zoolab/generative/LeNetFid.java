package org.zoolab.generative;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * LeNet-FID: the Fréchet distance between real and generated images in the feature space of a LeNet-5 trained
 * by zoolab on the same data set (the 84 outputs of its F6 layer), instead of Inception-v3's pool features,
 * which know nothing of 28x28 digits. The same classifier gives class coverage ({@link ClassCoverage}).
 * <p>
 * Images come in [0, 1] at 28x28 and are zero-padded to the classifier's input size (32x32 for LeNet-5, as in
 * the data pipeline). Distances depend on the sample sizes; compare values computed with the same sizes, e.g.
 * generated-vs-real against real-vs-real with both halves of the test set.
 */
public final class LeNetFid {
    private final ComputationGraph classifier;
    private final String featureLayer;
    private final int inputHeight;
    private final int inputWidth;
    private static final int BATCH = 500;

    /**
     * @param classifier   a trained classifier whose single output is the class probabilities
     * @param featureLayer the layer whose activations are the features ({@code f6} for LeNet-5)
     * @param inputHeight  the classifier's input height (images are zero-padded to it)
     * @param inputWidth   the classifier's input width
     */
    public LeNetFid(ComputationGraph classifier, String featureLayer, int inputHeight, int inputWidth) {
        if (classifier.getLayer(featureLayer) == null) {
            throw new IllegalArgumentException("the classifier has no layer '" + featureLayer + "'");
        }
        this.classifier = classifier;
        this.featureLayer = featureLayer;
        this.inputHeight = inputHeight;
        this.inputWidth = inputWidth;
    }

    public ComputationGraph classifier() {
        return classifier;
    }

    /** Feature rows [N, d] of images [N, C, H, W] in [0, 1]. */
    public INDArray features(INDArray images) {
        INDArray[] parts = new INDArray[(int) ((images.size(0) + BATCH - 1) / BATCH)];
        for (int i = 0; i < parts.length; i++) {
            long from = (long) i * BATCH, to = Math.min(images.size(0), from + BATCH);
            INDArray batch = pad(images.get(NDArrayIndex.interval(from, to), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()));
            INDArray f = classifier.feedForward(batch, false).get(featureLayer);
            parts[i] = f.reshape(f.size(0), f.length() / f.size(0)).dup();
        }
        return parts.length == 1 ? parts[0] : Nd4j.vstack(parts);
    }

    /** The classifier's predicted class of each image [N, C, H, W] in [0, 1]. */
    public int[] predict(INDArray images) {
        int[] out = new int[(int) images.size(0)];
        for (long from = 0; from < images.size(0); from += BATCH) {
            long to = Math.min(images.size(0), from + BATCH);
            INDArray batch = pad(images.get(NDArrayIndex.interval(from, to), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()));
            INDArray probs = classifier.outputSingle(false, batch);
            INDArray arg = probs.argMax(1);
            for (int i = 0; i < to - from; i++) out[(int) from + i] = arg.getInt(i);
        }
        return out;
    }

    /** Fraction of images whose predicted class equals the label. */
    public double accuracy(ImageSet set) {
        int[] p = predict(set.all());
        int ok = 0;
        for (int i = 0; i < p.length; i++) if (p[i] == set.label(i)) ok++;
        return p.length == 0 ? Double.NaN : (double) ok / p.length;
    }

    /** LeNet-FID between two image sets [N, C, H, W] in [0, 1]. */
    public double distance(INDArray imagesA, INDArray imagesB) {
        return FrechetDistance.between(features(imagesA), features(imagesB));
    }

    private INDArray pad(INDArray images) {
        long h = images.size(2), w = images.size(3);
        if (h == inputHeight && w == inputWidth) return images.dup();
        if (h > inputHeight || w > inputWidth || (inputHeight - h) % 2 != 0 || (inputWidth - w) % 2 != 0) {
            throw new IllegalArgumentException("cannot pad " + h + "x" + w + " images to " + inputHeight + "x" + inputWidth);
        }
        long ph = (inputHeight - h) / 2, pw = (inputWidth - w) / 2;
        INDArray out = Nd4j.zeros(images.dataType(), images.size(0), images.size(1), inputHeight, inputWidth);
        out.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(ph, ph + h), NDArrayIndex.interval(pw, pw + w)).assign(images);
        return out;
    }
}
