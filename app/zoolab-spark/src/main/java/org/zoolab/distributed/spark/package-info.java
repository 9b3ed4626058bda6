/**
 * zoolab on Spark: {@link org.zoolab.distributed.spark.SparkTrainer} trains any zoo model with DL4J's Spark
 * training ({@code ParameterAveragingTrainingMaster}, or {@code SharedTrainingMaster}'s gradient sharing over
 * Aeron UDP) on an RDD of minibatches or on minibatch files exported to
 * a Hadoop path ({@link org.zoolab.distributed.spark.DataSetFiles}); {@link org.zoolab.distributed.spark.ImageScorer}
 * scores a DataFrame of image paths with a broadcast model; {@link org.zoolab.distributed.spark.SparkMain} is the
 * job that {@code scripts/zoolab-spark} hands to {@code spark-submit}. This module's shaded jar carries zoolab and
 * DL4J but not Spark, which the cluster provides; see docs/spark.md.
 */
package org.zoolab.distributed.spark;
