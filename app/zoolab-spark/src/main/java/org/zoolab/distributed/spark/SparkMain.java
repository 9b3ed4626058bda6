package org.zoolab.distributed.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.DataSet;
import org.zoolab.BadInputException;
import org.zoolab.data.DataDirectory;
import org.zoolab.data.EpochShuffledIterator;
import org.zoolab.data.LabelledImages;
import org.zoolab.data.Split;
import org.zoolab.zoo.ModelOptions;
import org.zoolab.zoo.Zoo;
import org.zoolab.zoo.ZooModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

/**
 * The Spark job ({@code spark-submit --class org.zoolab.distributed.spark.SparkMain zoolab-spark.jar ...}, or
 * {@code scripts/zoolab-spark}): {@code train} a zoo model with parameter averaging, {@code export} a data set
 * as minibatch files to a Hadoop path, {@code score} image files with a broadcast model. Exit codes as the CLI's:
 * 0 ok, 1 the run failed, 2 bad usage or bad input.
 */
@Command(name = "zoolab-spark", mixinStandardHelpOptions = true,
        description = "Train and score zoolab models on Spark (DL4J parameter averaging).",
        subcommands = {SparkMain.Train.class, SparkMain.Export.class, SparkMain.Score.class})
public final class SparkMain implements Callable<Integer> {

