package org.zoolab.sweep;

import org.deeplearning4j.arbiter.optimize.api.Candidate;
import org.deeplearning4j.arbiter.optimize.generator.GridSearchCandidateGenerator;
import org.deeplearning4j.arbiter.optimize.generator.RandomSearchGenerator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Arbiter's generators over zoolab's experiment space: exact grids, bounds and scales of random search, resumption. */
class GeneratorTest {

    static SweepDefinition sweep(String space, String search) {
        return SweepDefinition.parse("g.yaml", "base: {model: lenet5, data: mnist}\nspace:\n" + space + "search: " + search
                + "\nbudget: {maxCandidates: 1000}\n", null);
    }

    @Test
    void gridVisitsExactlyTheGridFirstKeyFastest() {
        // a one-value choice before the continuous key: Arbiter's grid leaves such leaves out of its value vector
        SweepDefinition d = sweep("""
                  batch: {values: [64]}
                  lr: {logUniform: [0.001, 0.1]}
                  momentum: {values: [0.5, 0.9]}
                  optimizer: momentum
                """, "{generator: grid, resolution: 3}");
        List<Map<String, Object>> grid = GridCheck.enumerate(d);
        assertThat(grid).hasSize(6);
        double[] lrs = {0.001, 0.01, 0.1};
        double[] ms = {0.5, 0.9};
        for (int i = 0; i < 6; i++) {
            Map<String, Object> v = grid.get(i);
            assertThat(v.keySet()).containsExactly("batch", "lr", "momentum", "optimizer");
            assertThat(v.get("batch")).isEqualTo(64);
            assertThat(v.get("lr")).isEqualTo(lrs[i % 3]);   // exactly: 12 significant digits
            assertThat(v.get("momentum")).isEqualTo(ms[i / 3]);
            assertThat(v.get("optimizer")).isEqualTo("momentum");
        }
        GridCheck.verify(d, 6);
    }

    @Test
    void gridOfIntegersTakesAtMostResolutionValuesAndAllOfASmallRange() {
        SweepDefinition d = sweep("""
                  epochs: {int: [1, 10]}
                  batch: {int: [16, 17]}
                  seed: {int: [5, 5]}
                  lr: 0.01
                """, "{generator: grid, resolution: 3}");
        List<Map<String, Object>> grid = GridCheck.enumerate(d);
        Set<List<Object>> points = new HashSet<>();
        for (Map<String, Object> v : grid) points.add(List.of(v.get("epochs"), v.get("batch"), v.get("seed")));
        assertThat(points).containsExactlyInAnyOrder(
                List.of(1, 16, 5), List.of(5, 16, 5), List.of(10, 16, 5),
                List.of(1, 17, 5), List.of(5, 17, 5), List.of(10, 17, 5));
        assertThat(d.gridSize()).isEqualTo(6);
    }

    @Test
    void gridOverModelsAndOptimizersCoversEveryPair() {
        SweepDefinition d = sweep("""
                  model: {values: [vgg-a, vgg-d, vgg-e]}
                  optimizer: {values: [sgd, adam]}
                """, "{generator: grid}");
        Set<List<Object>> points = new HashSet<>();
        for (Map<String, Object> v : GridCheck.enumerate(d)) points.add(List.of(v.get("model"), v.get("optimizer")));
        assertThat(points).hasSize(6).contains(List.of("vgg-a", "sgd"), List.of("vgg-e", "adam"), List.of("vgg-d", "adam"));
    }

    @Test
    void theSpaceGivesValuesWithoutAGeneratorSettingIndices() {
        ExperimentSpace s = sweep("  momentum: {uniform: [0.0, 0.5]}\n  batch: {int: [10, 20]}\n", "{generator: random}").space();
        assertThat(s.numParameters()).isEqualTo(2);
        Map<String, Object> v = s.getValue(new double[]{0.25, 1.0});
        assertThat((Double) v.get("momentum")).isCloseTo(0.125, within(1e-12));
        assertThat(v.get("batch")).isEqualTo(20);
    }

