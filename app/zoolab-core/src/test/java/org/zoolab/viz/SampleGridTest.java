package org.zoolab.viz;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.awt.image.BufferedImage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SampleGridTest {
    @Test
    void laysOutImagesInRowsWithGapsAndMapsValuesToGrey() {
        INDArray images = Nd4j.zeros(3, 1, 2, 2);
        images.putScalar(new long[]{0, 0, 0, 0}, 1.0);   // first image, top-left pixel white
        images.putScalar(new long[]{2, 0, 1, 1}, 0.5);   // third image, bottom-right mid grey
        BufferedImage img = SampleGrid.render(images, 2, 0, 1, 3);
        // 2 columns x 2 rows of 6x6 cells, gap 2 around and between: 2 + 2 * (6 + 2) = 18
        assertThat(img.getWidth()).isEqualTo(18);
        assertThat(img.getHeight()).isEqualTo(18);
        assertThat(img.getRGB(2, 2) & 0xFFFFFF).isEqualTo(0xFFFFFF);
        assertThat(img.getRGB(4, 4) & 0xFFFFFF).isEqualTo(0xFFFFFF);
        assertThat(img.getRGB(5, 5) & 0xFFFFFF).isEqualTo(0x000000);
        assertThat(img.getRGB(2 + 3 + 2, 10 + 3 + 2) & 0xFFFFFF).isEqualTo(0x808080);
        assertThat(img.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xC8C8C8);
    }

    @Test
    void rejectsWrongShapes() {
        assertThatThrownBy(() -> SampleGrid.render(Nd4j.zeros(3, 784), 2, 0, 1, 1))
                .hasMessageContaining("expected images [N, 1 or 3, H, W]");
    }
}
