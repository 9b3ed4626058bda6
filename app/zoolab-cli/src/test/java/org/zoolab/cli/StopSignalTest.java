package org.zoolab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zoolab.train.ModelFile;
import org.zoolab.train.RunDirectory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plain {@code kill} (SIGTERM: what {@code timeout}, job schedulers and container stops send) stops a training run
 * the way Ctrl-C does: the step finishes, a checkpoint is written, the run directory stays resumable, exit code 130.
 */
class StopSignalTest {

    @Test
    void sigtermWritesACheckpointAndExitsCleanly(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        List<String> cmd = JvmRestart.command(Main.class, "train", "lenet5", "--data", "synthetic", "--epochs", "40",
                "--seed", "3", "--out", run.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("out.txt").toFile()).start();
        try {
            Path metrics = run.resolve("metrics.csv");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            while (System.nanoTime() < deadline && p.isAlive()
                    && !(Files.exists(metrics) && Files.readAllLines(metrics).stream().anyMatch(l -> l.startsWith("step,")))) {
                Thread.sleep(200);
            }
            assertThat(p.isAlive()).as("training still running when its first steps are logged").isTrue();
            p.destroy();   // SIGTERM
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("stopped within 2 minutes").isTrue();
            String out = Files.readString(tmp.resolve("out.txt"), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(out).isEqualTo(130);
            assertThat(out).contains("TERM: writing a checkpoint after this step").contains("stopped ").contains("zoolab train --resume " + run)
                    .doesNotContain("Exception");
            Path checkpoint = RunDirectory.open(run).latestCheckpoint().orElseThrow();
            assertThat(ModelFile.read(checkpoint, false).graph().numParams()).isEqualTo(61_706L);
        } finally {
            p.destroyForcibly();
        }
    }
}
