package org.zoolab.train;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.zoolab.io.StrictYaml.require;

/**
 * A warm-up phase before a recipe's schedule: train at {@code lr} until the running training error falls below
 * {@code untilError} (at most {@code maxIterations} updates), then go on with the recipe's rate and schedule.
 * ResNet-110 on CIFAR-10 (He et al. 2015, section 4.2): "we use 0.01 to warm up the training until the training
 * error is below 80% (about 400 iterations), and then go back to 0.1".
 * <p>
 * The training error of a step is the fraction of its batch that the network, just before the update, classifies
 * wrongly (top-1, in inference mode: batch normalization uses its running statistics, dropout is off); the running
 * error is the mean over the last {@code window} steps, and is only taken once {@code window} steps are in. The
 * step that brings it below the threshold still trains at the warm-up rate; the rate changes from the next one.
 * Where the warm-up stands ({@link State}) is part of every checkpoint, so a resumed run continues a warm-up in
 * progress and never warms up again once it has switched.
 *
 * @param lr            the learning rate during the warm-up
 * @param untilError    the warm-up ends when the running training error is below this fraction (0.8: 80%)
 * @param window        how many recent steps the running training error averages
 * @param maxIterations the warm-up ends after this many updates at the latest
 */
public record Warmup(Double lr, Double untilError, Integer window, Integer maxIterations) {

    public Warmup {
        require(lr != null && lr > 0 && Double.isFinite(lr), "lr", "the warm-up rate must be a positive number, got " + lr);
        require(untilError != null && untilError > 0 && untilError <= 1, "untilError",
                "must be a training error fraction in (0, 1] (0.8: below 80%), got " + untilError);
        require(window != null && window >= 1, "window",
                "the number of steps the running training error averages must be >= 1, got " + window);
        require(maxIterations != null && maxIterations >= window, "maxIterations",
                "the warm-up's cap in iterations must be at least its window (" + window + "), got " + maxIterations);
    }

    /**
     * Where a warm-up stands.
     *
     * @param done     true once the recipe's own rate is back
     * @param errors   the training errors of the last (at most {@code window}) steps, oldest first
     * @param endedAt  the iteration after which the warm-up ended (-1: not yet)
     */
    public record State(boolean done, List<Double> errors, int endedAt) {
        /** A warm-up that has not started. */
        public static final State START = new State(false, List.of(), -1);

        public State {
            errors = errors == null ? List.of() : List.copyOf(errors);
        }

        /** The mean of {@link #errors}, NaN when there are none. */
        @JsonIgnore
        public double runningError() {
            return errors.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }
    }

    /**
     * The state after the step that made {@code iteration} updates (1-based) and had training error {@code error}.
     * A finished warm-up stays finished.
     */
    public State next(State s, int iteration, double error) {
        if (s.done()) return s;
        List<Double> errors = new ArrayList<>(s.errors());
        errors.add(error);
        while (errors.size() > window) errors.remove(0);
        State n = new State(false, errors, -1);
        boolean low = errors.size() == window && n.runningError() < untilError;
        return low || iteration >= maxIterations ? new State(true, errors, iteration) : n;
    }

    /** The train.log line for the end of the warm-up in {@code s}, going on at the rate {@code next}. */
    public String endNote(State s, double next) {
        double running = s.runningError();
        boolean low = s.errors().size() == window && running < untilError;
        return String.format(Locale.ROOT, "warm-up over after iteration %d: %s; learning rate %.3g -> %.3g", s.endedAt(),
                low ? String.format(Locale.ROOT, "training error %.1f%% (mean of the last %d steps) is below %.0f%%",
                        100 * running, window, 100 * untilError)
                        : String.format(Locale.ROOT, "reached its cap of %d iterations (training error %.1f%%, not below %.0f%%)",
                        maxIterations, 100 * running, 100 * untilError),
                lr, next);
    }

    /**
     * The top-1 error of {@code output} against one-hot {@code labels}, both [batch, classes]: the fraction of rows
     * whose largest output is not at the label's class.
     */
    public static double error(INDArray output, INDArray labels) {
        if (output.rank() != 2 || labels.rank() != 2) {
            throw new IllegalArgumentException("a warm-up needs a classifier with [batch, classes] outputs, got output shape "
                    + java.util.Arrays.toString(output.shape()));
        }
        long n = output.size(0);
        if (n == 0) return Double.NaN;
        long wrong = n - output.argMax(1).eq(labels.argMax(1)).castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().longValue();
        return (double) wrong / n;
    }

    /** Short description for logs: "warm-up at lr 0.01 until training error < 80% (at most 2000 iterations)". */
    @JsonIgnore
    public String describe() {
        return String.format(Locale.ROOT, "warm-up at lr %s until training error < %.0f%% (mean of %d steps, at most %d iterations)",
                lr, 100 * untilError, window, maxIterations);
    }
}
