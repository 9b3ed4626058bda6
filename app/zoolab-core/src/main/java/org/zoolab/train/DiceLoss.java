package org.zoolab.train;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Soft Dice loss for a per-pixel softmax (Milletari, Navab &amp; Ahmadi 2016, V-Net, with the common
 * {@code sum p + sum g} denominator): for each image and class c,
 * {@code D_c = (2 sum(p_c g_c) + 1) / (sum p_c + sum g_c + 1)}; the image's loss is {@code 1 - mean_c D_c}.
 * <p>
 * DL4J's {@code CnnLossLayer} hands a loss the pixels as rows {@code [n*H*W, C]}, image by image, and divides the
 * score by the minibatch size; the updater divides gradients by it. So this loss returns the sum of the images'
 * losses and its gradient, and the training score is the mean per-image Dice loss. It needs the number of pixels
 * per image, fixed by the network's input size. Each pixel row's score is its image's loss spread evenly over the
 * image's pixels. Masks are not supported.
 */
public final class DiceLoss implements ILossFunction {
    private static final long serialVersionUID = 1L;
    private static final double SMOOTH = 1.0;

    @JsonProperty("pixelsPerImage")
    private final long pixelsPerImage;

    /** @param pixelsPerImage H*W of the output map */
    @JsonCreator
    public DiceLoss(@JsonProperty("pixelsPerImage") long pixelsPerImage) {
        if (pixelsPerImage < 1) throw new IllegalArgumentException("pixelsPerImage must be positive, got " + pixelsPerImage);
        this.pixelsPerImage = pixelsPerImage;
    }

    public long pixelsPerImage() {
        return pixelsPerImage;
    }

    /** Per image, per class: [sum p*g, sum p + sum g]; and the gradient w.r.t. p when asked. */
    private double[] imageLosses(INDArray labels, INDArray p, INDArray dLdp) {
        long rows = labels.size(0);
        int classes = (int) labels.size(1);
        if (rows % pixelsPerImage != 0) {
            throw new IllegalStateException(rows + " pixel rows are not a whole number of " + pixelsPerImage + "-pixel images");
        }
        int images = (int) (rows / pixelsPerImage);
        double[] g = labels.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup('c').data().asDouble();
        double[] q = p.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup('c').data().asDouble();
        double[] grad = dLdp == null ? null : new double[q.length];
        double[] loss = new double[images];
        int ppi = (int) pixelsPerImage;
        for (int im = 0; im < images; im++) {
            double meanDice = 0;
            for (int c = 0; c < classes; c++) {
                double inter = 0, union = 0;
                for (int r = im * ppi; r < (im + 1) * ppi; r++) {
                    inter += q[r * classes + c] * g[r * classes + c];
                    union += q[r * classes + c] + g[r * classes + c];
                }
                double num = 2 * inter + SMOOTH, den = union + SMOOTH;
                meanDice += num / den / classes;
                if (grad != null) {
                    for (int r = im * ppi; r < (im + 1) * ppi; r++) {
                        double dD = (2 * g[r * classes + c] * den - num) / (den * den);
                        grad[r * classes + c] = -dD / classes;
                    }
                }
            }
            loss[im] = 1 - meanDice;
        }
        if (grad != null) dLdp.assign(org.nd4j.linalg.factory.Nd4j.create(grad, labels.shape(), 'c').castTo(dLdp.dataType()));
        return loss;
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask, boolean average) {
        double[] l = imageLosses(labels, activationFn.getActivation(preOutput.dup(), false), null);
        double s = 0;
        for (double v : l) s += v;
        return average ? s / l.length : s;
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        double[] l = imageLosses(labels, activationFn.getActivation(preOutput.dup(), false), null);
        INDArray out = org.nd4j.linalg.factory.Nd4j.create(preOutput.dataType(), labels.size(0), 1);
        for (int im = 0; im < l.length; im++) {
            for (long r = im * pixelsPerImage; r < (im + 1) * pixelsPerImage; r++) out.putScalar(r, 0, l[im] / pixelsPerImage);
        }
        return out;
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray p = activationFn.getActivation(preOutput.dup(), true);
        INDArray dLdp = p.ulike();
        imageLosses(labels, p, dLdp);
        return activationFn.backprop(preOutput.dup(), dLdp).getFirst();
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                          INDArray mask, boolean average) {
        return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
                computeGradient(labels, preOutput, activationFn, mask));
    }

    @Override
    public String name() {
        return "dice";
    }

    @Override
    public String toString() {
        return "DiceLoss(" + pixelsPerImage + " pixels per image)";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DiceLoss d && d.pixelsPerImage == pixelsPerImage;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(pixelsPerImage);
    }
}
