package org.zoolab.zoo;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The declared roles of a graph's outputs: main first, auxiliary heads after; kept through save and reload. */
class AuxiliaryOutputsTest {

    private static TrackedGraph graph() {
        return new TrackedGraph(new NeuralNetConfiguration.Builder(), "input", new FeatureShape(1, 4, 4), "test", "test");
    }

    @Test
    void rolesSurviveSavingAndReloadingWithoutLookingAtNames() throws Exception {
        TrackedGraph g = graph();
        String x = g.globalAvgPool("pool", "input");
        // names chosen so that no name test could find the roles: the auxiliary head is called "main"
        g.output("aux_classifier", x, 3, Activation.SOFTMAX, new LossMCXENT());
        g.auxiliaryOutput("main", x, 3, Activation.SOFTMAX, new ScaledLoss(new LossMCXENT(), 0.3));
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, bytes, false);
        ComputationGraph back = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes.toByteArray()), false);
        for (ComputationGraph graph : new ComputationGraph[]{net, back}) {
            assertThat(AuxiliaryOutputs.mainOutput(graph)).isZero();
            assertThat(graph.getConfiguration().getNetworkOutputs().get(AuxiliaryOutputs.mainOutput(graph))).isEqualTo("aux_classifier");
            assertThat(AuxiliaryOutputs.isAuxiliaryOutput(graph, "main")).isTrue();
            assertThat(AuxiliaryOutputs.isAuxiliaryOutput(graph, "aux_classifier")).isFalse();
            assertThat(AuxiliaryOutputs.isAuxiliaryOutput(graph, "pool")).isFalse(); // not an output
        }
        assertThat(org.zoolab.train.Evaluator.mainOutput(back)).isZero();
    }

    @Test
    void anAuxiliaryHeadBeforeTheMainOutputIsRefused() {
        TrackedGraph g = graph();
        String x = g.globalAvgPool("pool", "input");
        assertThatThrownBy(() -> g.auxiliaryOutput("aux", x, 3, Activation.SOFTMAX, new LossMCXENT()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("auxiliary output 'aux' added before the main output");
    }

    @Test
    void googLeNetsHeadsAreItsAuxiliaryOutputs() {
        var conf = Zoo.get("googlenet-train").configuration();
        assertThat(AuxiliaryOutputs.auxiliaryOutputs(conf)).containsExactly("aux1.output", "aux2.output");
        assertThat(AuxiliaryOutputs.auxiliaryOutputs(Zoo.get("googlenet").configuration())).isEmpty();
    }
}
