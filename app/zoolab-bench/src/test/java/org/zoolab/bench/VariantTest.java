package org.zoolab.bench;

import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.zoolab.zoo.Zoo;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VariantTest {

    @Test
    void parsesLeversInOrderAndPrintsThemBack() {
        Variant v = Variant.parse("workspace=none, cache=HOST,dtype=bfloat16,omp=1");
        assertThat(v.toString()).isEqualTo("workspace=none,cache=host,dtype=bfloat16,omp=1");
        assertThat(v.levers()).containsExactlyInAnyOrderEntriesOf(
                Map.of("workspace", "none", "cache", "host", "dtype", "bfloat16", "omp", "1"));
        assertThat(v.cacheMode()).isEqualTo(CacheMode.HOST);
        assertThat(v.dataType()).isEqualTo(DataType.BFLOAT16);
        assertThat(v.isDefault()).isFalse();
    }

    @Test
    void emptyOrDefaultIsZoolabsDefaults() {
        assertThat(Variant.parse("").isDefault()).isTrue();
        assertThat(Variant.parse("default").toString()).isEqualTo("default");
        assertThat(Variant.defaults().dataType()).isEqualTo(DataType.FLOAT);
        assertThat(Variant.defaults().cacheMode()).isNull();
    }

    @Test
    void badLeversAreNamed() {
        assertThatThrownBy(() -> Variant.parse("cache=gpu"))
                .hasMessage("variant: cache=gpu: expected one of none, host, device");
        assertThatThrownBy(() -> Variant.parse("workspaces=none"))
                .hasMessage("variant: unknown lever 'workspaces'; expected workspace, cache, dtype, helpers, threads, "
                        + "master-threads, blas-threads, omp, omp-wait, blas-timeout, blas, input-grad, malloc or layout");
        assertThatThrownBy(() -> Variant.parse("omp-wait=sleep"))
                .hasMessage("variant: omp-wait=sleep: expected one of active, passive");
        assertThatThrownBy(() -> Variant.parse("omp=0")).hasMessage("variant: omp=0: expected at least 1 thread");
        assertThatThrownBy(() -> Variant.parse("blas-timeout=2"))
                .hasMessage("variant: blas-timeout=2: expected 4..30 (OpenBLAS clamps to that)");
        assertThatThrownBy(() -> Variant.parse("blas-timeout=short"))
                .hasMessage("variant: blas-timeout=short: expected a whole number 4..30");
        assertThat(Variant.parse("blas-timeout=4").toString()).isEqualTo("blas-timeout=4");
        assertThatThrownBy(() -> Variant.parse("malloc=jemalloc"))
                .hasMessage("variant: malloc=jemalloc: expected one of default, keep");
        assertThat(Variant.parse("malloc=keep").toString()).isEqualTo("malloc=keep");
        assertThatThrownBy(() -> Variant.parse("threads=two"))
                .hasMessage("variant: threads=two: expected a whole number of threads");
        assertThatThrownBy(() -> Variant.parse("dtype")).hasMessage("variant 'dtype': expected key=value, got 'dtype'");
        assertThatThrownBy(() -> Variant.parse("cache=host,cache=none"))
                .hasMessage("variant 'cache=host,cache=none': lever 'cache' given twice");
    }

    /** What docs/benchmarks.md states as zoolab's defaults for the suite's classifiers. */
    @Test
    void zoolabsDefaultsAreDl4jsWorkspacesOnNoCacheFloat() {
        for (String model : new String[]{"lenet5", "resnet-20", "alexnet", "resnet-50", "vgg-d"}) {
            ComputationGraphConfiguration conf = Zoo.get(model).configuration();
            assertThat(conf.getTrainingWorkspaceMode()).as(model).isEqualTo(WorkspaceMode.ENABLED);
            assertThat(conf.getInferenceWorkspaceMode()).as(model).isEqualTo(WorkspaceMode.ENABLED);
            assertThat(conf.getCacheMode()).as(model).isEqualTo(CacheMode.NONE);
            assertThat(conf.getDataType()).as(model).isEqualTo(DataType.FLOAT);
        }
    }

    @Test
    void appliesWorkspaceAndDataTypeToACopyOfTheConfiguration() {
        ComputationGraphConfiguration conf = Zoo.get("lenet5").configuration();

        ComputationGraphConfiguration c = Variant.parse("workspace=none,dtype=half").apply(conf);
        assertThat(c.getTrainingWorkspaceMode()).isEqualTo(WorkspaceMode.NONE);
        assertThat(c.getInferenceWorkspaceMode()).isEqualTo(WorkspaceMode.NONE);
        assertThat(c.getDataType()).isEqualTo(DataType.HALF);
        assertThat(conf.getTrainingWorkspaceMode()).isEqualTo(WorkspaceMode.ENABLED);
    }
}
