package org.zoolab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SweepCommandTest {
    static final String TINY = """
            base: {model: mlp, data: synthetic, holdout: 0}
            limit: {train: 100, validation: 50}
            epochs: 1
            space:
              lr: {values: [0.001, 0.05]}
              model: mlp
            search: {generator: grid}
            """;

    @Test
    void sweepsWritesResultsAndPlotsAndResumes(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("tiny.yaml");
        Files.writeString(file, TINY);
        Path out = tmp.resolve("out");
        CliRun r = CliRun.of("sweep", file.toString(), "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("sweep    tiny: grid search over lr (values: [0.001, 0.05])")
                .contains("plan     2 candidates (grid of 2)")
                .contains("[1/2] c0000  lr 0.001000  val_top1 ")
                .contains("[2/2] c0001  lr 0.05000  val_top1 ")
                .contains("done     2 candidates: 2 ok, 0 failed")
                .contains("train it zoolab train --experiment " + out.resolve("best/experiment.yaml"));
        assertThat(out.resolve("results.csv")).isRegularFile();
        assertThat(out.resolve("plots/score-vs-lr.png")).isRegularFile();
        assertThat(out.resolve("plots/best-so-far.png")).isRegularFile();

        CliRun again = CliRun.of("sweep", "--resume", out.toString());
        assertThat(again.exitCode()).isEqualTo(0);
        assertThat(again.out()).contains("plan     2 candidates (grid of 2); resuming: 2 already done").doesNotContain("[1/2]");
    }

    @Test
    void aBadSweepFileExitsWithTwoAndNamesTheKey(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("bad.yaml");
        Files.writeString(file, TINY.replace("lr: {values: [0.001, 0.05]}", "lr: {values: [0.001, -0.05]}"));
        CliRun r = CliRun.of("sweep", file.toString(), "--out", tmp.resolve("out").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("zoolab: error: " + file + ", key 'space.lr.values[1]': a learning rate must be > 0, got -0.05");
    }
}
