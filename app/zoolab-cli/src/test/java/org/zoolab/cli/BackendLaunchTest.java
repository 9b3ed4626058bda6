package org.zoolab.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BackendLaunchTest {

    @Test
    void backendArgumentIsFoundInBothSpellings() {
        assertThat(Main.backendArgument("info", "--backend", "auto")).isEqualTo("auto");
        assertThat(Main.backendArgument("--backend=cuda", "info")).isEqualTo("cuda");
        assertThat(Main.backendArgument("info")).isNull();
        assertThat(Main.backendArgument("train", "--", "--backend", "cuda")).isNull();
    }

    @Test
    void restartedJvmSeesThePriorityVariablesAndPassesTheExitCodeBack() throws Exception {
        List<String> cmd = JvmRestart.command(EnvEcho.class, "3");
        assertThat(cmd).contains("-cp", EnvEcho.class.getName(), "3");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("BACKEND_PRIORITY_CPU", "1000");
        pb.environment().put(JvmRestart.MARKER, "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor()).isEqualTo(3);
        assertThat(out).endsWith("1000,1");
        // and through JvmRestart.run itself (inherits IO; exit code is what matters)
        assertThat(JvmRestart.run(Map.of("BACKEND_PRIORITY_CPU", "1000"), EnvEcho.class, "5")).isEqualTo(5);
    }

    @Test
    void cudaWithoutTheBackendExitsTwoWithOneLine() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertThat(Main.launch("--backend", "cuda", "info")).isEqualTo(Main.EXIT_BAD_INPUT);
        } finally {
            System.setErr(old);
        }
        String text = err.toString(StandardCharsets.UTF_8);
        assertThat(text.lines().count()).isEqualTo(1);
        assertThat(text).startsWith("zoolab: error: --backend cuda:").contains("nd4j-cuda-11.6").doesNotContain("Exception");
    }

    @Test
    void unknownOptionIsBadUsage() {
        assertThat(Main.run("--no-such-option")).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(Main.run("--version")).isEqualTo(Main.EXIT_OK);
    }
}
