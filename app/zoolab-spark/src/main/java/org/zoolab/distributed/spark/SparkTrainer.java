package org.zoolab.distributed.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.optimize.solvers.accumulation.encoding.threshold.AdaptiveThresholdAlgorithm;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.nd4j.parameterserver.distributed.conf.VoidConfiguration;
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
 * averaged on the driver and broadcast back. {@link #sharing} uses DL4J's gradient sharing
 * ({@code SharedTrainingMaster}) instead.
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

    /**
     * What one pass over the data did: wall time and the averaged minibatch loss DL4J reports (NaN with gradient
     * sharing: DL4J's SharedTrainingMaster does not report one).
     */
    public record EpochResult(int epoch, double seconds, double loss) {
    }

    /** Aeron's publication unblock timeout property, and the value gradient sharing needs (60 s, in ns). */
    public static final String AERON_UNBLOCK_TIMEOUT = "aeron.publication.unblock.timeout";
    public static final String AERON_UNBLOCK_TIMEOUT_NS = "60000000000";

    private final SparkComputationGraph sparkNet;
    private final SparkTrainingOptions options;
    private int epochs;
    /** SharedTrainingMaster leaves DL4J's score at 0: its epochs report NaN instead. */
    private boolean reportsLoss = true;

    /** Wraps {@code graph} (initialised if it was not) for training on {@code sc}. */
    public SparkTrainer(JavaSparkContext sc, ComputationGraph graph, SparkTrainingOptions options) {
        this(sc, checked(graph), averaging(sc, options), options);
    }

    /**
     * Wraps {@code graph} for training with DL4J's gradient sharing ({@code SharedTrainingMaster}) instead of
     * parameter averaging: every executor trains on its share and sends threshold-encoded updates to the others
     * over Aeron UDP after every minibatch ({@link SparkTrainingOptions#averagingFrequency()} is not used).
     */
    public static SparkTrainer sharing(JavaSparkContext sc, ComputationGraph graph, SparkTrainingOptions options,
                                       SharedTrainingOptions shared) {
        // DL4J's Aeron transport asks for a 30 s client liveness timeout; Aeron refuses to start unless the
        // publication unblock timeout (default 15 s) is longer. Executors in other JVMs need the same property.
        if (System.getProperty(AERON_UNBLOCK_TIMEOUT) == null) {
            System.setProperty(AERON_UNBLOCK_TIMEOUT, AERON_UNBLOCK_TIMEOUT_NS);
        }
        VoidConfiguration voidConf = VoidConfiguration.builder()
                .unicastPort(shared.port())
                .controllerAddress(shared.controllerAddress())
                .networkMask(shared.networkMask())
                .build();
        SharedTrainingMaster.Builder tm = new SharedTrainingMaster.Builder(voidConf,
                new AdaptiveThresholdAlgorithm(shared.threshold()), options.batchPerWorker())
                .batchSizePerWorker(options.batchPerWorker())
                .workersPerNode(1)
                .workerPrefetchNumBatches(options.prefetch())
                .rngSeed(options.seed());
        if (options.exportDirectory() != null) {
            tm.exportDirectory(options.exportDirectory());
        }
        SparkTrainer t = new SparkTrainer(sc, checked(graph), tm.build(), options);
        t.reportsLoss = false;
        return t;
    }

    private SparkTrainer(JavaSparkContext sc, ComputationGraph graph, TrainingMaster<?, ?> tm, SparkTrainingOptions options) {
        this.sparkNet = new SparkComputationGraph(sc, graph, tm);
        this.options = options;
    }

    private static ComputationGraph checked(ComputationGraph graph) {
        if (graph.getNumInputArrays() != 1 || graph.getNumOutputArrays() != 1) {
            throw new BadInputException("Spark training takes graphs with one input and one output; this one has "
                    + graph.getNumInputArrays() + " inputs and " + graph.getNumOutputArrays() + " outputs");
        }
        graph.init();
        return graph;
    }

    private static TrainingMaster<?, ?> averaging(JavaSparkContext sc, SparkTrainingOptions options) {
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
        return tm.build();
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
        EpochResult r = new EpochResult(epochs, seconds, reportsLoss ? sparkNet.getScore() : Double.NaN);
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
