package org.zoolab.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zoolab.BadInputException;
import org.zoolab.data.BadFileReport;
import org.zoolab.data.BadImageException;
import org.zoolab.data.FloatImage;
import org.zoolab.data.ImageSource;
import org.zoolab.data.Pipeline;
import org.zoolab.data.Sample;
import org.zoolab.zoo.FullyConvolutionalNet;

import java.util.List;

/**
 * VGG's dense evaluation (Simonyan &amp; Zisserman 2014, sec. 3.2): the classifier's fully connected layers are
 * made convolutions ({@link FullyConvolutionalNet}), the net is applied to the whole uncropped image rescaled so its
 * shorter side is Q, the class score map is averaged over its positions, and the softmax posteriors of the image
 * and its mirror are averaged; over several scales Q (multi-scale test, {256, 384, 512} in the paper) the
 * posteriors of all scales are averaged too. The views come from a dense evaluation pipeline
 * ({@link Pipeline.Mode#EVAL_DENSE}: for each Q the image, then its mirror); each image costs two forward passes
 * per scale, at that scale's full size, one image at a time (views differ in size between images).
 */
public final class DenseEvaluation {
    private static final Logger LOG = LoggerFactory.getLogger(DenseEvaluation.class);
    private static final int IMAGES_PER_TALLY = 64;
    private final FullyConvolutionalNet net;

    public DenseEvaluation(FullyConvolutionalNet net) {
        this.net = net;
    }

    /** Converts a trained classifier ({@link FullyConvolutionalNet#of}); refuses one without a dense head. */
    public static DenseEvaluation of(ComputationGraph trained) {
        return new DenseEvaluation(FullyConvolutionalNet.of(trained));
    }

    public FullyConvolutionalNet net() {
        return net;
    }

    /**
     * The class posteriors of one image from its dense views (pairs of equal size: the image at a scale and its
     * mirror): each view's score map averaged over positions, softmax, then the mean over all views.
     */
    public float[] posteriors(List<FloatImage> views) {
        if (views.isEmpty() || views.size() % 2 != 0) {
            throw new IllegalArgumentException("dense views come in pairs (image, mirror), not " + views.size());
        }
        INDArray sum = null;
        for (int v = 0; v < views.size(); v += 2) {
            FloatImage a = views.get(v);
            FloatImage b = views.get(v + 1);
            if (a.height() != b.height() || a.width() != b.width() || a.channels() != b.channels()) {
                throw new IllegalArgumentException("view " + v + " is " + a.shape() + " but its mirror " + b.shape());
            }
            int per = a.data().length;
            float[] pair = new float[2 * per];
            System.arraycopy(a.data(), 0, pair, 0, per);
            System.arraycopy(b.data(), 0, pair, per, per);
            INDArray x = Nd4j.create(pair, new long[]{2, a.channels(), a.height(), a.width()}, 'c');
            INDArray p = net.posteriors(x).sum(0);
            sum = sum == null ? p : sum.addi(p);
        }
        return sum.divi(views.size()).toFloatVector();
    }

    /** Evaluates every image of a dense evaluation pipeline; bad files are skipped into {@code report}. */
    public EvaluationResult evaluate(Pipeline pipeline, BadFileReport report, List<String> classNames) {
        if (pipeline.mode() != Pipeline.Mode.EVAL_DENSE) {
            throw new IllegalArgumentException("not a dense evaluation pipeline: " + pipeline.mode());
        }
        if (pipeline.segmentation()) {
            throw new BadInputException("dense evaluation scores classifiers, not segmentation pipelines");
        }
        ImageSource source = pipeline.source();
        int classes = pipeline.numClasses();
        Evaluator.Tally counts = new Evaluator.Tally();
        float[] probs = new float[IMAGES_PER_TALLY * classes];
        float[] labels = new float[IMAGES_PER_TALLY * classes];
        int pending = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < source.size(); i++) {
            Sample s;
            List<Sample> views;
            try {
                s = source.load(i);
                if (s.conversion() != null) {
                    report.converted(s.name(), s.conversion());
                }
                views = pipeline.run(s, Pipeline.sampleRandom(0, 0, i));
            } catch (BadImageException e) {
                report.skipped(source.name(i), e.reason());
                continue;
            }
            float[] p = posteriors(views.stream().map(Sample::image).toList());
            if (p.length != classes) {
                throw new BadInputException("the model scores " + p.length + " classes but the data has " + classes);
            }
            System.arraycopy(p, 0, probs, pending * classes, classes);
            java.util.Arrays.fill(labels, pending * classes, (pending + 1) * classes, 0f);
            labels[pending * classes + s.label()] = 1f;
            pending++;
            if (pending == IMAGES_PER_TALLY) {
                add(counts, probs, labels, pending, classes);
                pending = 0;
            }
            if ((i + 1) % 500 == 0) {
                LOG.info("dense evaluation: {} of {} images, {} s", i + 1, source.size(), (System.nanoTime() - t0) / 1_000_000_000L);
            }
        }
        if (pending > 0) {
            add(counts, probs, labels, pending, classes);
        }
        return counts.result(classNames);
    }

    private static void add(Evaluator.Tally tally, float[] probs, float[] labels, int n, int classes) {
        tally.add(Nd4j.create(java.util.Arrays.copyOf(probs, n * classes), new long[]{n, classes}, 'c'),
                Nd4j.create(java.util.Arrays.copyOf(labels, n * classes), new long[]{n, classes}, 'c'));
    }
}
