package org.zoolab.zoo;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The GAN and VAE nets layer by layer: every vertex's kind, output shape, parameters (trainable / batch-norm
 * statistics), bias, input dropout and explicit reshape. Pins the models exactly, so that a change of how the
 * families build them (not of what they build) cannot go unnoticed.
 */
class GenerativeLayersTest {
    private static final ModelOptions MNIST = ModelOptions.builder().seed(1).input(1, 28, 28).build();
    private static final InputType NOISE = InputType.feedForward(100);
    private static final InputType IMAGE = InputType.convolutional(28, 28, 1);

    /** One line per vertex: name, kind, output shape, trainable + statistics parameters, then extras. */
    static List<String> layers(ComputationGraphConfiguration conf, InputType... inputs) {
        ModelSummary s = ModelSummary.of("m", conf, inputs);
        return s.layers().stream().map(r -> {
            StringBuilder b = new StringBuilder(r.name() + " | " + r.type() + " | " + r.outputShape() + " | "
                    + r.trainableParams() + "+" + r.nonTrainableParams());
            if (conf.getVertices().get(r.name()) instanceof LayerVertex lv) {
                if (lv.getLayerConf().getLayer() instanceof BaseLayer l) {
                    if (l.getIDropout() instanceof Dropout d) b.append(" | keep ").append(d.getP());
                    else if (l.getIDropout() != null) b.append(" | ").append(l.getIDropout());
                }
                if (lv.getPreProcessor() != null) b.append(" | ").append(lv.getPreProcessor().getClass().getSimpleName());
            }
            return b.toString();
        }).toList();
    }

    @Test
    void mlpGanLayerByLayer() {
        ModelInfo gan = Zoo.info("gan");
        List<String> g = List.of(
                "g1 | Dense leakyrelu(a=0.2) | [1200] | 121200+0",
                "g2 | Dense leakyrelu(a=0.2) | [1200] | 1441200+0",
                "g3 | Dense tanh | [784] | 941584+0");
        // maxout: 240 x 5 linear pieces, seen as a 240 x 5 map (a preprocessor, no vertex), max-pooled 1 x 5
        List<String> dOnImages = List.of(
                "d1 | Dense identity | [1200] | 942000+0 | keep 0.8 | CnnToFeedForwardPreProcessor",
                "d1-max | MaxPool 1x5/1 | [1, 240, 1] | 0+0 | FeedForwardToCnnPreProcessor",
                "d2 | Dense identity | [1200] | 289200+0 | keep 0.5 | CnnToFeedForwardPreProcessor",
                "d2-max | MaxPool 1x5/1 | [1, 240, 1] | 0+0 | FeedForwardToCnnPreProcessor",
                "d3 | Dense identity | [1] | 241+0 | keep 0.5 | CnnToFeedForwardPreProcessor");
        assertThat(layers(GanFamily.generator(gan, MNIST, 2e-4), NOISE)).containsExactlyElementsOf(g);
        assertThat(layers(GanFamily.discriminator(gan, MNIST, 2e-4), IMAGE)).containsExactlyElementsOf(dOnImages);
        // stacked, D reads G's 784 units directly: no flattening before d1
        List<String> stacked = new java.util.ArrayList<>(g);
        stacked.add("d1 | Dense identity | [1200] | 942000+0 | keep 0.8");
        stacked.addAll(dOnImages.subList(1, 5));
        assertThat(layers(Zoo.get("gan").configuration(), NOISE)).containsExactlyElementsOf(stacked);
    }

    @Test
    void dcganLayerByLayer() {
        ModelInfo dcgan = Zoo.info("dcgan");
        List<String> g = List.of(
                "g1 | Dense identity | [6272] | 627200+0",
                "g1-bn | BatchNorm | [6272] | 12544+12544",
                "g1-act | Activation relu | [6272] | 0+0",
                "g2 | Deconv 4x4/2 identity | [64, 14, 14] | 131072+0 | FeedForwardToCnnPreProcessor",
                "g2-bn | BatchNorm | [64, 14, 14] | 128+128",
                "g2-act | Activation relu | [64, 14, 14] | 0+0",
                "g3 | Deconv 4x4/2 tanh | [1, 28, 28] | 1025+0");
        List<String> d = List.of(
                "d1 | Conv 4x4/2 leakyrelu(a=0.2) | [64, 14, 14] | 1088+0",
                "d2 | Conv 4x4/2 identity | [128, 7, 7] | 131072+0",
                "d2-bn | BatchNorm | [128, 7, 7] | 256+256",
                "d2-act | Activation leakyrelu(a=0.2) | [128, 7, 7] | 0+0",
                "d3 | Dense identity | [1] | 6273+0 | CnnToFeedForwardPreProcessor");
        assertThat(layers(GanFamily.generator(dcgan, MNIST, 2e-4), NOISE)).containsExactlyElementsOf(g);
        assertThat(layers(GanFamily.discriminator(dcgan, MNIST, 2e-4), IMAGE)).containsExactlyElementsOf(d);
        List<String> stacked = new java.util.ArrayList<>(g);
        stacked.addAll(d);
        assertThat(layers(Zoo.get("dcgan").configuration(), NOISE)).containsExactlyElementsOf(stacked);
    }

    @Test
    void vaeLayerByLayer() {
        ModelInfo vae = Zoo.info("vae");
        assertThat(layers(VaeFamily.encoder(vae, MNIST, 1e-3), IMAGE)).containsExactly(
                "enc1 | Dense tanh | [500] | 392500+0 | CnnToFeedForwardPreProcessor",
                "q | Dense identity | [40] | 20040+0");
        assertThat(layers(VaeFamily.decoder(vae, MNIST, 1e-3), InputType.feedForward(20))).containsExactly(
                "dec1 | Dense tanh | [500] | 10500+0",
                "logits | Dense identity | [784] | 392784+0");
        assertThat(layers(Zoo.get("vae").configuration(), IMAGE, InputType.feedForward(20))).containsExactly(
                "enc1 | Dense tanh | [500] | 392500+0 | CnnToFeedForwardPreProcessor",
                "dec1 | Dense tanh | [500] | 10500+0",
                "q | Dense identity | [40] | 20040+0",
                "logits | Dense identity | [784] | 392784+0");
        assertThat(layers(Zoo.get("vae-2d").configuration(), IMAGE, InputType.feedForward(2))).containsExactly(
                "enc1 | Dense tanh | [500] | 392500+0 | CnnToFeedForwardPreProcessor",
                "dec1 | Dense tanh | [500] | 1500+0",
                "q | Dense identity | [4] | 2004+0",
                "logits | Dense identity | [784] | 392784+0");
    }
}
