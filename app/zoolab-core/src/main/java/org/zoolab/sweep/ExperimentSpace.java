package org.zoolab.sweep;

import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.util.LeafUtils;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Arbiter parameter space of a sweep: one leaf space per {@link Dimension}, in the order the sweep file
 * declares them; a point of the space is the map from each key to its value.
 * <p>
 * <b>Indices.</b> Arbiter's leaf spaces read their value from the position {@code setIndices} gave them; a leaf
 * whose index was never set fails with "ParameterSpace index has not been set". The generators set indices when
 * they are constructed, but this space sets them itself, in the same order ({@link LeafUtils#getUniqueObjects} over
 * {@link #collectLeaves()}), so {@link #getValue} also works on its own. Real values are rounded to 12 significant
 * digits. Fixed values are not leaves (Arbiter gives
 * them no index), and {@link Dimension#toParameterSpace()} turns one-value choices into fixed values so that
 * Arbiter's grid, which leaves one-value leaves out of its value vector, never shifts the later parameters.
 */
public final class ExperimentSpace implements ParameterSpace<Map<String, Object>> {
    private final List<Dimension> dimensions;
    private final Map<String, ParameterSpace<?>> spaces = new LinkedHashMap<>();
    private final int numParameters;

    public ExperimentSpace(List<Dimension> dimensions) {
        this.dimensions = List.copyOf(dimensions);
        for (Dimension d : dimensions) {
            spaces.put(d.key().yamlName(), d.toParameterSpace());
        }
        int i = 0;
        for (ParameterSpace leaf : LeafUtils.getUniqueObjects(collectLeaves())) {
            int n = leaf.numParameters();
            int[] idx = new int[n];
            for (int j = 0; j < n; j++) idx[j] = i++;
            leaf.setIndices(idx);
        }
        this.numParameters = i;
    }

    public List<Dimension> dimensions() {
        return dimensions;
    }

    /** The values of the point {@code parameterValues} (each in [0, 1]), keyed by experiment key. */
    @Override
    public Map<String, Object> getValue(double[] parameterValues) {
        if (parameterValues.length != numParameters) {
            throw new IllegalArgumentException("expected " + numParameters + " parameter values, got " + parameterValues.length);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (Dimension d : dimensions) {
            Object v = spaces.get(d.key().yamlName()).getValue(parameterValues);
            if (v instanceof Double x && (d.kind() == Dimension.Kind.UNIFORM || d.kind() == Dimension.Kind.LOG_UNIFORM)) {
                v = tidy(x, d.min(), d.max());
            }
            m.put(d.key().yamlName(), v);
        }
        return m;
    }

    /**
     * A drawn real number to 12 significant digits, within its bounds: the log-uniform grid's exp(log(a)) is
     * 0.0010000000000000002 for a = 0.001, which helps no one reading results.csv.
     */
    static double tidy(double x, double min, double max) {
        if (x == 0 || !Double.isFinite(x)) return x;
        double r = new java.math.BigDecimal(x).round(new java.math.MathContext(12)).doubleValue();
        return Math.max(min, Math.min(max, r));
    }

    /**
     * The space of one key's value, reading the same leaf as this space (so the same point gives the same value as
     * {@link #getValue}, rounding included): how {@link ZooGraphSpace} shares the {@code dropout} key with the
     * graph's dropout layers. Null when the sweep does not name the key.
     */
    @SuppressWarnings("unchecked")
    public <T> ParameterSpace<T> valueSpace(SweptKey key) {
        for (Dimension d : dimensions) {
            if (d.key() != key) continue;
            ParameterSpace<T> leaf = (ParameterSpace<T>) spaces.get(key.yamlName());
            if (d.kind() != Dimension.Kind.UNIFORM && d.kind() != Dimension.Kind.LOG_UNIFORM) return leaf;
            return (ParameterSpace<T>) new TidySpace((ParameterSpace<Double>) leaf, d.min(), d.max());
        }
        return null;
    }

    /** A real leaf's value as {@link #getValue} reports it ({@link #tidy}). */
    private static final class TidySpace extends org.deeplearning4j.arbiter.optimize.api.AbstractParameterSpace<Double> {
        private final ParameterSpace<Double> leaf;
        private final double min, max;

        TidySpace(ParameterSpace<Double> leaf, double min, double max) {
            this.leaf = leaf;
            this.min = min;
            this.max = max;
        }

        @Override
        public Double getValue(double[] parameterValues) {
            return tidy(leaf.getValue(parameterValues), min, max);
        }

        @Override
        public int numParameters() {
            return leaf.numParameters();
        }

        @Override
        public List<ParameterSpace> collectLeaves() {
            return leaf.collectLeaves();
        }

        @Override
        public Map<String, ParameterSpace> getNestedSpaces() {
            return Map.of("leaf", leaf);
        }

        @Override
        public boolean isLeaf() {
            return false;
        }

        @Override
        public void setIndices(int... indices) {
            throw new UnsupportedOperationException("indexed by its ExperimentSpace");
        }
    }

    @Override
    public int numParameters() {
        return numParameters;
    }

    @Override
    public List<ParameterSpace> collectLeaves() {
        List<ParameterSpace> leaves = new ArrayList<>();
        for (ParameterSpace<?> s : spaces.values()) {
            leaves.addAll(s.collectLeaves());
        }
        return leaves;
    }

    @Override
    public Map<String, ParameterSpace> getNestedSpaces() {
        return Collections.unmodifiableMap(spaces);
    }

    @Override
    public boolean isLeaf() {
        return false;
    }

    @Override
    public void setIndices(int... indices) {
        throw new UnsupportedOperationException("ExperimentSpace is not a leaf; its leaves are indexed when it is built");
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ExperimentSpace(");
        for (Dimension d : dimensions) {
            if (sb.length() > "ExperimentSpace(".length()) sb.append(", ");
            sb.append(d.key().yamlName()).append(": ").append(d.describe());
        }
        return sb.append(')').toString();
    }
}
