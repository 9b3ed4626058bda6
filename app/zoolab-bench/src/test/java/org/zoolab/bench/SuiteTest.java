package org.zoolab.bench;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SuiteTest {

    @Test
    void theSuiteIsIssue11sList() {
        assertThat(BenchMain.suite().keySet()).containsExactly("gemm/fp32/n2048", "lenet5/train/b64",
                "resnet-20/train/b64", "alexnet/forward/b16", "alexnet/train/b16", "resnet-50/forward/b8",
                "resnet-50/train/b8", "vgg-d/forward/b4", "vae/train/b128", "dcgan/step/b64", "pipeline/256-224/b128");
    }

    /** scripts/bench pairs rows by id: the PyTorch side must time the same workloads under the same ids. */
    @Test
    void thePyTorchSideHasTheSameIds() throws IOException {
        Path script = Path.of("../../scripts/bench-lib/pytorch_suite.py");
        String text = Files.readString(script);
        int from = text.indexOf("CASES = {");
        Matcher m = Pattern.compile("\\n    \"([^\"]+)\": \\(").matcher(text.substring(from, text.indexOf("\n}\n", from)));
        List<String> ids = new ArrayList<>();
        while (m.find()) ids.add(m.group(1));
        List<String> zoolab = new ArrayList<>(BenchMain.suite().keySet());
        zoolab.remove("gemm/fp32/n2048");
        assertThat(ids).containsExactlyElementsOf(zoolab);
    }
}
