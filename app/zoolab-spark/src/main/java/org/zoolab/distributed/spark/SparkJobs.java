package org.zoolab.distributed.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.zoolab.BadInputException;
import org.zoolab.backend.OneDnnHelpers;
import org.zoolab.data.Cifar10Dataset;
import org.zoolab.data.DataDirectory;
import org.zoolab.data.IdxDataset;
import org.zoolab.data.LabelledImages;
import org.zoolab.data.Split;
import org.zoolab.zoo.ModelInfo;
import org.zoolab.zoo.ZooModel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** What the Spark job's commands share: data sets by name, optimisers, model files on Hadoop paths. */
final class SparkJobs {
    private SparkJobs() {
    }

    /** An installed data set (on the driver) by zoolab name: mnist, fashion-mnist, cifar10. */
    static LabelledImages dataset(DataDirectory dir, String name, Split split) {
        if ("cifar10".equals(name)) {
            return Cifar10Dataset.load(dir, split);
        }
        if (IdxDataset.NAMES.contains(name)) {
            return IdxDataset.load(dir, name, split);
        }
        throw new BadInputException("--data: unknown data set '" + name + "'; the Spark job reads mnist, fashion-mnist, "
                + "cifar10 (installed with `zoolab data fetch`), or minibatch files (--train-path)");
    }

    /** The first {@code limit} images of {@code data} (all if limit is 0). */
    static LabelledImages limit(LabelledImages data, int limit) {
        if (limit <= 0 || limit >= data.size()) return data;
        if (data instanceof IdxDataset idx) return idx.subset(0, limit);
        throw new BadInputException("--limit is supported for mnist and fashion-mnist only");
    }

    /**
     * Zero padding that centres {@code data} in the model's paper input when that is the data's size plus an even
     * border with the same channels (MNIST's 28x28 in LeNet-5's 32x32: 2); otherwise 0, and the model is built
     * for the data's size.
     */
    static int padFor(LabelledImages data, ModelInfo model) {
        int dh = model.inputHeight() - data.height();
        int dw = model.inputWidth() - data.width();
        return dh > 0 && dh == dw && dh % 2 == 0 && dh <= 4 && data.channels() == model.inputChannels() ? dh / 2 : 0;
    }

    /** The optimiser named on the command line. */
    static IUpdater updater(String name, double lr) {
        if (!(lr > 0)) throw new BadInputException("--lr must be positive, got " + lr);
        return switch (name) {
            case "adam" -> new Adam(lr);
            case "sgd" -> new Sgd(lr);
            case "nesterov" -> new Nesterovs(lr, 0.9);
            default -> throw new BadInputException("--optimizer: unknown optimizer '" + name + "'; expected adam, sgd, nesterov");
        };
    }

    /** A new network from {@code model}'s configuration with every layer's updater replaced by {@code updater}. */
    static ComputationGraph build(ZooModel model, IUpdater updater) {
        ComputationGraphConfiguration conf = model.configuration().clone();
        for (Map.Entry<String, GraphVertex> v : conf.getVertices().entrySet()) {
            if (v.getValue() instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof BaseLayer layer) {
                layer.setIUpdater(updater.clone());
            }
        }
        OneDnnHelpers.enable();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }

    /**
     * Writes {@code graph} (with its updater state) and its description to {@code path}, any Hadoop path; atomic
     * by rename.
     */
    static void save(ComputationGraph graph, ModelDescription description, String path, Configuration conf) {
        Path target = new Path(path);
        try {
            FileSystem fs = target.getFileSystem(conf);
            Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp");
            try (FSDataOutputStream out = fs.create(tmp, true)) {
                out.write(description.modelFile(graph, true));
                out.hflush();
            }
            if (fs.exists(target) && !fs.delete(target, false)) {
                throw new IOException("could not replace " + target);
            }
            if (!fs.rename(tmp, target)) throw new IOException("could not rename " + tmp + " to " + target);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the model to " + path + ": " + e.getMessage(), e);
        }
    }

    /** The bytes of a model file on any Hadoop path. */
    static byte[] readBytes(String path, Configuration conf) {
        Path p = new Path(path);
        try {
            FileSystem fs = p.getFileSystem(conf);
            if (!fs.exists(p)) throw new BadInputException("--model-file: " + path + " does not exist");
            try (FSDataInputStream in = fs.open(p)) {
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + path + ": " + e.getMessage(), e);
        }
    }
}
