package org.zoolab.generative;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zoolab.zoo.FeatureShape;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class RunInfoTest {

    @Test
    void runJsonKeepsChannelsHeightAndWidthAndReadsBackTheImageShape(@TempDir Path dir) throws Exception {
        RunInfo info = new RunInfo("gan", "dcgan", "mnist", 7, 10, 128, 2e-4, 60_000, 1, 28, 28);
        info.write(dir);
        String json = Files.readString(dir.resolve(RunInfo.FILE));
        assertThat(json).contains("\"channels\" : 1", "\"height\" : 28", "\"width\" : 28").doesNotContain("image");
        RunInfo back = RunInfo.read(dir);
        assertThat(back).isEqualTo(info);
        assertThat(back.image()).isEqualTo(new FeatureShape(1, 28, 28));
    }
}
