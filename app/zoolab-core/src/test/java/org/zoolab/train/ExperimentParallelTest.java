package org.zoolab.train;

import org.zoolab.io.ConfigException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code parallel} key of an experiment: defaults, round trip, one worker, bad values. */
class ExperimentParallelTest {

    @Test
    void defaultsAreFilledInAndSurviveARoundTrip() {
        Experiment e = Experiment.parse("exp.yaml", "model: lenet5\ndata: synthetic\nparallel: {workers: 3}\n");
        assertThat(e.parallel()).isEqualTo(new Experiment.Parallel(3, "sharing", 1, 1e-3));
        String yaml = e.toYaml();
        assertThat(yaml).contains("parallel:\n  workers: 3\n  mode: sharing\n  averagingFrequency: 1\n  threshold: 0.001\n");
        assertThat(Experiment.parse("again.yaml", yaml).parallel()).isEqualTo(e.parallel());
        assertThat(e.withEpochs(4).parallel()).isEqualTo(e.parallel());
    }

    @Test
    void oneWorkerIsThePlainLoopAndWritesNothing() {
        Experiment e = Experiment.parse("exp.yaml", "model: lenet5\ndata: synthetic\nparallel: {workers: 1, mode: averaging}\n");
        assertThat(e.parallel()).isNull();
        assertThat(e.toYaml()).doesNotContain("parallel");
    }

    @Test
    void badValuesNameTheKey() {
        assertThatThrownBy(() -> Experiment.parse("exp.yaml", "model: lenet5\ndata: synthetic\nparallel: {workers: 0}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("exp.yaml, key 'parallel.workers': must be >= 1, got 0");
        assertThatThrownBy(() -> Experiment.parse("exp.yaml", "model: lenet5\ndata: synthetic\nparallel: {workers: 2, mode: ring}\n"))
                .hasMessage("exp.yaml, key 'parallel.mode': must be sharing or averaging, got 'ring'");
        assertThatThrownBy(() -> Experiment.parse("exp.yaml", "model: lenet5\ndata: synthetic\nparallel: {mode: sharing}\n"))
                .hasMessage("exp.yaml, key 'parallel.workers': missing; how many replicas to train at once, e.g. workers: 2");
    }
}