    @Option(names = "--master", description = "Spark master when not set by spark-submit (e.g. local[2]).")
    String master;

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 0;
    }

    public static void main(String[] args) {
        int code = run(System.out, args);
        scala.Option<SparkSession> session = SparkSession.getDefaultSession();
        if (session.isDefined()) session.get().stop();
        System.exit(code);
    }

    /** Runs the job, printing results to {@code out}; returns the exit code. */
    public static int run(PrintStream out, String... args) {
        CommandLine cl = new CommandLine(new SparkMain());
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            Throwable cause = e;
            while (cause != null && !(cause instanceof BadInputException)) cause = cause.getCause();
            if (cause != null) {
                System.err.println("zoolab-spark: error: " + cause.getMessage());
                return 2;
            }
            System.err.println("zoolab-spark: failed: " + e);
            e.printStackTrace();
            return 1;
        });
        cl.setExitCodeExceptionMapper(e -> 2);
        Holder.out = out;
        return cl.execute(args);
    }

    /** Where commands print results (tests pass their own stream). */
    private static final class Holder {
        static PrintStream out = System.out;
    }

    SparkSession session(String appName) {
        SparkConf conf = new SparkConf().setAppName(appName);
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");          // plain `java -jar`: run here
        }
        return SparkSession.builder().config(conf).getOrCreate();
    }

    /** {@code train}: a zoo model on an installed data set or on exported minibatch files. */
    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Train a zoo model with DL4J's ParameterAveragingTrainingMaster (or SharedTrainingMaster); evaluate; save.")
    static final class Train implements Callable<Integer> {
        @CommandLine.ParentCommand
        SparkMain parent;
        @Option(names = "--model", required = true, description = "Zoo model name (see `zoolab models`).")
        String model;
        @Option(names = "--data", description = "Installed data set, read on the driver: mnist, fashion-mnist, cifar10.")
        String data;
        @Option(names = "--data-dir", description = "zoolab data directory (default: $ZOOLAB_DATA or ~/.zoolab/data).")
        java.nio.file.Path dataDir;
        @Option(names = "--train-path", description = "Minibatch files from `export` (hdfs://, s3a://, file:/ ...).")
        String trainPath;
        @Option(names = "--test-path", description = "Minibatch files to evaluate on.")
        String testPath;
        @Option(names = "--classes", split = ",", description = "Class names (default: the data set's, or 0..n-1).")
        List<String> classes;
        @Option(names = "--num-classes", description = "Output classes when training from files (default: the files' description, or the model's).")
        Integer numClasses;
        @Option(names = "--limit", defaultValue = "0", description = "Train on the first N images only (0: all).")
        int limit;
        @Option(names = "--test-limit", defaultValue = "0", description = "Evaluate on the first N test images (0: all).")
        int testLimit;
        @Option(names = "--epochs", defaultValue = "1")
        int epochs;
        @Option(names = "--batch", defaultValue = "32", description = "Minibatch size per worker (default ${DEFAULT-VALUE}).")
        int batch;
        @Option(names = "--averaging-frequency", defaultValue = "5", description = "Average every N minibatches per worker.")
        int averagingFrequency;
        @Option(names = "--partitions", defaultValue = "0", description = "RDD partitions for --data (0: Spark's default parallelism).")
        int partitions;
        @Option(names = "--optimizer", defaultValue = "adam", description = "adam, sgd or nesterov (default ${DEFAULT-VALUE}).")
        String optimizer;
        @Option(names = "--lr", defaultValue = "0.001")
        double lr;
        @Option(names = "--seed", defaultValue = "42")
        long seed;
        @Option(names = "--export-dir", description = "Where DL4J stages minibatches on a cluster (a shared Hadoop path).")
        String exportDir;
        @Option(names = "--output", description = "Write the trained model here (a Hadoop path).")
        String output;
        @Option(names = "--training-master", defaultValue = "averaging", description = "averaging (parameter averaging, default) or shared (gradient sharing over Aeron UDP).")
        String trainingMaster;
        @Option(names = "--port", defaultValue = "40123", description = "shared: UDP port of the gradient-sharing transport on every node (default ${DEFAULT-VALUE}).")
        int port;
        @Option(names = "--controller", description = "shared: the driver's address as executors see it (default: spark.driver.host, else 127.0.0.1).")
        String controller;
        @Option(names = "--network-mask", description = "shared: the cluster network (CIDR, e.g. 10.1.0.0/16), instead of --controller.")
        String networkMask;
        @Option(names = "--threshold", defaultValue = "0.001", description = "shared: initial encoding threshold (default ${DEFAULT-VALUE}).")
        double threshold;

        @Override
        public Integer call() {
            boolean shared = switch (trainingMaster) {
                case "averaging" -> false;
                case "shared" -> true;
                default -> throw new BadInputException("--training-master: unknown '" + trainingMaster + "'; expected averaging or shared");
            };
            if ((data == null) == (trainPath == null)) {
                throw new BadInputException("give exactly one of --data (an installed data set) and --train-path (minibatch files)");
            }
            if (epochs < 1) throw new BadInputException("--epochs must be at least 1, got " + epochs);
            PrintStream out = Holder.out;
            SparkSession spark = parent.session("zoolab-spark train " + model);
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            Configuration hadoop = sc.hadoopConfiguration();
            int slices = partitions > 0 ? partitions : sc.defaultParallelism();

            LabelledImages train = null;
            LabelledImages test = null;
            ModelOptions.Builder mo = ModelOptions.builder().seed(seed);
            List<String> names = classes;
            ModelDescription files = trainPath == null ? null : DataSetFiles.description(trainPath, hadoop);
            int pad = 0;
            if (data != null) {
                DataDirectory dir = DataDirectory.resolve(dataDir);
                train = SparkJobs.limit(SparkJobs.dataset(dir, data, Split.TRAIN), limit);
                test = SparkJobs.limit(SparkJobs.dataset(dir, data, Split.TEST), testLimit);
                pad = SparkJobs.padFor(train, Zoo.info(model));
                mo.numClasses(train.numClasses())
                        .input(train.channels(), train.height() + 2 * pad, train.width() + 2 * pad);
                if (names == null) names = train.classNames();
            } else if (numClasses != null) {
                mo.numClasses(numClasses);
            } else if (classes != null) {
                mo.numClasses(classes.size());
            } else if (files != null) {
                mo.numClasses(files.classNames().size());
                names = files.classNames();
            }
            if (files != null) {
                mo.input(files.channels(), files.height(), files.width());
                pad = files.pad();
            }
            ZooModel zm = Zoo.get(model, mo.build());
            ComputationGraph graph = SparkJobs.build(zm, SparkJobs.updater(optimizer, lr));
            if (names == null) {
                names = IntStream.range(0, zm.options().numClasses()).mapToObj(Integer::toString).toList();
            }
            SparkTrainingOptions options = new SparkTrainingOptions(batch, averagingFrequency, 2, exportDir, seed);
            SparkTrainer trainer;
            if (shared) {
                String address = controller != null ? controller
                        : networkMask != null ? null : sc.getConf().get("spark.driver.host", "127.0.0.1");
                trainer = SparkTrainer.sharing(sc, graph, options, new SharedTrainingOptions(port, address, networkMask, threshold));
            } else {
                trainer = new SparkTrainer(sc, graph, options);
            }
            out.printf(Locale.ROOT, "model      %s (%,d parameters), %s lr %s%n", zm.info().name(), graph.numParams(), optimizer, lr);
            out.printf(Locale.ROOT, "spark      %s, %d partitions, batch %d per worker, %s%n", sc.master(), slices, batch,
                    shared ? String.format(Locale.ROOT, "gradient sharing (threshold %s, UDP port %d)", threshold, port)
                            : "averaging every " + averagingFrequency);

            JavaRDD<DataSet> trainRdd = null;
            if (train != null) {
                out.printf(Locale.ROOT, "data       %s: %,d training images, %,d test images%n", data, train.size(), test.size());
                trainRdd = DataSetFiles.rdd(sc, new EpochShuffledIterator(train, batch, seed, pad), slices).cache();
            }
            long start = System.nanoTime();
            for (int e = 0; e < epochs; e++) {
                if (train != null && e > 0) {
                    trainRdd.unpersist();
                    EpochShuffledIterator it = new EpochShuffledIterator(train, batch, seed, pad);
                    it.setEpoch(e);
                    trainRdd = DataSetFiles.rdd(sc, it, slices).cache();
                }
                SparkTrainer.EpochResult r = train != null ? trainer.fitEpoch(trainRdd) : trainer.fitEpoch(trainPath);
                out.printf(Locale.ROOT, "epoch %d/%d  loss %s  %.1f s%n", e + 1, epochs,
                        Double.isNaN(r.loss()) ? "-" : String.format(Locale.ROOT, "%.4f", r.loss()), r.seconds());
            }
            double trainSeconds = (System.nanoTime() - start) / 1e9;

            JavaRDD<DataSet> testRdd = null;
            if (test != null) {
                testRdd = DataSetFiles.rdd(sc, new EpochShuffledIterator(test, batch, -1, pad), slices);
            } else if (testPath != null) {
                testRdd = sc.parallelize(DataSetFiles.list(testPath, hadoop), slices).map(SparkMain::loadDataSet);
            }
            if (testRdd != null) {
                Evaluation ev = trainer.evaluate(testRdd, names);
                out.printf(Locale.ROOT, "test       top-1 %.2f%% on %,d images%n", 100 * ev.accuracy(), ev.getNumRowCounter());
            }
            out.printf(Locale.ROOT, "time       %.1f s training%n", trainSeconds);
            if (output != null) {
                ModelDescription description = new ModelDescription(zm.options().inputChannels(),
                        zm.options().inputHeight(), zm.options().inputWidth(), pad, data != null ? data : files != null ? files.data() : trainPath, names);
                SparkJobs.save(trainer.graph(), description, output, hadoop);
                out.println("model file " + output);
            }
            return 0;
        }
    }

    static DataSet loadDataSet(String path) throws IOException {
        Path p = new Path(path);
        try (var in = p.getFileSystem(new Configuration()).open(p)) {
            DataSet ds = new DataSet();
            ds.load(in);
            return ds;
        }
    }

    /** {@code export}: an installed data set as minibatch files on a Hadoop path. */
    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write an installed data set as minibatch files (one per batch) to a Hadoop path.")
    static final class Export implements Callable<Integer> {
        @CommandLine.ParentCommand
        SparkMain parent;
        @Option(names = "--data", required = true, description = "mnist, fashion-mnist or cifar10.")
        String data;
        @Option(names = "--data-dir")
        java.nio.file.Path dataDir;
        @Option(names = "--split", defaultValue = "train", description = "train or test.")
        String split;
        @Option(names = "--batch", defaultValue = "32")
        int batch;
        @Option(names = "--limit", defaultValue = "0")
        int limit;
        @Option(names = "--pad", defaultValue = "0", description = "Zero pixels on each side (2: MNIST for LeNet-5).")
        int pad;
        @Option(names = "--seed", defaultValue = "42", description = "Shuffle seed (negative: file order).")
        long seed;
        @Option(names = "--output", required = true, description = "New or empty directory (hdfs://, s3a://, file:/ ...).")
        String output;

        @Override
        public Integer call() {
            Split s = switch (split) {
                case "train" -> Split.TRAIN;
                case "test" -> Split.TEST;
                default -> throw new BadInputException("--split: expected train or test, got '" + split + "'");
            };
            LabelledImages images = SparkJobs.limit(SparkJobs.dataset(DataDirectory.resolve(dataDir), data, s), limit);
            Configuration hadoop = new Configuration();
            ModelDescription description = new ModelDescription(images.channels(), images.height() + 2 * pad,
                    images.width() + 2 * pad, pad, data, images.classNames());
            int n = DataSetFiles.export(new EpochShuffledIterator(images, batch, seed, pad), description, output, hadoop);
            Holder.out.printf(Locale.ROOT, "wrote %d minibatch files (%,d images, batch %d) to %s%n", n, images.size(), batch, output);
            return 0;
        }
    }

    /** {@code score}: classify image files with a broadcast model. */
    @Command(name = "score", mixinStandardHelpOptions = true,
            description = "Classify image files (a Hadoop glob) with a broadcast model; write CSV or print.")
    static final class Score implements Callable<Integer> {
        @CommandLine.ParentCommand
        SparkMain parent;
        @Option(names = "--model-file", required = true)
        String modelFile;
        @Option(names = "--images", required = true, description = "Glob of image files, e.g. hdfs:///photos/*/*.jpg")
        String images;
        @Option(names = "--classes", split = ",", description = "Class names (default: the model file's, or 0..n-1).")
        List<String> classes;
        @Option(names = "--input", split = ",", description = "Model input C,H,W (default: the model file's).")
        List<Integer> input;
        @Option(names = "--pad", description = "Zero pixels on each side of the resized image (default: the model file's, or 0).")
        Integer pad;
        @Option(names = "--top", defaultValue = "5")
        int top;
        @Option(names = "--batch", defaultValue = "32")
        int batch;
        @Option(names = "--output", description = "Directory for the CSV result (default: print).")
        String output;

        @Override
        public Integer call() throws IOException {
            SparkSession spark = parent.session("zoolab-spark score");
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            byte[] bytes = SparkJobs.readBytes(modelFile, sc.hadoopConfiguration());
            ComputationGraph graph = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes), false);
            ModelDescription described = ModelDescription.read(bytes);
            int outputs = (int) graph.getOutputLayer(0).getParam("W").size(1);
            List<String> names = classes != null ? classes
                    : described != null && described.classNames().size() == outputs ? described.classNames()
                    : IntStream.range(0, outputs).mapToObj(Integer::toString).toList();
            if (names.size() != outputs) {
                throw new BadInputException("--classes names " + names.size() + " classes but the model has " + outputs + " outputs");
            }
            ImagePixels pixels;
            if (input != null) {
                if (input.size() != 3) throw new BadInputException("--input: expected C,H,W, got " + input);
                pixels = new ImagePixels(input.get(0), input.get(1), input.get(2), pad == null ? 0 : pad);
            } else if (described != null) {
                pixels = new ImagePixels(described.channels(), described.height(), described.width(),
                        pad == null ? described.pad() : pad);
            } else {
                throw new BadInputException("--model-file " + modelFile + " does not say what input it takes (no "
                        + ModelDescription.ENTRY + "): pass --input C,H,W");
            }
            ImageScorer scorer = new ImageScorer(sc.broadcast(bytes), pixels, names, Math.min(top, outputs), batch);
            Dataset<Row> paths = spark.createDataset(globbed(images, sc.hadoopConfiguration()), Encoders.STRING()).toDF("path");
            Dataset<Row> scored = scorer.score(spark, paths, "path");
            if (output != null) {
                scored.selectExpr("path", "label", "probability", "concat_ws(' ', top_labels) AS top_labels", "error")
                        .write().option("header", true).csv(output);
                Holder.out.println("wrote scores of " + scored.count() + " images to " + output);
            } else {
                for (Row r : scored.collectAsList()) {
                    Holder.out.printf(Locale.ROOT, "%s\t%s\t%s%n", r.getString(0),
                            r.isNullAt(5) ? r.getString(1) : "error", r.isNullAt(5)
                                    ? String.format(Locale.ROOT, "%.4f", r.getDouble(2)) : r.getString(5));
                }
            }
            return 0;
        }
    }

    static List<String> globbed(String glob, Configuration conf) throws IOException {
        Path p = new Path(glob);
        FileStatus[] found = p.getFileSystem(conf).globStatus(p);
        if (found == null || found.length == 0) throw new BadInputException("--images: nothing matches " + glob);
        List<String> out = new ArrayList<>();
        for (FileStatus f : found) if (f.isFile()) out.add(f.getPath().toString());
        out.sort(null);
        return out;
    }
}
