package org.zoolab.generative;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zoolab.io.AtomicFiles;
import org.zoolab.BadInputException;
import org.zoolab.backend.OneDnnHelpers;
import org.zoolab.zoo.ModelOptions;
import org.zoolab.zoo.Zoo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.random.RandomGenerator;

/**
 * The LeNet-5 behind LeNet-FID: zoolab's {@code lenet5} (input 1x32x32, F6 = 84 features), trained on the GAN's
 * own training set, or loaded from a checkpoint. Training uses Adam (lr 1e-3, minibatch 128) instead of the
 * table's plain SGD so that a few epochs reach about 99% on MNIST.
 */
public final class FidClassifier {
    private static final Logger log = LoggerFactory.getLogger(FidClassifier.class);
    /** LeNet-5's feature layer. */
    public static final String FEATURE_LAYER = "f6";
    private static final int SIZE = 32;

    private FidClassifier() {
    }

    /** Loads a LeNet-5 saved by {@link #trainAndSave} (or any DL4J graph zip with a layer {@code f6}). */
    public static LeNetFid load(Path checkpoint) {
        if (!Files.isRegularFile(checkpoint)) throw new BadInputException(checkpoint + ": no such classifier checkpoint");
        try {
            ComputationGraph g = ModelSerializer.restoreComputationGraph(checkpoint.toFile(), false);
            if (g.getLayer(FEATURE_LAYER) == null) {
                throw new BadInputException(checkpoint + ": the classifier has no layer '" + FEATURE_LAYER + "' (expected zoolab's lenet5)");
            }
            return new LeNetFid(g, FEATURE_LAYER, SIZE, SIZE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + checkpoint, e);
        }
    }

    /** Trains {@code lenet5} on {@code data} for {@code epochs} and saves it atomically to {@code checkpoint}. */
    public static LeNetFid trainAndSave(GenerativeData data, int epochs, long seed, Path checkpoint) throws IOException {
        ComputationGraphConfiguration conf = Zoo.get("lenet5", ModelOptions.builder().seed(seed)
                .numClasses(data.classNames().size()).input(data.train().channels(), SIZE, SIZE).build()).configuration().clone();
        for (String name : conf.getVertices().keySet()) {
            if (conf.getVertices().get(name) instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof BaseLayer bl) {
                bl.setIUpdater(new Adam(1e-3));
            }
        }
        OneDnnHelpers.enable();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        LeNetFid fid = new LeNetFid(g, FEATURE_LAYER, SIZE, SIZE);
        ImageSet train = data.train();
        int batch = 128;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            RandomGenerator rng = Noise.forEpoch(seed, epoch, 7);
            int[] order = train.shuffledIndices(rng);
            for (int from = 0; from < order.length; from += batch) {
                int[] idx = java.util.Arrays.copyOfRange(order, from, Math.min(order.length, from + batch));
                org.nd4j.linalg.api.ndarray.INDArray x = padTo32(train.images(idx));
                org.nd4j.linalg.api.ndarray.INDArray y = Nd4j.zeros(idx.length, data.classNames().size());
                for (int i = 0; i < idx.length; i++) y.putScalar(i, train.label(idx[i]), 1.0);
                g.fit(new DataSet(x, y));
                OffHeapMemory.afterStep(from / batch + 1);
            }
            log.info("LeNet-5 for LeNet-FID: epoch {}/{}, test accuracy {}", epoch, epochs,
                    String.format(java.util.Locale.ROOT, "%.4f", fid.accuracy(data.test())));
        }
        AtomicFiles.write(checkpoint, out -> ModelSerializer.writeModel(g, out, false));
        return fid;
    }

    private static org.nd4j.linalg.api.ndarray.INDArray padTo32(org.nd4j.linalg.api.ndarray.INDArray images) {
        long h = images.size(2), w = images.size(3);
        long ph = (SIZE - h) / 2, pw = (SIZE - w) / 2;
        org.nd4j.linalg.api.ndarray.INDArray out = Nd4j.zeros(images.dataType(), images.size(0), images.size(1), SIZE, SIZE);
        out.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(ph, ph + h), NDArrayIndex.interval(pw, pw + w)).assign(images);
        return out;
    }
}
