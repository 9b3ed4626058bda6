package org.zoolab.sweep;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.zoolab.train.Experiment;
import org.zoolab.train.TrainingResult;

import java.nio.file.Path;

/**
 * What a candidate's task hands to Arbiter's score function and model saver: the trained network, how its
 * training ended, its complete experiment and its run directory.
 *
 * @param graph      the trained network
 * @param result     how training ended (its last validation is the score's source)
 * @param experiment the candidate's complete experiment
 * @param runDir     its run directory
 */
public record TrainedCandidate(ComputationGraph graph, TrainingResult result, Experiment experiment, Path runDir) {
}
