package org.zoolab.zoo;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LeNet5Test {

    @Test
    void registeredUnderItsNameAndAliases() {
        assertThat(Zoo.names()).contains("lenet5");
        assertThat(Zoo.info("LeNet-5").name()).isEqualTo("lenet5");
        assertThat(Zoo.info("lenet5").inputShape()).isEqualTo("1,32,32");
    }

    @Test
    void realNetworkHasThePapersParameterCountAndForwardPasses() {
        ComputationGraph net = Zoo.get("lenet5").init();
        assertThat(net.numParams()).isEqualTo(61_706L);
        INDArray out = net.outputSingle(Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 1, 32, 32));
        assertThat(out.shape()).containsExactly(3, 10);
        assertThat(out.sum(1).getDouble(0)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void tooSmallInputNamesTheLayerWhereTheMapVanishes() {
        assertThatThrownBy(() -> Zoo.get("lenet5", ModelOptions.builder().input(1, 12, 12).build()))
                .isInstanceOf(ZooConfigException.class)
                .hasMessageContaining("zoo-configs/lenet5.yaml")
                .hasMessageContaining("layers.c3")
                .hasMessageContaining("shrinks to zero at layer 'c3'")
                .hasMessageContaining("input is 6x4x4");
    }
}
