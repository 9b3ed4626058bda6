package org.zoolab.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The FLOP counts behind the VAE and DCGAN rows' GFLOP/s, from the zoo's configurations. */
class GenerativeFlopsTest {

    @Test
    void vaeIsKingmaAndWellingsMnistMlp() {
        // encoder 784x500 + 500x(2x20), decoder 20x500 + 500x784
        assertThat(VaeWorkload.macsPerImage()).isEqualTo(784L * 500 + 500 * 40 + 20 * 500 + 500 * 784).isEqualTo(814_000L);
        assertThat(new VaeWorkload(128, Variant.defaults()).flopsPerStep()).isEqualTo(6.0 * 814_000 * 128);
    }

    @Test
    void dcganCountsBothNetsAndBothSteps() {
        // G: fc 100x6272; deconv 4x4 128->64 on 7x7 inputs; deconv 4x4 64->1 on 14x14 inputs
        assertThat(DcganWorkload.generatorMacs()).isEqualTo(100L * 6272 + 16L * 128 * 64 * 49 + 16L * 64 * 196).isEqualTo(7_250_432L);
        // D: conv 4x4 1->64 to 14x14; conv 4x4 64->128 to 7x7; fc 6272x1
        assertThat(DcganWorkload.discriminatorMacs()).isEqualTo(16L * 64 * 196 + 16L * 64 * 128 * 49 + 6272).isEqualTo(6_629_504L);
        assertThat(new DcganWorkload(64, Variant.defaults()).flopsPerStep())
                .isEqualTo(2.0 * (9.0 * 6_629_504 + 4.0 * 7_250_432) * 64);
    }
}
