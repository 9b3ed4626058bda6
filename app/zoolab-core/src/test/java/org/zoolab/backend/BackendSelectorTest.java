package org.zoolab.backend;

import org.junit.jupiter.api.Test;
import org.zoolab.BadInputException;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackendSelectorTest {
    private static final Optional<String> DRIVER_OK = Optional.empty();
    private static final Optional<String> NO_DRIVER = Optional.of("no NVIDIA kernel driver");

    @Test
    void cpuOnlyBuildRunsCpuWithoutRestart() {
        BackendPlan plan = BackendSelector.plan(BackendChoice.CPU, new BackendSelector.Facts(false, NO_DRIVER, Map.of()));
        assertThat(plan.backend()).isEqualTo(BackendChoice.CPU);
        assertThat(plan.restartJvm()).isFalse();
        assertThat(plan.environment()).containsEntry("BACKEND_PRIORITY_CPU", "1000").containsEntry("BACKEND_PRIORITY_GPU", "0");
    }

    @Test
    void cpuWithCudaInBuildRestartsUnlessEnvironmentAlreadyPrefersCpu() {
        var facts = new BackendSelector.Facts(true, DRIVER_OK, Map.of());
        assertThat(BackendSelector.plan(BackendChoice.CPU, facts).restartJvm())
                .as("ND4J's default GPU priority 100 beats CPU's 0").isTrue();
        var prefersCpu = new BackendSelector.Facts(true, DRIVER_OK,
                Map.of("BACKEND_PRIORITY_CPU", "1000", "BACKEND_PRIORITY_GPU", "0"));
        assertThat(BackendSelector.plan(BackendChoice.CPU, prefersCpu).restartJvm()).isFalse();
    }

    @Test
    void cudaWithoutBackendInBuildIsABadInputNamingTheProfile() {
        assertThatThrownBy(() -> BackendSelector.plan(BackendChoice.CUDA, new BackendSelector.Facts(false, DRIVER_OK, Map.of())))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("nd4j-cuda-11.6")
                .hasMessageContaining("-Pcuda");
    }

    @Test
    void cudaWithoutDriverNamesWhatIsMissing() {
        assertThatThrownBy(() -> BackendSelector.plan(BackendChoice.CUDA, new BackendSelector.Facts(true, NO_DRIVER, Map.of())))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("no usable NVIDIA GPU")
                .hasMessageContaining("no NVIDIA kernel driver");
    }

    @Test
    void cudaUsableKeepsDefaultPrioritiesAndOverridesCpuPreference() {
        assertThat(BackendSelector.plan(BackendChoice.CUDA, new BackendSelector.Facts(true, DRIVER_OK, Map.of())).restartJvm())
                .as("GPU's default priority already wins").isFalse();
        var prefersCpu = new BackendSelector.Facts(true, DRIVER_OK, Map.of("BACKEND_PRIORITY_CPU", "1000"));
        BackendPlan plan = BackendSelector.plan(BackendChoice.CUDA, prefersCpu);
        assertThat(plan.restartJvm()).isTrue();
        assertThat(plan.environment()).containsEntry("BACKEND_PRIORITY_GPU", "1000");
    }

    @Test
    void autoSaysWhichAndWhy() {
        BackendPlan noBuild = BackendSelector.plan(BackendChoice.AUTO, new BackendSelector.Facts(false, DRIVER_OK, Map.of()));
        assertThat(noBuild.backend()).isEqualTo(BackendChoice.CPU);
        assertThat(noBuild.reason()).contains("CPU").contains("not in this build");

        BackendPlan noDriver = BackendSelector.plan(BackendChoice.AUTO, new BackendSelector.Facts(true, NO_DRIVER, Map.of()));
        assertThat(noDriver.backend()).isEqualTo(BackendChoice.CPU);
        assertThat(noDriver.reason()).contains("no NVIDIA kernel driver");
        assertThat(noDriver.restartJvm()).as("CUDA jar present: CPU must be forced").isTrue();

        BackendPlan gpu = BackendSelector.plan(BackendChoice.AUTO, new BackendSelector.Facts(true, DRIVER_OK, Map.of()));
        assertThat(gpu.backend()).isEqualTo(BackendChoice.CUDA);
        assertThat(gpu.reason()).contains("CUDA");
    }

    @Test
    void parseRejectsUnknownNames() {
        assertThat(BackendChoice.parse("CuDa")).isEqualTo(BackendChoice.CUDA);
        assertThat(BackendChoice.parse(null)).isEqualTo(BackendChoice.CPU);
        assertThatThrownBy(() -> BackendChoice.parse("gpu")).isInstanceOf(BadInputException.class)
                .hasMessage("--backend: expected cpu, cuda or auto, got 'gpu'");
    }

    @Test
    void thisMachineHasNoCudaInTheDefaultBuild() {
        assertThat(BackendSelector.currentFacts().cudaInBuild()).isFalse();
    }
}
