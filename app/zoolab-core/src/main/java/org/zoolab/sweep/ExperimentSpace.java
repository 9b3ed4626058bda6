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
 * {@link #collectLeaves()}), so {@link #getValue} also works on its own. Fixed values are not leaves (Arbiter gives
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
        for (Map.Entry<String, ParameterSpace<?>> e : spaces.entrySet()) {
            m.put(e.getKey(), e.getValue().getValue(parameterValues));
        }
        return m;
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
