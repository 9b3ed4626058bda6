/**
 * Training on more than one worker. {@link org.zoolab.distributed.DataParallelTrainer} trains N replicas of one
 * network on one machine with DL4J's {@code ParallelWrapper}, either sharing thresholded gradients after every
 * step or averaging parameters every few steps ({@link org.zoolab.distributed.ParallelMode}); it backs
 * {@code zoolab train --workers N}. Training across a cluster is the separate {@code zoolab-spark} module (DL4J's
 * Spark training master, package {@code org.zoolab.distributed.spark}), kept out of this jar so that the library
 * and the CLI do not carry Spark.
 */
package org.zoolab.distributed;
