package org.zoolab.sweep;

import org.deeplearning4j.arbiter.optimize.api.Candidate;
import org.deeplearning4j.arbiter.optimize.generator.GridSearchCandidateGenerator;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks that Arbiter's grid really is the grid the sweep file describes before any candidate trains: as many
 * candidates as the product of the per-key value counts, no two alike, and every swept key taking its full count
 * of values. DL4J's issue 8751 (grid search that never varied its parameters) and the shifted value vector of
 * one-value leaves are the failures this catches.
 */
final class GridCheck {
    /** Grids larger than this are checked by count only. */
    static final long ENUMERATE_LIMIT = 100_000;

    private GridCheck() {
    }

    /** The grid's candidates' values, in Arbiter's sequential order (the first key varies fastest). */
    static List<Map<String, Object>> enumerate(SweepDefinition sweep) {
        GridSearchCandidateGenerator g = new GridSearchCandidateGenerator(sweep.space(), sweep.search().resolution(),
                GridSearchCandidateGenerator.Mode.Sequential, null);
        List<Map<String, Object>> out = new ArrayList<>();
        while (g.hasMoreCandidates()) {
            Candidate c = g.getCandidate();
            if (c.getException() != null) {
                throw new IllegalStateException("Arbiter's grid could not build candidate " + c.getIndex(), c.getException());
            }
            @SuppressWarnings("unchecked") Map<String, Object> v = (Map<String, Object>) c.getValue();
            out.add(v);
        }
        return out;
    }

    static void verify(SweepDefinition sweep, long arbiterSize) {
        long expected = sweep.gridSize();
        if (arbiterSize != expected) {
            throw new IllegalStateException("Arbiter's grid has " + arbiterSize + " candidates, the sweep's keys give " + expected);
        }
        if (expected > ENUMERATE_LIMIT) return;
        List<Map<String, Object>> all = enumerate(sweep);
        if (all.size() != expected) {
            throw new IllegalStateException("Arbiter's grid produced " + all.size() + " candidates, expected " + expected);
        }
        if (new HashSet<>(all).size() != all.size()) {
            throw new IllegalStateException("Arbiter's grid produced the same candidate twice: it does not vary every parameter");
        }
        for (Dimension d : sweep.dimensions()) {
            Set<Object> seen = new HashSet<>();
            for (Map<String, Object> v : all) seen.add(v.get(d.key().yamlName()));
            int want = d.gridSize(sweep.search().resolution());
            if (seen.size() != want) {
                throw new IllegalStateException("Arbiter's grid gives '" + d.key().yamlName() + "' " + seen.size()
                        + " values, expected " + want + " (" + d.describe() + ")");
            }
        }
    }
}
