package org.zoolab.backend;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.lang.reflect.Field;

import static org.assertj.core.api.Assertions.assertThat;

/** The oneDNN helpers really switch on per layer, and give the same outputs as DL4J's built-in code. */
class OneDnnHelpersTest {

    private static ComputationGraph net() {
        var conf = new NeuralNetConfiguration.Builder().seed(7).graphBuilder()
                .addInputs("in")
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build(), "in")
                .addLayer("pool", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX, new int[]{2, 2}, new int[]{2, 2}).build(), "conv")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("out")
                .setInputTypes(InputType.convolutional(8, 8, 2))
                .build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    private static Object helper(Object layer) throws ReflectiveOperationException {
        Class<?> c = layer.getClass();
        while (c != null) {
            try {
                Field f = c.getDeclaredField("helper");
                f.setAccessible(true);
                return f.get(layer);
            } catch (NoSuchFieldException e) {
                c = c.getSuperclass();
            }
        }
        throw new NoSuchFieldException("helper");
    }

    @Test
    void forwarderReportsOneDnnInTheBundledBuild() {
        assertThat(org.nd4j.nativeblas.Nd4jCpu.Environment.getInstance().isUseMKLDNN()).isTrue();
    }

    @Test
    void helpersAreUsedPerLayerAndMatchBuiltInOutputs() throws Exception {
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 2, 8, 8);
        String old = System.getProperty(OneDnnHelpers.DISABLE_PROPERTY);
        try {
            System.setProperty(OneDnnHelpers.DISABLE_PROPERTY, "true");
            ComputationGraph plain = net();
            INDArray expected = plain.outputSingle(x);
            assertThat(helper(plain.getLayer("conv"))).isNull();

            System.setProperty(OneDnnHelpers.DISABLE_PROPERTY, "false");
            ComputationGraph fast = net();
            INDArray actual = fast.outputSingle(x);
            assertThat(helper(fast.getLayer("conv"))).isInstanceOf(MKLDNNConvHelper.class);
            assertThat(helper(fast.getLayer("pool"))).isInstanceOf(MKLDNNSubsamplingHelper.class);
            assertThat(actual.equalsWithEps(expected, 1e-5)).as("oneDNN and built-in outputs agree").isTrue();
        } finally {
            if (old == null) System.clearProperty(OneDnnHelpers.DISABLE_PROPERTY);
            else System.setProperty(OneDnnHelpers.DISABLE_PROPERTY, old);
        }
    }
}
