package org.zoolab.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RunLogTest {

    @Test
    void appendsOneTimestampedLinePerMessage(@TempDir Path tmp) throws Exception {
        RunLog log = RunLog.of(RunDirectory.create(tmp.resolve("run")));
        assertThat(log.file()).isEqualTo(tmp.resolve("run/train.log"));
        log.append("first");
        log.append("epoch 1/2: train loss 0.5000");
        List<String> lines = Files.readAllLines(log.file());
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d first");
        assertThat(lines.get(1)).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d epoch 1/2: train loss 0\\.5000");
    }

    @Test
    void aLogThatCannotBeWrittenIsNoError(@TempDir Path tmp) {
        RunLog log = new RunLog(tmp.resolve("no-such-folder/train.log"));
        log.append("lost");
        assertThat(Files.exists(log.file())).isFalse();
    }
}
