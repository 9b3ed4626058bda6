package org.zoolab.viz;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;
import org.zoolab.BadInputException;
import org.zoolab.train.ModelSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FilterGridTest {

    /** AlexNet's conv1 (towers conv1a + conv1b): 96 kernels of 11x11x3 in colour, 12 columns by 8 rows, as Figure 3. */
    @Test
    void alexnetFirstLayerIs96ColourKernelsIn12By8(@TempDir Path tmp) throws Exception {
        ComputationGraph g = ModelSource.load("alexnet").graph();
        FilterGrid.Layout l = FilterGrid.write(g, "conv1", tmp.resolve("f.png"), 0);
        assertThat(l).isEqualTo(new FilterGrid.Layout(96, 3, 11, 11, 12, 8, 4, 12 * 44 + 13, 8 * 44 + 9, true));
        BufferedImage img = ImageIO.read(tmp.resolve("f.png").toFile());
        assertThat(img.getWidth()).isEqualTo(541);
        assertThat(img.getHeight()).isEqualTo(361);
    }

    /** LeNet-5's c1: 6 grey 5x5 kernels, 3 by 2, 9 pixels per weight; each kernel's extreme weights are black and white. */
    @Test
    void lenetC1IsSixGreyKernels(@TempDir Path tmp) throws Exception {
        ComputationGraph g = ModelSource.load("lenet5").graph();
        FilterGrid.Layout l = FilterGrid.write(g, "c1", tmp.resolve("c1.png"), 0);
        assertThat(l).isEqualTo(new FilterGrid.Layout(6, 1, 5, 5, 3, 2, 9, 3 * 45 + 4, 2 * 45 + 3, false));
        BufferedImage img = ImageIO.read(tmp.resolve("c1.png").toFile());
        assertThat(img.getWidth()).isEqualTo(139);
        assertThat(img.getHeight()).isEqualTo(93);
        // kernel 0's largest weight is white, its smallest black
        float[] k0 = g.getLayer("c1").getParam("W").get(org.nd4j.linalg.indexing.NDArrayIndex.point(0)).dup().data().asFloat();
        int argMax = 0, argMin = 0;
        for (int i = 0; i < k0.length; i++) {
            if (k0[i] > k0[argMax]) argMax = i;
            if (k0[i] < k0[argMin]) argMin = i;
        }
        assertThat(img.getRGB(1 + (argMax % 5) * 9 + 4, 1 + (argMax / 5) * 9 + 4) & 0xffffff).isEqualTo(0xffffff);
        assertThat(img.getRGB(1 + (argMin % 5) * 9 + 4, 1 + (argMin / 5) * 9 + 4) & 0xffffff).isEqualTo(0x000000);
    }

    @Test
    void colourChannelsAreRedGreenBlue() {
        // one 1x1 kernel with weights (r, g, b) = (1, 0, 0.5): red full, green none, blue half
        BufferedImage img = FilterGrid.render(Nd4j.create(new float[]{1f, 0f, 0.5f}, 1, 3, 1, 1), 2);
        assertThat(img.getRGB(1, 1) & 0xffffff).isEqualTo(0xff0080);
    }

    @Test
    void notAConvolutionIsNamed() {
        ComputationGraph g = ModelSource.load("lenet5").graph();
        assertThatThrownBy(() -> FilterGrid.kernels(g, "f6")).isInstanceOf(BadInputException.class)
                .hasMessage("--layer f6 is a DenseLayer, not a convolution; convolution layers are c1, c3, c5");
        assertThatThrownBy(() -> FilterGrid.kernels(g, "conv1")).isInstanceOf(BadInputException.class)
                .hasMessage("--layer conv1: no such layer; convolution layers are c1, c3, c5");
    }

    @Test
    void activationMapsOfLenetC1AreSixMaps(@TempDir Path tmp) throws Exception {
        ComputationGraph g = ModelSource.load("lenet5").graph();
        ActivationMaps.Layout l = ActivationMaps.write(g, Nd4j.rand(1, 1, 32, 32), "c1", tmp.resolve("a.png"));
        // c1 maps are 28x28, drawn at 2 pixels per activation, 3 columns, 2 rows
        assertThat(l).isEqualTo(new ActivationMaps.Layout(6, 28, 28, 3, 2, 2, 3 * 56 + 4 * 2, 2 * 56 + 3 * 2));
        BufferedImage img = ImageIO.read(tmp.resolve("a.png").toFile());
        assertThat(img.getWidth()).isEqualTo(l.width());
        assertThat(img.getHeight()).isEqualTo(l.height());
    }
}
