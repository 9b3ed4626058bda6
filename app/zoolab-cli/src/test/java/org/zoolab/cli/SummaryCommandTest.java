package org.zoolab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SummaryCommandTest {

    @Test
    void tableListsLayersAndTotals() {
        CliRun run = CliRun.of("summary", "lenet5");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("lenet5 at input 1x32x32\n");
        assertThat(run.out()).containsPattern("c1 +Conv 5x5/1 tanh +6x28x28 +156 +117,600");
        assertThat(run.out()).containsPattern("s2 +AvgPool 2x2/2 +6x14x14 +0 +0");
        assertThat(run.out()).containsPattern("output +Output softmax, MCXENT +10 +850 +840");
        assertThat(run.out()).contains("trainable params:     61,706 (61.71K)")
                .contains("non-trainable params: 0\n")
                .contains("MACs per image:       416,520 (416.5K)");
    }

    @Test
    void inputAndClassesOptions() {
        CliRun run = CliRun.of("summary", "vgg11", "--input", "3,32,32", "--classes", "10");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("vgg-a at input 3x32x32\n").containsPattern("pool5 +MaxPool 2x2/2 +512x1x1")
                .containsPattern("fc8 +Output softmax, MCXENT +10 ");
    }

    @Test
    void batchNormStatisticsAreReportedApart() {
        CliRun run = CliRun.of("summary", "vgg-a-bn");
        assertThat(run.out()).containsPattern("bn1_1 +BatchNorm +64x224x224 +128 \\(\\+128 stats\\)")
                .contains("trainable params:     132,868,840")
                .contains("non-trainable params: 5,504 (batch-norm running mean and variance)");
    }

    @Test
    void jsonIsOneObjectWithTheTotals() throws Exception {
        CliRun run = CliRun.of("summary", "alexnet", "--json");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().strip()).doesNotContain("\n");
        JsonNode n = new ObjectMapper().readTree(run.out());
        assertThat(n.get("name").asText()).isEqualTo("alexnet");
        assertThat(n.get("input").toString()).isEqualTo("[3,227,227]");
        assertThat(n.get("trainableParams").asLong()).isEqualTo(60_965_224L);
        assertThat(n.get("nonTrainableParams").asLong()).isZero();
        assertThat(n.get("macs").asLong()).isEqualTo(724_406_816L);
        assertThat(n.get("layers").get(0).get("name").asText()).isEqualTo("conv1a");
    }

    @Test
    void unknownModelIsExitTwoOnOneLine() {
        CliRun run = CliRun.of("summary", "lenet7");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("zoolab: error: unknown model 'lenet7'; known models: ").doesNotContain("\tat ");
        assertThat(run.err().strip()).doesNotContain("\n");
    }

    @Test
    void badInputShapesAreExitTwo() {
        CliRun malformed = CliRun.of("summary", "lenet5", "--input", "32,32");
        assertThat(malformed.exitCode()).isEqualTo(2);
        assertThat(malformed.err().strip())
                .isEqualTo("zoolab: error: --input: expected C,H,W (three positive integers, e.g. 3,224,224), got '32,32'");

        CliRun tooSmall = CliRun.of("summary", "lenet5", "--input", "1,8,8");
        assertThat(tooSmall.exitCode()).isEqualTo(2);
        assertThat(tooSmall.err().strip()).isEqualTo("zoolab: error: zoo-configs/lenet5.yaml, key 'layers.c3': the feature map shrinks to nothing at layer 'c3': its input is 6x2x2 but its convolution window is 5x5 (stride 1, padding 0); use a larger input or a shallower table")
                .doesNotContain("\n");

        CliRun classes = CliRun.of("summary", "lenet5", "--classes", "0");
        assertThat(classes.exitCode()).isEqualTo(2);
        assertThat(classes.err().strip()).isEqualTo("zoolab: error: number of classes must be at least 1, got 0");
    }
}
