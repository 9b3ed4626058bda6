package org.zoolab.distributed.spark.examples;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.zoolab.data.IdxDataset;
import org.zoolab.distributed.spark.ImagePixels;
import org.zoolab.distributed.spark.ImageScorer;

import java.io.File;
import java.io.IOException;

/**
 * Example (library API, run as a test): a Spark job in local mode that scores a DataFrame of image paths with a
 * broadcast model.
 * <pre>
 *   ScoreImagesOnSpark lenet5.zip '/data/digits/*.png'
 * </pre>
 * The model file is one written by zoolab (a DL4J model zip): here a LeNet-5 trained on MNIST, so images are
 * read as grey 28x28 digits padded to its 32x32 input. On a cluster drop {@code .master(...)} and give
 * {@code hdfs://} or {@code s3a://} globs.
 */
public final class ScoreImagesOnSpark {
    private ScoreImagesOnSpark() {
    }

    public static void main(String[] args) throws IOException {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("score images").getOrCreate();
        try {
            score(spark, args[0], args[1]).show(50, false);
        } finally {
            spark.stop();
        }
    }

    /** Scores every file matching {@code glob}: path, top label and probability, top-3, error. */
    public static Dataset<Row> score(SparkSession spark, String modelFile, String glob) throws IOException {
        // 1. the model, loaded once on the driver and broadcast to the executors
        ComputationGraph model = ModelSerializer.restoreComputationGraph(new File(modelFile), false);
        ImageScorer scorer = ImageScorer.broadcast(spark, model,
                new ImagePixels(1, 32, 32, 2),            // grey, LeNet-5's 32x32 input, MNIST's 2-pixel border
                IdxDataset.MNIST_CLASSES, 3, 64);          // class names, top-3, 64 images per forward pass
        // 2. a DataFrame of image paths: Spark lists the files (only the path column is read)
        Dataset<Row> images = spark.read().format("binaryFile").load(glob).select("path");
        // 3. scored on the executors, one network per partition
        return scorer.score(spark, images, "path");
    }
}
