package org.zoolab.sweep;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every sweep file shipped in sweeps/ reads, and its grid (if any) passes the grid check. */
class ExampleSweepsTest {
    static final Path DIR = Path.of("../../sweeps");

    @Test
    void everyShippedSweepReads() throws Exception {
        List<Path> files;
        try (var s = Files.list(DIR)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString())
                .contains("lenet5-lr-momentum.yaml", "vgg-configuration-random.yaml", "resnet-depth-grid.yaml", "vgg-dropout-grid.yaml");
        for (Path f : files) {
            SweepDefinition d = SweepDefinition.read(f);
            assertThat(d.name()).isEqualTo(f.getFileName().toString().replace(".yaml", ""));
            if (d.search().generator() == SweepDefinition.Generator.GRID) GridCheck.verify(d, d.gridSize());
        }
        SweepDefinition lenet = SweepDefinition.read(DIR.resolve("lenet5-lr-momentum.yaml"));
        assertThat(lenet.plannedCandidates()).isEqualTo(9);
        assertThat(GridCheck.enumerate(lenet)).extracting(v -> v.get("lr") + "/" + v.get("momentum"))
                .containsExactly("0.01/0.0", "0.1/0.0", "1.0/0.0", "0.01/0.5", "0.1/0.5", "1.0/0.5", "0.01/0.9", "0.1/0.9", "1.0/0.9");
        SweepDefinition dropout = SweepDefinition.read(DIR.resolve("vgg-dropout-grid.yaml"));
        assertThat(GridCheck.enumerate(dropout)).extracting(v -> v.get("dropout") + "/" + v.get("lr"))
                .containsExactly("0.0/0.005", "0.3/0.005", "0.5/0.005", "0.7/0.005", "0.0/0.01", "0.3/0.01", "0.5/0.01", "0.7/0.01");
    }
}
