package org.zoolab.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The held-out split of a tree without a validation folder, and epoch-addressed pipeline iterators (resume). */
class SubsetSourceTest {
    @TempDir
    Path root;

    ArrayImageSource source(int n, int classes) {
        return new ArrayImageSource("set", n, 1, 8, 8, i -> {
            byte[] px = new byte[64];
            Arrays.fill(px, (byte) (i * 3));
            return px;
        }, i -> i % classes, IntStream.range(0, classes).mapToObj(c -> "c" + c).toList(), root);
    }

    @Test
    void holdOutTakesRoundRobinOverClassesKeepsLabelsAndIsTheSameEveryTime() {
        ArrayImageSource all = source(15, 3);           // 5 examples per class
        SubsetSource[] parts = SubsetSource.holdOut(all, 4);
        assertThat(parts[0].size()).isEqualTo(11);
        assertThat(parts[1].size()).isEqualTo(4);
        List<Integer> heldLabels = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            heldLabels.add(parts[1].label(i));
        }
        assertThat(heldLabels).containsExactlyInAnyOrder(0, 0, 1, 2);   // round 1: one per class; round 2: class 0
        assertThat(parts[0].classNames()).containsExactly("c0", "c1", "c2");
        int[] both = IntStream.concat(Arrays.stream(parts[0].indices()), Arrays.stream(parts[1].indices())).sorted().toArray();
        assertThat(both).containsExactly(IntStream.range(0, 15).toArray());
        for (int i = 0; i < parts[1].size(); i++) {
            assertThat(parts[1].label(i)).isEqualTo(all.label(parts[1].indices()[i]));
            assertThat(parts[1].name(i)).isEqualTo(all.name(parts[1].indices()[i]));
        }
        assertThat(SubsetSource.holdOut(all, 4)[1].indices()).containsExactly(parts[1].indices());
        assertThat(parts[1].describe()).isEqualTo("4 images (held out) of " + all.describe());
    }

    @Test
    void anIteratorStartedAtEpochOneGivesWhatTheSecondEpochGives() {
        PipelineSpec spec = PipelineSpec.parse("t.yaml", """
                name: t
                source: {type: idx, dataset: set}
                decode: {channels: 1}
                train:
                  - random-crop: {size: 6}
                  - horizontal-mirror: {p: 0.5}
                eval:
                  - center-crop: {size: 6}
                batch-size: 4
                """);
        Pipeline p = Pipeline.train(spec, source(10, 2), null);
        PipelineDataSetIterator fromZero = new PipelineDataSetIterator(p, 11, new BadFileReport(false), 0, 3);
        List<DataSet> epoch0 = drain(fromZero);
        fromZero.reset();
        List<DataSet> epoch1 = drain(fromZero);
        List<DataSet> direct = drain(new PipelineDataSetIterator(p, 11, new BadFileReport(false), 1, 3));
        assertThat(epoch1).hasSize(4);   // 10 examples in batches of 3 (not the spec's 4)
        assertThat(direct).hasSize(4);
        for (int b = 0; b < 4; b++) {
            assertThat(direct.get(b).getFeatures()).isEqualTo(epoch1.get(b).getFeatures());
            assertThat(direct.get(b).getLabels()).isEqualTo(epoch1.get(b).getLabels());
        }
        assertThat(epoch0.get(0).getFeatures()).isNotEqualTo(epoch1.get(0).getFeatures());
    }

    private static List<DataSet> drain(PipelineDataSetIterator it) {
        List<DataSet> out = new ArrayList<>();
        while (it.hasNext()) {
            out.add(it.next());
        }
        return out;
    }
}