    static List<Map<String, Object>> draw(SweepDefinition d, long seed, int n) {
        RandomSearchGenerator g = new RandomSearchGenerator(d.space(), null);
        g.setRngSeed(seed);
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            @SuppressWarnings("unchecked") Map<String, Object> v = (Map<String, Object>) g.getCandidate().getValue();
            out.add(v);
        }
        return out;
    }

    @Test
    void randomSearchRespectsBoundsAndTheLogScale() {
        SweepDefinition d = sweep("""
                  lr: {logUniform: [0.0001, 0.1]}
                  momentum: {uniform: [0.5, 0.9]}
                  batch: {int: [16, 19]}
                  model: {values: [lenet5, mlp]}
                """, "{generator: random, seed: 3}");
        List<Map<String, Object>> draws = draw(d, 3, 3000);
        int lrBelow1e2 = 0, lrBelow1e3 = 0, momentumLow = 0;
        Set<Object> batches = new HashSet<>(), models = new HashSet<>();
        for (Map<String, Object> v : draws) {
            double lr = (Double) v.get("lr"), m = (Double) v.get("momentum");
            assertThat(lr).isBetween(0.0001, 0.1);
            assertThat(m).isBetween(0.5, 0.9);
            if (lr < 0.01) lrBelow1e2++;
            if (lr < 0.001) lrBelow1e3++;
            if (m < 0.7) momentumLow++;
            batches.add(v.get("batch"));
            models.add(v.get("model"));
        }
        // log-uniform on [1e-4, 1e-1]: each decade holds a third of the draws (uniform would put 9% below 1e-2)
        assertThat(lrBelow1e3 / 3000.0).isCloseTo(1 / 3.0, within(0.04));
        assertThat(lrBelow1e2 / 3000.0).isCloseTo(2 / 3.0, within(0.04));
        assertThat(momentumLow / 3000.0).isCloseTo(0.5, within(0.04));
        assertThat(batches).containsExactlyInAnyOrder(16, 17, 18, 19);
        assertThat(models).containsExactlyInAnyOrder("lenet5", "mlp");
    }

    @Test
    void randomSearchIsAFunctionOfItsSeed() {
        SweepDefinition d = sweep("  lr: {logUniform: [0.0001, 0.1]}\n  momentum: {uniform: [0.5, 0.9]}\n", "{generator: random}");
        assertThat(draw(d, 7, 20)).isEqualTo(draw(d, 7, 20));
        assertThat(draw(d, 7, 20)).isNotEqualTo(draw(d, 8, 20));
    }

    @Test
    void resumingGeneratorSkipsFinishedCandidatesAndStopsAtTheBudget() {
        SweepDefinition d = sweep("  lr: {logUniform: [0.0001, 0.1]}\n", "{generator: random}");
        List<Map<String, Object>> all = draw(d, 7, 6);
        RandomSearchGenerator g = new RandomSearchGenerator(d.space(), null);
        g.setRngSeed(7);
        ResumingCandidateGenerator r = new ResumingCandidateGenerator(g, Set.of(0, 2, 3), 6, (c, e) -> {
        });
        List<Integer> indices = new ArrayList<>();
        while (r.hasMoreCandidates()) {
            Candidate c = r.getCandidate();
            indices.add(c.getIndex());
            assertThat(c.getValue()).isEqualTo(all.get(c.getIndex()));   // candidate k is the same point as before
        }
        assertThat(indices).containsExactly(1, 4, 5);

        GridSearchCandidateGenerator grid = new GridSearchCandidateGenerator(
                sweep("  lr: {values: [0.1, 0.2, 0.3]}\n", "{generator: grid}").space(), 3, GridSearchCandidateGenerator.Mode.Sequential, null);
        ResumingCandidateGenerator rg = new ResumingCandidateGenerator(grid, Set.of(1), Long.MAX_VALUE, (c, e) -> {
        });
        List<Object> lrs = new ArrayList<>();
        while (rg.hasMoreCandidates()) lrs.add(((Map<?, ?>) rg.getCandidate().getValue()).get("lr"));
        assertThat(lrs).containsExactly(0.1, 0.3);
        assertThat(rg.hasMoreCandidates()).isFalse();
    }
}
