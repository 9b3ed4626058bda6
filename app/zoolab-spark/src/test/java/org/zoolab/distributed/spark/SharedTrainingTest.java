package org.zoolab.distributed.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.zoolab.data.DataDirectory;
import org.zoolab.data.IdxDataset;
import org.zoolab.data.Split;
import org.zoolab.zoo.ModelOptions;
import org.zoolab.zoo.Zoo;
import org.zoolab.zoo.ZooModel;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * LeNet-5 trained with DL4J's SharedTrainingMaster (gradient sharing over Aeron UDP on 127.0.0.1) on Spark
 * local[2]: 2,000 MNIST training images, batch 32, one epoch; evaluated on the first 1,000 test images.
 */
class SharedTrainingTest {
    static SparkSession spark;
    static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("SharedTrainingTest");
        sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    @Timeout(300)
    void sparkMainTrainsWithTheSharedTrainingMaster() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        int code = SparkMain.run(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8),
                "--master", "local[2]", "train", "--model", "lenet5", "--data", "mnist", "--data-dir",
                TestMnist.directory().root().toString(), "--limit", "1000", "--test-limit", "500", "--training-master", "shared",
                "--port", "40125");
        String out = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        System.out.println("SHARED-MAIN " + out);
        assertThat(code).as(out).isZero();
        java.util.List<String> lines = out.lines().toList();
        assertThat(lines.get(1)).isEqualTo("spark      local[2], 2 partitions, batch 32 per worker, gradient sharing (threshold 0.001, UDP port 40125)");
        assertThat(lines).anyMatch(l -> l.matches("epoch 1/1  loss -  \\d+\\.\\d s"));
        String top1 = lines.stream().filter(l -> l.startsWith("test ")).findFirst().orElseThrow();
        assertThat(Double.parseDouble(top1.replaceAll(".*top-1 (\\d+\\.\\d\\d)%.*", "$1"))).isGreaterThan(40.0);
    }

    @Test
    @Timeout(300)
    void lenet5TrainsWithGradientSharingInLocalMode() throws Exception {
        DataDirectory dir = TestMnist.directory();
        IdxDataset train = IdxDataset.load(dir, "mnist", Split.TRAIN).subset(0, 2000);
        IdxDataset test = IdxDataset.load(dir, "mnist", Split.TEST).subset(0, 1000);
        ZooModel lenet = Zoo.get("lenet5", ModelOptions.builder().numClasses(10).seed(42).build());
        ComputationGraph graph = SparkJobs.build(lenet, new Adam(3e-3));

        // DL4J's SharedTrainingMaster reports no loss: measure it on the driver, on 500 test images, before and after
        DataSet probe = test.iterator(500, -1, 2).next();
        double before = graph.score(probe);

        SparkTrainer trainer = SparkTrainer.sharing(sc, graph, SparkTrainingOptions.defaults(32), SharedTrainingOptions.local());
        JavaRDD<DataSet> trainRdd = DataSetFiles.rdd(sc, train.iterator(32, 42, 2), 2);
        SparkTrainer.EpochResult epoch = trainer.fitEpoch(trainRdd);
        JavaRDD<DataSet> testRdd = DataSetFiles.rdd(sc, test.iterator(100, -1, 2), 2);
        Evaluation ev = trainer.evaluate(testRdd, IdxDataset.MNIST_CLASSES);
        double after = trainer.graph().score(probe);
        System.out.printf("SHARED LeNet-5, SharedTrainingMaster, Spark local[2], 2000 images, 1 epoch: test loss %.4f -> %.4f, test top-1 %.4f, %.1f s%n",
                before, after, ev.accuracy(), epoch.seconds());
        assertThat(epoch.loss()).isNaN();
        assertThat(before).isGreaterThan(2.0);                          // untrained: about ln 10 = 2.30
        assertThat(after).isLessThan(1.0);
        assertThat(ev.getNumRowCounter()).isEqualTo(1000);
        assertThat(ev.accuracy()).isGreaterThan(0.70);                 // chance: 0.10; measured 0.817
    }
}
