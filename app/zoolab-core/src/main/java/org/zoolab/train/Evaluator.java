package org.zoolab.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.zoolab.zoo.AuxiliaryOutputs;

import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates a classifier: top-1, top-5, mean cross-entropy, per-class accuracy and the confusion matrix, from the
 * network's class probabilities (its main output, {@link AuxiliaryOutputs#mainOutput}; auxiliary heads are ignored). A per-pixel
 * classifier (output {@code [n, classes, H, W]}, U-Net) is scored per pixel: every pixel counts as one example, so
 * top-1 is the pixel accuracy and the confusion matrix counts pixels.
 * With {@link Crop#TEN} each image is scored as the mean of the probabilities of ten crops of the model's input
 * size (four corners and the centre, and their mirror images; Krizhevsky et al. 2012); with {@link Crop#CENTER}
 * a larger image is centre-cropped. Images already of the model's size are used as they are.
 * <p>
 * Data that already holds several views of each image (a pipeline's ten-crop: rows {@code i*views .. i*views+views-1}
 * are the views of image {@code i}) is scored with {@code views > 1}: the views' probabilities are averaged and
 * each image counts once.
 */
public final class Evaluator {

    /** How test images larger than the model's input are cropped. */
    public enum Crop { CENTER, TEN }

    private final ComputationGraph graph;
    private final int output;
    private final Crop crop;
    private final int[] inputHW;
    private final int views;

    /** Evaluates images as they come (no cropping). */
    public Evaluator(ComputationGraph graph) {
        this(graph, Crop.CENTER, null);
    }

    /**
     * @param crop    how to crop images larger than the model's input
     * @param inputHW the model's input {height, width}; null to use images as they come
     */
    public Evaluator(ComputationGraph graph, Crop crop, int[] inputHW) {
        this(graph, crop, inputHW, 1);
    }

    /**
     * Evaluates data whose consecutive {@code views} rows are views of one image (softmax averaged), used as
     * they come (no cropping).
     */
    public Evaluator(ComputationGraph graph, int views) {
        this(graph, Crop.CENTER, null, views);
    }

    private Evaluator(ComputationGraph graph, Crop crop, int[] inputHW, int views) {
        if (views < 1) throw new IllegalArgumentException("views must be >= 1, got " + views);
        this.graph = graph;
        this.output = mainOutput(graph);
        this.crop = crop;
        this.inputHW = inputHW == null ? null : inputHW.clone();
        this.views = views;
    }

    /** Index of the main output among the graph's outputs (the zoo's declared role: {@link AuxiliaryOutputs}). */
    public static int mainOutput(ComputationGraph graph) {
        return AuxiliaryOutputs.mainOutput(graph);
    }

    /** Evaluates every batch of {@code data} (reset first when it supports it). */
    public EvaluationResult evaluate(DataSetIterator data, List<String> classNames) {
        if (data.resetSupported()) data.reset();
        Tally tally = new Tally();
        while (data.hasNext()) {
            DataSet ds = data.next();
            INDArray probs = probabilities(ds.getFeatures());
            INDArray labels = ds.getLabels().castTo(probs.dataType());
            if (views > 1) {
                probs = org.zoolab.data.PipelineDataSetIterator.averageViews(probs, views);
                labels = labels.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, views, labels.size(0)),
                        org.nd4j.linalg.indexing.NDArrayIndex.all()).dup();
            }
            tally.add(probs, labels);
        }
        return tally.result(classNames);
    }

    /**
     * Counts top-1 and top-5 hits, the cross-entropy and the confusion matrix over batches of class probabilities
     * and one-hot labels ({@code [n, classes]}, or {@code [n, classes, H, W]} for a per-pixel classifier: every
     * pixel one example). {@link #evaluate} uses it; so does an evaluation that computes its probabilities
     * otherwise ({@link DenseEvaluation}).
     */
    public static final class Tally {
        private long[][] confusion;
        private long n, top1, top5;
        private double lossSum;

        /** Adds a batch. */
        public void add(INDArray probs, INDArray labels) {
            labels = labels.castTo(probs.dataType());
            if (probs.rank() == 4) {   // a per-pixel classifier (U-Net): every pixel is one example
                probs = pixelRows(probs);
                labels = pixelRows(labels);
            }
            int classes = (int) probs.size(1);
            if (confusion == null) confusion = new long[classes][classes];
            INDArray trueP = probs.mul(labels).sum(true, 1);                       // [n,1]
            INDArray rank = probs.subColumnVector(trueP).gt(0).castTo(DataType.INT32).sum(1); // classes scoring higher
            INDArray predicted = Nd4j.argMax(probs, 1);
            INDArray actual = Nd4j.argMax(labels, 1);
            lossSum -= Transforms.log(Transforms.max(trueP, 1e-12), false).sumNumber().doubleValue();
            int[] r = rank.toIntVector();
            long[] p = predicted.toLongVector();
            long[] a = actual.toLongVector();
            for (int i = 0; i < r.length; i++) {
                confusion[(int) a[i]][(int) p[i]]++;
                if (p[i] == a[i]) top1++;
                if (r[i] < 5) top5++;
            }
            n += r.length;
        }

        /** The metrics so far; class names that do not match the class count are replaced by indices. */
        public EvaluationResult result(List<String> classNames) {
            if (confusion == null) {
                throw new org.zoolab.BadInputException("the evaluation data is empty");
            }
            List<String> names = classNames != null && classNames.size() == confusion.length ? List.copyOf(classNames) : indexNames(confusion.length);
            return new EvaluationResult(n, lossSum / n, (double) top1 / n, (double) top5 / n, confusion, names);
        }
    }

    /** {@code [n, C, H, W]} as {@code [n*H*W, C]}: one row per pixel. */
    static INDArray pixelRows(INDArray x) {
        return x.permute(0, 2, 3, 1).dup('c').reshape('c', new long[]{x.size(0) * x.size(2) * x.size(3), x.size(1)});
    }

    /** Class probabilities of a batch, cropping as configured. */
    public INDArray probabilities(INDArray features) {
        int[] in = inputHW;
        if (in == null || features.rank() != 4 || (features.size(2) == in[0] && features.size(3) == in[1])) {
            return graph.output(false, features)[output];
        }
        int h = in[0], w = in[1];
        long H = features.size(2), W = features.size(3);
        if (H < h || W < w) {
            throw new org.zoolab.BadInputException("images of " + H + "x" + W + " are smaller than the model's input " + h + "x" + w);
        }
        List<INDArray> crops = new ArrayList<>();
        long cy = (H - h) / 2, cx = (W - w) / 2;
        crops.add(crop(features, cy, cx, h, w));
        if (crop == Crop.TEN) {
            crops.add(crop(features, 0, 0, h, w));
            crops.add(crop(features, 0, W - w, h, w));
            crops.add(crop(features, H - h, 0, h, w));
            crops.add(crop(features, H - h, W - w, h, w));
            int k = crops.size();
            for (int i = 0; i < k; i++) crops.add(Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.custom.Reverse(crops.get(i), 3))[0]);
        }
        INDArray sum = null;
        for (INDArray c : crops) {
            INDArray p = graph.output(false, c)[output];
            sum = sum == null ? p.dup() : sum.addi(p);
        }
        return sum.divi(crops.size());
    }

    private static INDArray crop(INDArray x, long y0, long x0, int h, int w) {
        return x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(y0, y0 + h),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(x0, x0 + w)).dup();
    }

    static List<String> indexNames(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) names.add(Integer.toString(i));
        return names;
    }
}
