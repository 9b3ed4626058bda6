package org.zoolab.distributed.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zoolab.BadInputException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains a {@link ComputationGraph} on a Spark cluster (or {@code local[N]}) with DL4J's parameter averaging:
 * every executor core trains a copy on its share of the data, and every
 * {@link SparkTrainingOptions#averagingFrequency()} minibatches the copies' parameters and updater states are
 * averaged on the driver and broadcast back.
 *
 * <pre>{@code
 * SparkTrainer trainer = new SparkTrainer(sc, Zoo.get("lenet5").init(), SparkTrainingOptions.defaults(32));
 * trainer.fitEpoch(trainRdd);                      // JavaRDD<DataSet> of minibatches
 * Evaluation e = trainer.evaluate(testRdd, classNames);
 * ComputationGraph trained = trainer.graph();
 * }</pre>
 */
public final class SparkTrainer {
    private static final Logger log = LoggerFactory.getLogger(SparkTrainer.class);

    /** What one pass over the data did: wall time and the averaged minibatch loss DL4J reports. */
    public record EpochResult(int epoch, double seconds, double loss) {
    }

    private final SparkComputationGraph sparkNet;
    private final SparkTrainingOptions options;
    private int epochs;

    /** Wraps {@code graph} (initialised if it was not) for training on {@code sc}. */
    public SparkTrainer(JavaSparkContext sc, ComputationGraph graph, SparkTrainingOptions options) {
        if (graph.getNumInputArrays() != 1 || graph.getNumOutputArrays() != 1) {
            throw new BadInputException("Spark training takes graphs with one input and one output; this one has "
                    + graph.getNumInputArrays() + " inputs and " + graph.getNumOutputArrays() + " outputs");
        }
        graph.init();
        // workers: one per executor core (DL4J's own default for it fails for graphs trained from paths, M2);
        // examples per RDD element: the minibatch size, so that a round is averagingFrequency minibatches a worker
        ParameterAveragingTrainingMaster.Builder tm = new ParameterAveragingTrainingMaster.Builder(
                sc.defaultParallelism(), options.batchPerWorker())
                .batchSizePerWorker(options.batchPerWorker())
                .averagingFrequency(options.averagingFrequency())
                .workerPrefetchNumBatches(options.prefetch())
                .saveUpdater(true)
                .rngSeed(options.seed());
        if (options.exportDirectory() != null) {
            tm.exportDirectory(options.exportDirectory());
        }
        this.sparkNet = new SparkComputationGraph(sc, graph, tm.build());
        this.options = options;
    }

    public SparkTrainingOptions options() {
        return options;
    }

    /** The network as trained so far (the driver's copy, updated after each epoch). */
    public ComputationGraph graph() {
        return sparkNet.getNetwork();
    }

    /** DL4J's wrapper, for what this class does not cover (scoring examples, ROC, training stats). */
    public SparkComputationGraph sparkNetwork() {
        return sparkNet;
    }

    /** One pass over an RDD of minibatches. */
    public EpochResult fitEpoch(JavaRDD<DataSet> data) {
        long start = System.nanoTime();
        sparkNet.fit(data);
        return finish(start);
    }

    /**
     * One pass over minibatch files under {@code path} (any Hadoop path: {@code hdfs://}, {@code s3a://},
     * {@code file:/}), as written by {@link DataSetFiles#export}.
     */
    public EpochResult fitEpoch(String path) {
        JavaSparkContext sc = sparkNet.getSparkContext();
        // only the minibatch files: DL4J's fit(path) would also take the description and checksum files
        List<String> files = DataSetFiles.list(path, sc.hadoopConfiguration());
        long start = System.nanoTime();
        sparkNet.fitPaths(sc.parallelize(files, Math.min(files.size(), sc.defaultParallelism())));
        return finish(start);
    }

    private EpochResult finish(long start) {
        double seconds = (System.nanoTime() - start) / 1e9;
        epochs++;   // SparkComputationGraph has already counted the epoch on the network
        EpochResult r = new EpochResult(epochs, seconds, sparkNet.getScore());
        log.info("epoch {}: loss {}, {} s", r.epoch(), r.loss(), String.format("%.1f", seconds));
        return r;
    }

    /**
     * Classification metrics of the current network over {@code data}, computed on the executors: the network is
     * broadcast once, each partition evaluates its minibatches as they are, and the partial results are merged.
     * (DL4J's own {@code SparkComputationGraph.evaluate} re-batches the data to 64 examples and fails on
     * minibatches it has to split, in 1.0.0-M2.)
     */
    public Evaluation evaluate(JavaRDD<DataSet> data, List<String> classNames) {
        JavaSparkContext sc = sparkNet.getSparkContext();
        ComputationGraph net = graph();
        Broadcast<String> conf = sc.broadcast(net.getConfiguration().toJson());
        Broadcast<byte[]> params = sc.broadcast(paramsBytes(net));
        List<String> names = classNames == null ? null : List.copyOf(classNames);
        int numClasses = (int) net.getOutputLayer(0).getParam("W").size(1);
        List<Evaluation> parts = data.mapPartitions(batches -> {
            List<Evaluation> out = new ArrayList<>();
            if (!batches.hasNext()) return out.iterator();
            ComputationGraph copy = new ComputationGraph(ComputationGraphConfiguration.fromJson(conf.value()));
            copy.init(Nd4j.read(new ByteArrayInputStream(params.value())), false);
            Evaluation e = names == null ? new Evaluation(numClasses) : new Evaluation(names);
            while (batches.hasNext()) {
                DataSet ds = batches.next();
                e.eval(ds.getLabels(), copy.outputSingle(false, ds.getFeatures()));
            }
            out.add(e);
            return out.iterator();
        }).collect();
        conf.destroy();
        params.destroy();
        if (parts.isEmpty()) throw new BadInputException("nothing to evaluate: the test data is empty");
        Evaluation total = parts.get(0);
        for (int i = 1; i < parts.size(); i++) total.merge(parts.get(i));
        return total;
    }

    private static byte[] paramsBytes(ComputationGraph net) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            Nd4j.write(net.params(), new DataOutputStream(bytes));
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
