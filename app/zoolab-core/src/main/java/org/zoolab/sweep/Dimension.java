package org.zoolab.sweep;

import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.distribution.LogUniformDistribution;
import org.deeplearning4j.arbiter.optimize.parameter.FixedValue;
import org.deeplearning4j.arbiter.optimize.parameter.continuous.ContinuousParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.discrete.DiscreteParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.integer.IntegerParameterSpace;

import java.util.List;

/**
 * One axis of a search space: an experiment key ({@link SweptKey}) and how its values are drawn.
 * <ul>
 *   <li>{@code uniform: [a, b]}: a real number, uniform in [a, b]; a grid takes {@code resolution} evenly spaced
 *       values from a to b.</li>
 *   <li>{@code logUniform: [a, b]}: a real number whose logarithm is uniform (a &gt; 0); a grid takes values evenly
 *       spaced on the log scale (1e-3, 1e-2, 1e-1 for [1e-3, 1e-1] at resolution 3).</li>
 *   <li>{@code int: [a, b]}: an integer, uniform in [a, b]; a grid takes min(b - a + 1, resolution) values.</li>
 *   <li>{@code values: [x, y, ...]}: one of the listed values (a grid takes all of them).</li>
 *   <li>{@code value: x} or a plain scalar: fixed.</li>
 * </ul>
 *
 * @param key    the experiment key it sets
 * @param kind   how values are drawn
 * @param min    lower bound (uniform, logUniform, int)
 * @param max    upper bound (uniform, logUniform, int)
 * @param values the choices (values) or the single fixed value (fixed)
 */
public record Dimension(SweptKey key, Kind kind, double min, double max, List<Object> values) {

    /** How a dimension's values are drawn. */
    public enum Kind {
        UNIFORM("uniform"), LOG_UNIFORM("logUniform"), INTEGER("int"), DISCRETE("values"), FIXED("value");

        private final String yamlKey;

        Kind(String yamlKey) {
            this.yamlKey = yamlKey;
        }

        /** The key that introduces this kind in a sweep file. */
        public String yamlKey() {
            return yamlKey;
        }
    }

    public Dimension {
        values = values == null ? List.of() : List.copyOf(values);
    }

    /** True when the dimension takes more than one value. */
    public boolean isSwept() {
        return kind != Kind.FIXED;
    }

    /** True when its values are best plotted on a log axis. */
    public boolean isLogScale() {
        return kind == Kind.LOG_UNIFORM;
    }

    /** True when its values are numbers (plots put them on a numeric axis). */
    public boolean isNumeric() {
        return key.isNumeric();
    }

    /**
     * The Arbiter parameter space for this dimension. A one-value choice or a one-integer range becomes a
     * {@link FixedValue}: Arbiter's grid generator gives such a leaf an index but leaves it out of the candidate's
     * value vector, which shifts every later parameter (see {@link ExperimentSpace}).
     */
    public ParameterSpace<?> toParameterSpace() {
        return switch (kind) {
            case UNIFORM -> new ContinuousParameterSpace(min, max);
            case LOG_UNIFORM -> new ContinuousParameterSpace(new LogUniformDistribution(min, max));
            case INTEGER -> min == max ? new FixedValue<>((int) min) : new IntegerParameterSpace((int) min, (int) max);
            case DISCRETE -> values.size() == 1 ? new FixedValue<>(values.get(0)) : new DiscreteParameterSpace<>(values);
            case FIXED -> new FixedValue<>(values.get(0));
        };
    }

    /** How many values a grid of this resolution takes on this dimension. */
    public int gridSize(int resolution) {
        return switch (kind) {
            case UNIFORM, LOG_UNIFORM -> resolution;
            case INTEGER -> (int) Math.min(max - min + 1, resolution);
            case DISCRETE -> values.size();
            case FIXED -> 1;
        };
    }

    /** The dimension as written in a sweep file, e.g. {@code logUniform: [0.001, 0.1]}. */
    public String describe() {
        return switch (kind) {
            case UNIFORM, LOG_UNIFORM -> kind.yamlKey() + ": [" + SweptKey.format(min) + ", " + SweptKey.format(max) + "]";
            case INTEGER -> "int: [" + (long) min + ", " + (long) max + "]";
            case DISCRETE -> "values: " + values;
            case FIXED -> "value: " + values.get(0);
        };
    }
}
