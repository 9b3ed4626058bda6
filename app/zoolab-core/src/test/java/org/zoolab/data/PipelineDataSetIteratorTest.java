package org.zoolab.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PipelineDataSetIteratorTest {
    @TempDir
    Path root;

    @Test
    void batchesBecomeNchwFloatFeaturesAndOneHotLabels() {
        byte[][] px = new byte[5][3 * 4 * 4];
        for (int i = 0; i < 5; i++) {
            px[i][0] = (byte) (i * 10);
        }
        ArrayImageSource src = new ArrayImageSource("five", 5, 3, 4, 4, i -> px[i], i -> i % 3, List.of("a", "b", "c"), root);
        PipelineSpec spec = PipelineSpec.parse("t.yaml", """
                name: t
                source: {type: cifar10, dataset: five}
                train:
                  - scale-values: {divide-by: 255}
                eval:
                  - scale-values: {divide-by: 255}
                batch-size: 2
                """);
        PipelineDataSetIterator it = new PipelineDataSetIterator(Pipeline.eval(spec, src, null, PipelineSpec.EvalMode.CENTER), 1, new BadFileReport(false));
        assertThat(it.asyncSupported()).isFalse();
        assertThat(it.inputColumns()).isEqualTo(48);
        assertThat(it.totalOutcomes()).isEqualTo(3);
        DataSet first = it.next();
        assertThat(first.getFeatures().shape()).containsExactly(2, 3, 4, 4);
        assertThat(first.getFeatures().dataType()).isEqualTo(DataType.FLOAT);
        assertThat(first.getFeatures().getFloat(1, 0, 0, 0)).isCloseTo(10 / 255f, within(1e-7f));
        assertThat(first.getLabels().ravel().toFloatVector()).containsExactly(1, 0, 0, 0, 1, 0);
        it.next();
        DataSet last = it.next();
        assertThat(last.getFeatures().shape()).containsExactly(1, 3, 4, 4);
        assertThat(it.hasNext()).isFalse();
        it.reset();
        assertThat(it.epoch()).isEqualTo(1);
        assertThat(it.next().getLabels().ravel().toFloatVector()).containsExactly(1, 0, 0, 0, 1, 0);
        it.close();

        INDArray probs = Nd4j.create(new float[]{1, 0, 0, 1, 0.2f, 0.8f, 0.4f, 0.6f}, new long[]{4, 2});
        assertThat(PipelineDataSetIterator.averageViews(probs, 2).ravel().toFloatVector()).containsExactly(new float[]{0.5f, 0.5f, 0.3f, 0.7f}, within(1e-6f));
    }

    @Test
    void masksBecomeOneHotPerPixel() {
        Batch b = new Batch(new float[2 * 1 * 2 * 2], 2, 1, 2, 2, new int[]{-1, -1}, new float[]{0, 1, 1, 0, 1, 1, 1, 1}, 1,
                List.of("p", "q"), 0);
        DataSet ds = PipelineDataSetIterator.toDataSet(b, 2);
        assertThat(ds.getLabels().shape()).containsExactly(2, 2, 2, 2);
        assertThat(ds.getLabels().getFloat(0, 0, 0, 0)).isEqualTo(1f);
        assertThat(ds.getLabels().getFloat(0, 1, 0, 1)).isEqualTo(1f);
        assertThat(ds.getLabels().getFloat(0, 0, 0, 1)).isEqualTo(0f);
        assertThat(ds.getLabels().getFloat(1, 1, 1, 1)).isEqualTo(1f);
    }
}
