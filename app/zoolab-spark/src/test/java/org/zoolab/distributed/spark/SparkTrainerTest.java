package org.zoolab.distributed.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.zoolab.data.DataDirectory;
import org.zoolab.data.IdxDataset;
import org.zoolab.data.Split;
import org.zoolab.zoo.ModelOptions;
import org.zoolab.zoo.Zoo;
import org.zoolab.zoo.ZooModel;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * LeNet-5 trained with DL4J's parameter averaging on Spark local[2]: 2,000 MNIST training images, batch 32,
 * one epoch, 2 partitions; evaluated on the first 1,000 test images.
 */
class SparkTrainerTest {
    static SparkSession spark;
    static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("SparkTrainerTest");
        sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    @Timeout(300)
    void lenet5TrainsOnAnMnistSubsetForAnEpochAndEvaluatesWellAboveChance(@TempDir Path tmp) throws Exception {
        DataDirectory dir = TestMnist.directory();
        IdxDataset train = IdxDataset.load(dir, "mnist", Split.TRAIN).subset(0, 2000);
        IdxDataset test = IdxDataset.load(dir, "mnist", Split.TEST).subset(0, 1000);
        ZooModel lenet = Zoo.get("lenet5", ModelOptions.builder().numClasses(10).seed(42).build());
        ComputationGraph graph = SparkJobs.build(lenet, new Adam(3e-3));
        assertThat(graph.numParams()).isEqualTo(61_706);

        SparkTrainer trainer = new SparkTrainer(sc, graph, SparkTrainingOptions.defaults(32));
        JavaRDD<DataSet> trainRdd = DataSetFiles.rdd(sc, train.iterator(32, 42, 2), 2);
        assertThat(trainRdd.getNumPartitions()).isEqualTo(2);
        assertThat(trainRdd.count()).isEqualTo(63);                    // ceil(2000 / 32) minibatches
        SparkTrainer.EpochResult epoch = trainer.fitEpoch(trainRdd);
        assertThat(epoch.epoch()).isEqualTo(1);
        assertThat(epoch.loss()).isFinite().isLessThan(Math.log(10));  // below an untrained network's ~2.30
        assertThat(trainer.graph().getConfiguration().getEpochCount()).isEqualTo(1);

        JavaRDD<DataSet> testRdd = DataSetFiles.rdd(sc, test.iterator(100, -1, 2), 2);
        Evaluation ev = trainer.evaluate(testRdd, IdxDataset.MNIST_CLASSES);
        assertThat(ev.getNumRowCounter()).isEqualTo(1000);
        System.out.printf("LeNet-5, Spark local[2], 2000 images, 1 epoch: loss %.4f, test top-1 %.4f, %.1f s%n",
                epoch.loss(), ev.accuracy(), epoch.seconds());
        assertThat(ev.accuracy()).isGreaterThan(0.70);                 // chance: 0.10; measured 0.823

        // the trained network saves, loads and evaluates the same on the driver
        String file = tmp.resolve("lenet5.zip").toUri().toString();
        SparkJobs.save(trainer.graph(), new ModelDescription(1, 32, 32, 2, "mnist", IdxDataset.MNIST_CLASSES), file,
                sc.hadoopConfiguration());
        ComputationGraph loaded = ModelSerializer.restoreComputationGraph(tmp.resolve("lenet5.zip").toFile(), false);
        Evaluation local = loaded.evaluate(test.iterator(100, -1, 2));
        assertThat(local.accuracy()).isEqualTo(ev.accuracy());
    }
}
