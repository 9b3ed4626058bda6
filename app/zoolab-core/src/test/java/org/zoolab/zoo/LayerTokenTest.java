package org.zoolab.zoo;

import org.junit.jupiter.api.Test;
import org.zoolab.zoo.LayerToken.Kind;
import org.zoolab.zoo.LayerToken.Notation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LayerTokenTest {

    @Test
    void table1TokensLeaveStridesToTheFamily() {
        assertThat(LayerToken.parse("conv3-64")).isEqualTo(new LayerToken(Kind.CONV, 3, 64, 0, false, 0, null, 0));
        assertThat(LayerToken.parse(" fc-4096 ")).isEqualTo(new LayerToken(Kind.FC, 0, 4096, 0, false, 0, null, 0));
        assertThat(LayerToken.parse("lrn").kind()).isEqualTo(Kind.LRN);
        assertThat(LayerToken.parse("conv1-256").toString()).isEqualTo("conv1-256");
    }

    @Test
    void stridedTokensOfTheGenerativeTables() {
        LayerToken up = LayerToken.parse("deconv4-64-s2-bn", Notation.STRIDED);
        assertThat(up).isEqualTo(new LayerToken(Kind.DECONV, 4, 64, 2, true, 0, null, 0));
        assertThat(up.padding()).isEqualTo(1); // (4 - 2) / 2: a stride-2 layer doubles the map
        assertThat(LayerToken.parse("conv5-8-s1", Notation.STRIDED).padding()).isEqualTo(2);
        assertThat(LayerToken.parse("maxout-240x5", Notation.STRIDED))
                .isEqualTo(new LayerToken(Kind.MAXOUT, 0, 240, 0, false, 5, null, 0));
        assertThat(LayerToken.parse("reshape-128x7x7", Notation.STRIDED).map()).isEqualTo(new FeatureShape(128, 7, 7));
        assertThat(LayerToken.parse("dropout-.5", Notation.STRIDED).keep()).isEqualTo(0.5);
        assertThat(LayerToken.parse("dropout-1", Notation.STRIDED).keep()).isEqualTo(1.0);
        for (String t : new String[]{"fc-6272-bn", "conv4-128-s2-bn", "deconv4-1-s2", "maxout-240x5", "reshape-128x7x7", "dropout-0.8"}) {
            assertThat(LayerToken.parse(t, Notation.STRIDED).toString()).isEqualTo(t);
        }
        assertThat(LayerToken.parse("fc-1", Notation.STRIDED).hasWeights()).isTrue();
        assertThat(LayerToken.parse("dropout-0.5", Notation.STRIDED).hasWeights()).isFalse();
    }

    @Test
    void eachNotationRefusesTheOthersTokens() {
        for (String t : new String[]{"conv4-64-s2", "conv3-64-bn", "fc-10-bn", "deconv4-64-s2", "maxout-240x5", "dropout-0.5", "reshape-1x2x3"}) {
            assertThatThrownBy(() -> LayerToken.parse(t)).hasMessage("unknown layer kind '" + t
                    + "'; expected convK-N (e.g. conv3-64), fc-N (e.g. fc-4096), maxpool, avgpool or lrn");
        }
        for (String t : new String[]{"conv3-64", "deconv2-64", "maxpool", "avgpool", "lrn", "dropout-1.5"}) {
            assertThatThrownBy(() -> LayerToken.parse(t, Notation.STRIDED)).hasMessageStartingWith("unknown layer '" + t
                    + "'; expected fc-N[-bn], maxout-NxK, convK-N-sS[-bn]");
        }
    }

    @Test
    void wrongNumbersAreNamed() {
        assertThatThrownBy(() -> LayerToken.parse("conv0-64")).hasMessage("layer 'conv0-64': kernel must be a positive integer, got 0");
        assertThatThrownBy(() -> LayerToken.parse("conv4-8-s0", Notation.STRIDED))
                .hasMessage("layer 'conv4-8-s0': stride must be a positive integer, got 0");
        assertThatThrownBy(() -> LayerToken.parse("conv2-8-s4", Notation.STRIDED))
                .hasMessageContaining("kernel minus stride must be even and not negative");
        assertThatThrownBy(() -> LayerToken.parse("reshape-1x0x3", Notation.STRIDED))
                .hasMessage("layer 'reshape-1x0x3': height must be a positive integer, got 0");
        assertThatThrownBy(() -> LayerToken.parse("maxout-10x1", Notation.STRIDED))
                .hasMessage("layer 'maxout-10x1': a maxout unit needs at least 2 pieces");
    }
}
