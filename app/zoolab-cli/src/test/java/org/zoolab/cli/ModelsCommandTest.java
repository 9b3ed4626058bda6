package org.zoolab.cli;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ModelsCommandTest {

    @Test
    void oneAlignedLinePerModelWithHonestUnits() {
        CliRun run = CliRun.of("models");
        assertThat(run.exitCode()).isZero();
        List<String> lines = Arrays.asList(run.out().split("\n"));
        assertThat(lines.get(0)).startsWith("NAME").contains("YEAR", "PAPER", "INPUT (C,H,W)", "PARAMS", "MACS/IMAGE");
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("lenet5 +1998 +LeCun et al\\. 1998, Fig\\. 2 +1,32,32 +61\\.71K +416\\.5K"));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("perceptron +1958 .* 1,28,28 +7\\.850K +7\\.840K"));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("alexnet +2012 .* 3,227,227 +60\\.97M +724\\.4M"));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("vgg-d +2014 .* 3,224,224 +138\\.4M +15\\.47G"));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("vgg-e-bn +2015 .* +143\\.7M +19\\.63G"));
        // the lectures' lineage (issue #17): BN-Inception, Inception v3, ResNet v1.5 / v2, CIFAR extremes
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("inception-v2 +2015 .* 3,224,224 +11\\.19M +1\\.935G"));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("inception-v3 +2016 .* 3,299,299 +23\\.83M +5\\.713G"));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("resnet-50-v1\\.5 +2015 .* 3,224,224 +25\\.56M +4\\.089G"));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("preact-resnet-1001 +2016 .* 3,32,32 +10\\.33M +1\\.491G"));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("resnet-1202 +2015 .* 3,32,32 +19\\.42M +2\\.829G"));
        // right-aligned numbers: every model line ends at the same column as the header
        int width = lines.get(0).length();
        assertThat(lines.stream().filter(l -> l.startsWith("vgg") || l.startsWith("lenet5"))).allSatisfy(l -> assertThat(l).hasSize(width));
        assertThat(run.out()).contains("K=1e3, M=1e6, G=1e9");
    }
}
