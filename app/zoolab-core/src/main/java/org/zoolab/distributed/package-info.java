/**
 * Training on more than one worker. {@link org.zoolab.distributed.DataParallelTrainer} trains N replicas of one
 * network on one machine with DL4J's {@code ParallelWrapper}, either sharing thresholded gradients after every
 * step or averaging parameters every few steps ({@link org.zoolab.distributed.ParallelMode}).
 * <p>
 * {@code zoolab train --workers N} is a normal run (run directory, metrics, validation, checkpoints, NaN guard,
 * resume) whose updates are made by several replicas: {@code org.zoolab.train} defines the small
 * {@link org.zoolab.train.EpochFitter} interface and its {@code Trainer} drives the run through it; this package
 * implements it ({@link org.zoolab.distributed.DataParallelFitter}, over {@code DataParallelTrainer}) and the CLI
 * plugs it in. So distributed depends on train and never the other way round.
 * <p>
 * Training across a cluster is the separate {@code zoolab-spark} module (DL4J's Spark training masters, parameter
 * averaging or gradient sharing, package {@code org.zoolab.distributed.spark}), kept out of this jar so that the
 * library and the CLI do not carry Spark.
 */
package org.zoolab.distributed;
